package futures

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// hangDeadline bounds the tests of calls that must not hang: long enough
// for a loaded machine, and a failure rather than a hung suite.
const hangDeadline = 30 * time.Second

// within fails t unless fn returns before hangDeadline.
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); fn() }()
	select {
	case <-done:
	case <-time.After(hangDeadline):
		t.Fatalf("%s did not return in %s", what, hangDeadline)
	}
}

func TestMapBroadcast(t *testing.T) {
	c := NewClient(Workers(2))
	defer c.Close()
	scale := func(x, k int) int { return x * k }
	gather := func(fs []*Future) []any {
		t.Helper()
		vs, err := c.Gather(fs)
		if err != nil {
			t.Fatal(err)
		}
		return vs
	}
	t.Run("a non-slice argument is passed to every task", func(t *testing.T) {
		if got := gather(c.Map(scale, []int{1, 2, 3}, 10)); len(got) != 3 || got[0] != 10 || got[2] != 30 {
			t.Errorf("got %v, want [10 20 30]", got)
		}
	})
	t.Run("a future is passed to every task as its result", func(t *testing.T) {
		k := c.Scatter(5)
		if got := gather(c.Map(scale, []int{1, 2}, k)); len(got) != 2 || got[0] != 5 || got[1] != 10 {
			t.Errorf("got %v, want [5 10]", got)
		}
	})
	t.Run("with no slice there is one task", func(t *testing.T) {
		if got := gather(c.Map(scale, 3, 4)); len(got) != 1 || got[0] != 12 {
			t.Errorf("got %v, want [12]", got)
		}
	})
}

type acc struct{ N int }

func TestIdentityArgumentsMakeTasksImpure(t *testing.T) {
	c := NewClient()
	defer c.Close()
	var runs atomic.Int32
	bump := func(a *acc) int { runs.Add(1); a.N++; return a.N }
	a, b := &acc{}, &acc{}
	fa, fb := c.Submit(bump, a), c.Submit(bump, b)
	if fa.Key() == fb.Key() {
		t.Fatalf("two distinct pointers share the key %s", fa.Key())
	}
	result(t, fa)
	result(t, fb)
	if runs.Load() != 2 || a.N != 1 || b.N != 1 {
		t.Errorf("runs %d, a %d, b %d: want each pointer's task run once", runs.Load(), a.N, b.N)
	}
	ch := make(chan int, 2)
	send := func(ch chan int) int { ch <- 1; return 1 }
	f1, f2 := c.Submit(send, ch), c.Submit(send, ch)
	result(t, f1)
	result(t, f2)
	if len(ch) != 2 {
		t.Errorf("a channel argument ran %d times, want 2", len(ch))
	}
}

func TestDelayKeys(t *testing.T) {
	c := NewClient()
	defer c.Close()
	var runs atomic.Int32
	count := func(x int) int { runs.Add(1); return x }
	t.Run("a Delayed does not share a task with a Submit of the same call", func(t *testing.T) {
		runs.Store(0)
		d := c.Compute(Delay(count, 1))
		s := c.Submit(count, 1)
		result(t, d)
		result(t, s)
		if d.Key() == s.Key() || runs.Load() != 2 {
			t.Errorf("keys %s and %s, %d runs: want two tasks", d.Key(), s.Key(), runs.Load())
		}
	})
	t.Run("two Delayed of the same call are two tasks", func(t *testing.T) {
		a, b := Delay(count, 2), Delay(count, 2)
		fa, fb := c.Compute(a), c.Compute(b)
		if fa.Key() == fb.Key() {
			t.Errorf("shared key %s", fa.Key())
		}
	})
	t.Run("Pure(true) gives the key a Submit would have", func(t *testing.T) {
		d := c.Compute(Delay(count, 3, Pure(true)))
		s := c.Submit(count, 3)
		if d.Key() != s.Key() {
			t.Errorf("keys %s and %s", d.Key(), s.Key())
		}
	})
}

func TestComputeReleasesIntermediates(t *testing.T) {
	c := NewClient(Workers(2))
	defer c.Close()
	var runs atomic.Int32
	step := func(x int) int { runs.Add(1); return x + 1 }
	graph := func() *Delayed {
		x := Delay(step, 0)
		for i := 0; i < 9; i++ {
			x = Delay(step, x)
		}
		return Delay(mAdd, x, Delay(step, x))
	}
	d := graph()
	f := c.Compute(d)
	if v := result(t, f); v != 21 {
		t.Fatalf("got %v, want 21", v)
	}
	if n := c.Counts(); n.Finished != 1 || n.Pending+n.Running != 0 {
		t.Errorf("after the result: %+v, want the result alone held", n)
	}
	first := runs.Load()
	g := c.Compute(d)
	result(t, g)
	if again := runs.Load() - first; again != first {
		t.Errorf("the second Compute ran %d tasks, the first %d", again, first)
	}
	t.Run("Persist keeps what it returns and nothing else", func(t *testing.T) {
		f.Release()
		g.Release()
		fs := c.Persist([]*Delayed{graph(), graph()})
		Wait(fs)
		if n := c.Counts(); n.Finished != 2 {
			t.Errorf("after Persist: %+v, want 2 finished", n)
		}
	})
}

func TestComputeOptions(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	var fails atomic.Int32
	flaky := func(x int) (int, error) {
		if fails.Add(1) <= 2 {
			return 0, errors.New("flaky")
		}
		return x, nil
	}
	f := c.Compute(Delay(mInc, Delay(flaky, 1)), Retries(2), Key("total"))
	if v := result(t, f); v != 2 || f.Key() != "total" {
		t.Errorf("got %v with key %s, want 2 with key total", v, f.Key())
	}
	fs := c.Persist([]*Delayed{Delay(mInc, 1)}, Key("first"))
	if fs[0].Key() != "first" {
		t.Errorf("Persist's key %s", fs[0].Key())
	}
}

func TestCancelRunning(t *testing.T) {
	c := NewClient(Workers(1))
	block := make(chan struct{})
	defer close(block) // let the abandoned goroutines end with the test
	started := make(chan struct{}, 2)
	stuck := c.Submit(func() int { started <- struct{}{}; <-block; return 1 })
	<-started
	stuck.Cancel()
	t.Run("the future is cancelled at once", func(t *testing.T) {
		if s := stuck.Status(); s != Cancelled {
			t.Errorf("status %s right after Cancel", s)
		}
		within(t, "Result of a cancelled blocked task", func() {
			if _, err := stuck.Result(); !errors.Is(err, ErrCancelled) {
				t.Errorf("got %v, want ErrCancelled", err)
			}
		})
	})
	t.Run("its worker slot goes to a new worker", func(t *testing.T) {
		within(t, "a task after the cancel", func() { result(t, c.Submit(mInc, 1)) })
	})
	t.Run("a task blocked in select is cancelled the same way", func(t *testing.T) {
		sel := c.Submit(func() int {
			started <- struct{}{}
			select {
			case <-block:
			}
			return 0
		})
		<-started
		c.Cancel(sel)
		within(t, "Result", func() { sel.Result() })
		within(t, "a task after the cancel", func() { result(t, c.Submit(mInc, 2)) })
	})
	t.Run("what the function returns later is dropped", func(t *testing.T) {
		if n := c.Counts(); n.Running != 0 || n.Workers != 1 {
			t.Errorf("counts %+v", n)
		}
	})
	t.Run("Close returns with such a task running", func(t *testing.T) {
		c2 := NewClient(Workers(1))
		c2.Submit(func() int { started <- struct{}{}; <-block; return 1 })
		<-started
		within(t, "Close", func() { c2.Close() })
	})
	c.Close()
}

func TestGoexitInTask(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	f := c.Submit(func() int { runtime.Goexit(); return 1 })
	within(t, "Result of a task that called Goexit", func() {
		if _, err := f.Result(); !errors.Is(err, ErrGoexit) || f.Status() != Error {
			t.Errorf("got %v (%s), want ErrGoexit", err, f.Status())
		}
	})
	within(t, "a task after it", func() { result(t, c.Submit(mInc, 1)) })
	t.Run("in a task that waits on another", func(t *testing.T) {
		g := c.Submit(func(ctx context.Context) int {
			c.Submit(mInc, 5).Result()
			runtime.Goexit()
			return 0
		})
		within(t, "Result", func() {
			if _, err := g.Result(); !errors.Is(err, ErrGoexit) {
				t.Errorf("got %v", err)
			}
		})
		within(t, "a task after it", func() { result(t, c.Submit(mInc, 2)) })
	})
}

func TestProgressFollowsTheGraph(t *testing.T) {
	var got []ProgressBar
	var gotAll []*Future
	defer SetHooks(Hooks{
		Progress:     func(fs []*Future, block bool) bool { gotAll = fs; return true },
		ProgressBars: func(bars []ProgressBar, block bool) bool { got = bars; return true },
	})()
	c := NewClient(Workers(1))
	defer c.Close()
	g := newGate()
	defer g.open()
	a := c.Submit(g.wait, 1)
	b := c.Submit(mInc, a)
	e := c.Submit(mDouble, 3)
	d := c.Submit(mAdd, b, e)
	Progress(d)
	var x, y *Future
	var titles []string
	n := 0
	for _, bar := range got {
		titles = append(titles, bar.Title)
		n += len(bar.Futures)
	}
	if len(got) != 4 || n != 4 || got[len(got)-1].Title != "mAdd" {
		t.Errorf("bars %v with %d futures, want wait, mInc, mDouble and mAdd last", titles, n)
	}
	t.Run("one function: one bar of the whole graph through Progress", func(t *testing.T) {
		x = c.Submit(mInc, 10)
		y = c.Submit(mInc, x)
		got = nil
		Progress(y)
		if got != nil || len(gotAll) != 2 {
			t.Errorf("bars %v, Progress given %d futures", got, len(gotAll))
		}
	})
	g.open()
	result(t, d)
	result(t, y)
	for _, f := range []*Future{a, b, e, d} {
		f.Release()
	}
	if n := c.Counts(); n.Finished != 2 { // x and y
		t.Errorf("the bars keep results alive: %+v", n)
	}
}

func TestPlacementReachesTheExecutorAndDelayedTasks(t *testing.T) {
	var mu sync.Mutex
	seen := map[string]Placement{}
	e := &recorder{seen: func(j Job) {
		mu.Lock()
		seen[j.Key()] = j.Placement()
		mu.Unlock()
	}}
	c := NewClient(WithExecutor(e))
	defer c.Close()
	id := func(x int) int { return x }
	fs := c.Map(id, []int{1, 2}, Key("m"), OnWorkers("a"), Resources(map[string]float64{"GPU": 1}))
	d := Delay(id, Delay(id, 1, Key("inner"), OnWorkers("b")), Key("outer"))
	out := c.Compute(d, Resources(map[string]float64{"MEM": 2}))
	if _, err := c.Gather(append(fs, out)); err != nil {
		t.Fatal(err)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, f := range fs {
		if p := seen[f.Key()]; p.String() != "OnWorkers(a) Resources(GPU=1)" {
			t.Errorf("%s placed %v", f.Key(), p)
		}
	}
	if p := seen["inner"]; p.String() != "OnWorkers(b)" {
		t.Errorf("inner placed %v, want its own placement", p)
	}
	if p := seen["outer"]; p.String() != "Resources(MEM=2)" {
		t.Errorf("outer placed %v, want Compute's", p)
	}
	// The client's own executor runs placed tasks in this process.
	local := NewClient(Workers(2))
	defer local.Close()
	if v, err := local.Submit(id, 5, OnWorkers("nowhere")).Result(); err != nil || v != 5 {
		t.Fatalf("local run of a placed task: %v, %v", v, err)
	}
}

// recorder runs tasks on one goroutine, calling seen with each job first.
type recorder struct {
	seen func(Job)
	wg   sync.WaitGroup
}

func (r *recorder) Workers() int { return 1 }
func (r *recorder) Close()       { r.wg.Wait() }
func (r *recorder) Start(q Scheduler) {
	r.wg.Add(1)
	go func() {
		defer r.wg.Done()
		for {
			j, ok := q.Next(0)
			if !ok {
				return
			}
			r.seen(j)
			q.Done(j, j.Run())
		}
	}()
}
