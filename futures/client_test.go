package futures

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// gate blocks the tasks that call wait until open is called.
type gate struct {
	ch   chan struct{}
	once sync.Once
}

func newGate() *gate           { return &gate{ch: make(chan struct{})} }
func (g *gate) open()          { g.once.Do(func() { close(g.ch) }) }
func (g *gate) wait(x int) int { <-g.ch; return x }

func result(t *testing.T, f *Future) any {
	t.Helper()
	v, err := f.Result()
	if err != nil {
		t.Fatalf("%s: %v", f.Key(), err)
	}
	return v
}

func TestCancel(t *testing.T) {
	t.Run("a pending task never runs and its dependents are cancelled", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		g := newGate()
		defer g.open()
		busy := c.Submit(g.wait, 1)
		var ran atomic.Bool
		p := c.Submit(func(x int) int { ran.Store(true); return x }, 2)
		d := c.Submit(mInc, p)
		p.Cancel()
		g.open()
		result(t, busy)
		if _, err := d.Result(); !errors.Is(err, ErrCancelled) {
			t.Errorf("dependent: %v, want ErrCancelled", err)
		}
		if p.Status() != Cancelled || d.Status() != Cancelled || ran.Load() {
			t.Errorf("statuses %s %s, ran %v", p.Status(), d.Status(), ran.Load())
		}
	})
	t.Run("a running task sees its context cancelled and ends cancelled whatever it returns", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		started := make(chan struct{})
		f := c.Submit(func(ctx context.Context) int {
			close(started)
			<-ctx.Done()
			return 5
		})
		<-started
		c.Cancel(f)
		if _, err := f.Result(); !errors.Is(err, ErrCancelled) || f.Status() != Cancelled {
			t.Errorf("got %v (%s), want cancelled", err, f.Status())
		}
	})
	t.Run("a running task that panics after its cancel ends cancelled", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		started := make(chan struct{})
		f := c.Submit(func(ctx context.Context) int {
			close(started)
			<-ctx.Done()
			panic("interrupted")
		})
		<-started
		f.Cancel()
		if _, err := f.Result(); !errors.Is(err, ErrCancelled) {
			t.Errorf("got %v, want ErrCancelled", err)
		}
	})
	t.Run("Hooks.RunTask wraps the task and receives its cancellable context", func(t *testing.T) {
		var wrapped atomic.Int32
		started := make(chan context.Context, 1)
		restore := SetHooks(Hooks{RunTask: func(ctx context.Context, run func()) {
			wrapped.Add(1)
			started <- ctx
			run()
		}})
		defer restore()
		c := NewClient(Workers(1))
		defer c.Close()
		release := make(chan struct{})
		f := c.Submit(func(x int) int { <-release; return x }, 1)
		ctx := <-started
		f.Cancel()
		<-ctx.Done()
		close(release)
		if _, err := f.Result(); !errors.Is(err, ErrCancelled) || wrapped.Load() != 1 {
			t.Errorf("got %v, wrapped %d times", err, wrapped.Load())
		}
	})
	t.Run("a finished task drops its result", func(t *testing.T) {
		c := NewClient()
		defer c.Close()
		f := c.Submit(mInc, 1)
		result(t, f)
		f.Cancel()
		if _, err := f.Result(); !errors.Is(err, ErrCancelled) {
			t.Errorf("got %v", err)
		}
		if g := c.Submit(mInc, 1); result(t, g) != 2 {
			t.Error("resubmitting after a cancel does not recompute")
		}
	})
}

func TestErrors(t *testing.T) {
	c := NewClient()
	defer c.Close()
	t.Run("dependents fail with the same error and traceback", func(t *testing.T) {
		a := c.Submit(mCheck, 3)
		b := c.Submit(mAdd, a, 1)
		_, errA := a.Result()
		_, errB := b.Result()
		if errA == nil || errA != errB || b.Err() != errA {
			t.Fatalf("errors %v and %v", errA, errB)
		}
		if !strings.Contains(b.Traceback(), "check: 3") {
			t.Errorf("traceback %q", b.Traceback())
		}
	})
	t.Run("a panic becomes a PanicError with the panicking frame in its traceback", func(t *testing.T) {
		f := c.Submit(mBoom, 5)
		_, err := f.Result()
		var pe *PanicError
		if !errors.As(err, &pe) || pe.Value != "boom: 5" {
			t.Fatalf("got %#v", err)
		}
		if !strings.Contains(f.Traceback(), "mBoom") {
			t.Errorf("traceback lacks the panicking function:\n%s", f.Traceback())
		}
	})
	t.Run("retries re-run a failing task", func(t *testing.T) {
		var runs atomic.Int32
		flaky := func(x int) (int, error) {
			if runs.Add(1) <= 2 {
				return 0, errors.New("flaky")
			}
			return x, nil
		}
		if v := result(t, c.Submit(flaky, 1, Retries(2))); v != 1 || runs.Load() != 3 {
			t.Errorf("got %v after %d runs", v, runs.Load())
		}
		runs.Store(0)
		if _, err := c.Submit(flaky, 2, Retries(1)).Result(); err == nil || runs.Load() != 2 {
			t.Errorf("got %v after %d runs, want an error after 2", err, runs.Load())
		}
	})
	t.Run("submitting a non-function fails the future", func(t *testing.T) {
		if _, err := c.Submit(42).Result(); !errors.Is(err, ErrNotFunc) {
			t.Errorf("got %v", err)
		}
	})
	t.Run("a released future passed to a task fails it", func(t *testing.T) {
		a := c.Submit(mInc, 100)
		a.Release()
		if _, err := c.Submit(mInc, a).Result(); !errors.Is(err, ErrReleased) {
			t.Errorf("got %v", err)
		}
	})
}

func TestPriority(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	g := newGate()
	busy := c.Submit(g.wait, 0)
	var mu sync.Mutex
	var order []string
	note := func(s string) string { mu.Lock(); order = append(order, s); mu.Unlock(); return s }
	fs := []*Future{
		c.Submit(note, "low", Priority(-1)),
		c.Submit(note, "normal"),
		c.Submit(note, "high", Priority(5)),
		c.Submit(note, "normal2"),
	}
	g.open()
	result(t, busy)
	if _, err := c.Gather(fs); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, " "); got != "high normal normal2 low" {
		t.Errorf("ran %s", got)
	}
}

func TestNestedTasksDoNotDeadlock(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	var parent func(depth int) (int, error)
	parent = func(depth int) (int, error) {
		if depth == 0 {
			return 1, nil
		}
		a := c.Submit(parent, depth-1)
		b := c.Submit(parent, depth-1, Pure(false))
		rs, err := c.Gather([]*Future{a, b})
		if err != nil {
			return 0, err
		}
		return rs[0].(int) + rs[1].(int), nil
	}
	if v := result(t, c.Submit(parent, 5)); v != 32 {
		t.Errorf("got %v, want 32", v)
	}
	t.Run("across clients", func(t *testing.T) {
		a, b := NewClient(Workers(1)), NewClient(Workers(1))
		defer a.Close()
		defer b.Close()
		f := a.Submit(func() (any, error) {
			g := b.Submit(func() (any, error) { return a.Submit(mInc, 1).Result() })
			return g.Result()
		})
		if v := result(t, f); v != 2 {
			t.Errorf("got %v", v)
		}
	})
	t.Run("also through Result, Wait and AsCompleted", func(t *testing.T) {
		f := c.Submit(func() (int, error) {
			a := c.Submit(mInc, 41)
			Wait([]*Future{a})
			n, _ := AsCompleted([]*Future{c.Submit(mInc, 1)}).Next()
			v, err := a.Result()
			if err != nil || n == nil {
				return 0, err
			}
			return v.(int), nil
		})
		if v := result(t, f); v != 42 {
			t.Errorf("got %v", v)
		}
	})
}

func TestRelease(t *testing.T) {
	t.Run("Release drops the result once no handle is left", func(t *testing.T) {
		c := NewClient()
		defer c.Close()
		a := c.Submit(mInc, 1)
		b := c.Submit(mInc, 1)
		result(t, a)
		a.Release()
		if _, err := a.Result(); !errors.Is(err, ErrReleased) {
			t.Errorf("released handle: %v", err)
		}
		if v := result(t, b); v != 2 {
			t.Errorf("other handle: %v", v)
		}
		task := b.t
		b.Release()
		b.Release() // idempotent
		c.mu.Lock()
		left, res := len(c.tasks), task.result
		c.mu.Unlock()
		if left != 0 || res != nil {
			t.Errorf("%d tasks left, result %v", left, res)
		}
	})
	t.Run("a released task that has not run never runs", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		g := newGate()
		busy := c.Submit(g.wait, 0)
		var ran atomic.Bool
		f := c.Submit(func() { ran.Store(true) })
		f.Release()
		g.open()
		result(t, busy)
		result(t, c.Submit(mInc, 1)) // runs after f's place in the queue
		if ran.Load() {
			t.Error("the released task ran")
		}
	})
	t.Run("a task needed by a pending task outlives its released handle", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		g := newGate()
		a := c.Submit(g.wait, 20)
		b := c.Submit(mInc, a)
		a.Release()
		g.open()
		if v := result(t, b); v != 21 {
			t.Errorf("got %v", v)
		}
	})
	t.Run("garbage-collected handles release their tasks", func(t *testing.T) {
		c := NewClient()
		defer c.Close()
		func() {
			fs := c.Map(mInc, []int{1, 2, 3})
			if _, err := c.Gather(fs); err != nil {
				t.Fatal(err)
			}
		}()
		for i := 0; i < 100 && c.Counts().Finished > 0; i++ {
			runtime.GC()
			runtime.Gosched()
		}
		if n := c.Counts(); n.Finished != 0 {
			t.Errorf("%d finished tasks still held", n.Finished)
		}
	})
}

func TestConcurrentSubmitters(t *testing.T) {
	c := NewClient(Workers(4))
	defer c.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var zs []*Future
			for i := 0; i < 200; i++ {
				x := c.Submit(mInc, i) // shared by every goroutine
				y := c.Submit(mDouble, x)
				zs = append(zs, c.Submit(mAdd, x, y))
				if i%10 == g%10 {
					x.Release()
				}
			}
			total := c.Submit(mSum, zs)
			v, err := total.Result()
			if err == nil && v != 3*200*201/2 {
				err = fmt.Errorf("goroutine %d: total %v", g, v)
			}
			if err != nil {
				errs <- err
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

func TestEvents(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	var mu sync.Mutex
	var events []string
	stop := c.Subscribe(func(e Event) {
		mu.Lock()
		events = append(events, e.Func+":"+e.Status.String())
		mu.Unlock()
	})
	g := newGate()
	f := c.Submit(g.wait, 3)
	var seen []Status
	stopStatus := f.OnStatus(func(f *Future) { seen = append(seen, f.Info().Status) })
	done := make(chan *Future, 2)
	f.AddDoneCallback(func(f *Future) { done <- f })
	g.open()
	result(t, f)
	if got := <-done; got != f {
		t.Error("callback got another future")
	}
	f.AddDoneCallback(func(f *Future) { done <- f }) // already done: runs at once
	<-done
	stop()
	stopStatus()
	result(t, c.Submit(mInc, 9))
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(events, " "); got != "gate.wait:pending gate.wait:running gate.wait:finished" {
		t.Errorf("events %s", got)
	}
	if len(seen) == 0 || seen[len(seen)-1] != Finished {
		t.Errorf("OnStatus saw %v", seen)
	}
	t.Run("the task stream records worker and times", func(t *testing.T) {
		rs := c.TaskStream()
		if len(rs) != 2 || rs[0].Func != "gate.wait" || rs[0].Worker != "worker-0" || rs[0].Stop.Before(rs[0].Start) || rs[0].Start.IsZero() {
			t.Errorf("records %+v", rs)
		}
		i := f.Info()
		if i.Worker != "worker-0" || i.ResultType != "int" || i.Stopped.IsZero() || i.Status != Finished {
			t.Errorf("info %+v", i)
		}
	})
}

func TestWait(t *testing.T) {
	c := NewClient(Workers(2))
	defer c.Close()
	g := newGate()
	defer g.open()
	slow := c.Submit(g.wait, 1)
	quick := c.Submit(mInc, 1)
	bad := c.Submit(mCheck, 10)
	cases := []struct {
		desc    string
		opts    []WaitOption
		fs      []*Future
		done    int
		notDone int
	}{
		{"FirstCompleted returns with the finished ones", []WaitOption{FirstCompleted}, []*Future{slow, quick}, 1, 1},
		{"FirstException returns at the first error", []WaitOption{FirstException}, []*Future{slow, bad}, 1, 1},
		{"a Timeout returns what is not done", []WaitOption{AllCompleted, Timeout(time.Millisecond)}, []*Future{slow, quick}, 1, 1},
		{"no futures return at once", nil, nil, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			done, notDone := Wait(tc.fs, tc.opts...)
			if len(done) != tc.done || len(notDone) != tc.notDone {
				t.Errorf("done %v, not done %v", done, notDone)
			}
		})
	}
	t.Run("AllCompleted waits for all", func(t *testing.T) {
		g.open()
		if done, notDone := Wait([]*Future{slow, quick, bad}); len(done) != 3 || len(notDone) != 0 {
			t.Errorf("done %v, not done %v", done, notDone)
		}
	})
	t.Run("ResultWithTimeout and ResultContext give up", func(t *testing.T) {
		g2 := newGate()
		defer g2.open()
		f := c.Submit(g2.wait, 2)
		if _, err := f.ResultWithTimeout(time.Millisecond); !errors.Is(err, ErrTimeout) {
			t.Errorf("got %v", err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		if _, err := f.ResultContext(ctx); !errors.Is(err, context.Canceled) {
			t.Errorf("got %v", err)
		}
		if _, err := c.GatherWithContext(ctx, []*Future{f}); !errors.Is(err, context.Canceled) {
			t.Errorf("gather: %v", err)
		}
	})
}

func TestAsCompleted(t *testing.T) {
	c := NewClient()
	defer c.Close()
	t.Run("yields every future once and reports when empty", func(t *testing.T) {
		it := AsCompleted(c.Map(mInc, []int{1, 2, 3}))
		n := 0
		for f, ok := it.Next(); ok; f, ok = it.Next() {
			if !f.Done() {
				t.Error("yielded a future not done")
			}
			n++
		}
		if n != 3 || !it.IsEmpty() || it.Count() != 0 {
			t.Errorf("yielded %d", n)
		}
	})
	t.Run("batches hold every completed future", func(t *testing.T) {
		fs := c.Map(mInc, []int{4, 5, 6})
		Wait(fs)
		it := AsCompleted(fs)
		b, ok := it.NextBatch()
		if !ok || len(b) != 3 {
			t.Errorf("batch %v", b)
		}
		if _, ok := it.NextBatch(); ok {
			t.Error("a second batch")
		}
	})
	t.Run("WithResults keeps results of futures released meanwhile", func(t *testing.T) {
		f := c.Submit(mInc, 7)
		it := AsCompleted([]*Future{f}, WithResults())
		Wait([]*Future{f})
		f.Release()
		if _, v, err, ok := it.NextResult(); !ok || v != 8 || err != nil {
			t.Errorf("got %v %v %v", v, err, ok)
		}
	})
	t.Run("C closes early on Stop", func(t *testing.T) {
		g := newGate()
		defer g.open()
		it := AsCompleted([]*Future{c.Submit(mInc, 8), c.Submit(g.wait, 9)})
		ch := it.C()
		<-ch
		it.Stop()
		for range ch {
		}
	})
}

func TestScatterComputePersist(t *testing.T) {
	c := NewClient()
	defer c.Close()
	data := c.Scatter([]int{1, 2, 3})
	if again := c.Scatter([]int{1, 2, 3}); again.Key() != data.Key() || !strings.HasPrefix(data.Key(), "[]int-") {
		t.Errorf("keys %s %s", data.Key(), again.Key())
	}
	if v := result(t, c.Submit(mSum, data)); v != 6 {
		t.Errorf("sum %v", v)
	}
	var calls atomic.Int32
	counted := func(x int) int { calls.Add(1); return x }
	shared := Delay(counted, 1, Pure(false))
	fs := c.Persist(Delay(mAdd, shared, shared), Delay(mInc, shared))
	rs, err := c.Gather(fs)
	if err != nil || rs[0] != 2 || rs[1] != 2 || calls.Load() != 1 {
		t.Errorf("results %v %v, shared part ran %d times", rs, err, calls.Load())
	}
	if v := result(t, c.Compute(Delay(mSum, []*Delayed{Delay(mInc, 1), Delay(mInc, 2)}))); v != 5 {
		t.Errorf("compute %v", v)
	}
}

func TestClose(t *testing.T) {
	c := NewClient(Workers(1))
	g := newGate()
	started := make(chan struct{})
	busy := c.Submit(func(ctx context.Context) int { close(started); <-ctx.Done(); return 0 })
	pending := c.Submit(g.wait, 1)
	<-started
	c.Close()
	c.Close()
	if _, err := pending.Result(); !errors.Is(err, ErrClosed) {
		t.Errorf("pending: %v", err)
	}
	if _, err := busy.Result(); !errors.Is(err, ErrCancelled) {
		t.Errorf("running: %v", err)
	}
	if _, err := c.Submit(mInc, 1).Result(); !errors.Is(err, ErrClosed) {
		t.Errorf("after close: %v", err)
	}
}

func TestDescriptions(t *testing.T) {
	c := NewClient(Workers(3))
	defer c.Close()
	f := c.Submit(mInc, 1)
	result(t, f)
	bad := c.Submit(mCheck, 3)
	bad.Result()
	cases := []struct{ desc, got, want string }{
		{"a client prints its counts", c.String(), "<Client: 3 workers, 0 pending, 0 running, 1 finished, 1 errors>"},
		{"a future prints like Dask's", f.String(), "<Future: finished, type: int, key: " + f.Key() + ">"},
		{"a failed future has no type", bad.String(), "<Future: error, key: " + bad.Key() + ">"},
		{"statuses print as one word", fmt.Sprint(Pending, Running, Finished, Error, Cancelled), "pending running finished error cancelled"},
		{"wait modes print as Python's", fmt.Sprint(AllCompleted, FirstCompleted, FirstException), "ALL_COMPLETED FIRST_COMPLETED FIRST_EXCEPTION"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %s, want %s", tc.got, tc.want)
			}
		})
	}
	t.Run("the HTML table lists workers and counts", func(t *testing.T) {
		h := c.HTML()
		for _, s := range []string{"<th>Workers</th><td>3</td>", "<th>Finished</th><td>1</td>", "<th>Errors</th><td>1</td>"} {
			if !strings.Contains(h, s) {
				t.Errorf("%s lacks %s", h, s)
			}
		}
		if !strings.Contains(f.HTML(), "status: finished") {
			t.Errorf("future HTML %s", f.HTML())
		}
	})
}

func TestProgress(t *testing.T) {
	t.Run("the bar shows the fraction done", func(t *testing.T) {
		cases := []struct {
			done, total int
			want        string
		}{
			{0, 4, "[                                        ] |   0% Completed | 0/4 |   0.0s"},
			{1, 4, "[##########                              ] |  25% Completed | 1/4 |   0.0s"},
			{4, 4, "[########################################] | 100% Completed | 4/4 |   0.0s"},
			{0, 0, "[########################################] | 100% Completed | 0/0 |   0.0s"},
		}
		for _, tc := range cases {
			if got := bar(tc.done, tc.total, 0); got != tc.want {
				t.Errorf("bar(%d, %d) = %q", tc.done, tc.total, got)
			}
		}
	})
	c := NewClient()
	defer c.Close()
	fs := c.Map(mInc, []int{1, 2})
	t.Run("the text bar ends at 100%", func(t *testing.T) {
		var b bytes.Buffer
		textBar(&b, fs, time.Millisecond)
		if !strings.Contains(b.String(), "100% Completed | 2/2") {
			t.Errorf("wrote %q", b.String())
		}
	})
	t.Run("a host hook renders instead", func(t *testing.T) {
		var got []bool
		restore := SetHooks(Hooks{Progress: func(fs []*Future, block bool) bool {
			got = append(got, block)
			return true
		}})
		defer restore()
		Progress(fs...)
		ProgressWait(fs...)
		if fmt.Sprint(got) != "[false true]" {
			t.Errorf("hook calls %v", got)
		}
	})
	t.Run("NewClient tells the host", func(t *testing.T) {
		var seen *Client
		restore := SetHooks(Hooks{NewClient: func(c *Client) { seen = c }})
		defer restore()
		c2 := NewClient(Workers(1))
		defer c2.Close()
		if seen != c2 {
			t.Error("hook not called with the new client")
		}
	})
}
