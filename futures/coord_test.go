package futures

import (
	"context"
	"errors"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestVariable(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	t.Run("Get waits for Set, on the only worker slot", func(t *testing.T) {
		v := c.Variable("x")
		f := c.Submit(func() (any, error) { return c.Variable("x").Get() })
		v.Set(42)
		within(t, "Get", func() {
			if got := result(t, f); got != 42 {
				t.Errorf("got %v", got)
			}
		})
	})
	t.Run("a stored future keeps its result after the caller releases it", func(t *testing.T) {
		v := c.Variable("f")
		f := c.Submit(mInc, 41)
		v.Set(f)
		f.Release()
		got, err := v.Get()
		if err != nil {
			t.Fatal(err)
		}
		if r := result(t, got.(*Future)); r != 42 {
			t.Errorf("got %v", r)
		}
		v.Delete()
		if _, err := v.GetWithTimeout(time.Millisecond); !errors.Is(err, ErrTimeout) {
			t.Errorf("after Delete: %v, want ErrTimeout", err)
		}
	})
}

func TestQueue(t *testing.T) {
	c := NewClient(Workers(2))
	defer c.Close()
	q := c.Queue("work")
	for i := 0; i < 5; i++ {
		q.Put(i)
	}
	if q.Len() != 5 {
		t.Errorf("Len %d", q.Len())
	}
	f := c.Submit(func() int {
		s := 0
		for i := 0; i < 5; i++ {
			v, _ := c.Queue("work").Get()
			s += v.(int)
		}
		return s
	})
	if got := result(t, f); got != 10 {
		t.Errorf("got %v", got)
	}
	if _, err := q.GetWithTimeout(time.Millisecond); !errors.Is(err, ErrTimeout) {
		t.Errorf("empty queue: %v", err)
	}
	t.Run("a consumer task waiting on Get frees its slot for the producer", func(t *testing.T) {
		c1 := NewClient(Workers(1))
		defer c1.Close()
		cons := c1.Submit(func() (any, error) { return c1.Queue("q").Get() })
		prod := c1.Submit(func() int { c1.Queue("q").Put("hi"); return 0 })
		within(t, "consumer", func() {
			result(t, prod)
			if v := result(t, cons); v != "hi" {
				t.Errorf("got %v", v)
			}
		})
	})
}

func TestLockAndSemaphore(t *testing.T) {
	c := NewClient(Workers(4))
	defer c.Close()
	var inside, most atomic.Int32
	enter := func() {
		n := inside.Add(1)
		for {
			m := most.Load()
			if n <= m || most.CompareAndSwap(m, n) {
				break
			}
		}
		time.Sleep(time.Millisecond)
		inside.Add(-1)
	}
	var l sync.Locker = c.Lock("l")
	fs := c.Map(func(i int) int { l.Lock(); defer l.Unlock(); enter(); return i }, []int{1, 2, 3, 4, 5, 6}, Pure(false))
	if _, err := c.Gather(fs); err != nil {
		t.Fatal(err)
	}
	if most.Load() != 1 {
		t.Errorf("%d holders of the lock at once", most.Load())
	}
	if c.Lock("l").Locked() {
		t.Error("locked after every holder unlocked")
	}
	most.Store(0)
	s := c.Semaphore("s", 2)
	fs = c.Map(func(i int) int { s.Acquire(); defer s.Release(); enter(); return i }, []int{1, 2, 3, 4, 5, 6}, Pure(false))
	if _, err := c.Gather(fs); err != nil {
		t.Fatal(err)
	}
	if most.Load() > 2 {
		t.Errorf("%d holders of a 2-lease semaphore at once", most.Load())
	}
	if err := s.Release(); !errors.Is(err, ErrOverRelease) {
		t.Errorf("over-release: %v", err)
	}
	if !s.AcquireWithTimeout(time.Second) || !s.AcquireWithTimeout(time.Second) || s.AcquireWithTimeout(time.Millisecond) {
		t.Error("AcquireWithTimeout does not count leases")
	}
	l2 := c.Lock("l2")
	l2.Lock()
	if l2.LockWithTimeout(time.Millisecond) {
		t.Error("LockWithTimeout took a taken lock")
	}
	l2.Unlock()
	defer func() {
		if recover() == nil {
			t.Error("Unlock of an unlocked Lock did not panic")
		}
	}()
	l2.Unlock()
}

func TestSharedEvent(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	e := c.Event("go")
	f := c.Submit(func() bool { c.Event("go").Wait(); return c.Event("go").IsSet() })
	if e.WaitWithTimeout(time.Millisecond) {
		t.Error("Wait returned before Set")
	}
	e.Set()
	within(t, "Wait", func() {
		if v := result(t, f); v != true {
			t.Errorf("got %v", v)
		}
	})
	e.Clear()
	if e.IsSet() {
		t.Error("set after Clear")
	}
}

func TestPubSub(t *testing.T) {
	c := NewClient()
	defer c.Close()
	early := c.Sub("news")
	p := c.Pub("news")
	p.Put("one")
	late := c.Sub("news")
	p.Put("two")
	for _, tc := range []struct {
		s    *Sub
		want []any
	}{{early, []any{"one", "two"}}, {late, []any{"two"}}} {
		var got []any
		for tc.s.Len() > 0 {
			v, _ := tc.s.Get()
			got = append(got, v)
		}
		if len(got) != len(tc.want) || got[0] != tc.want[0] {
			t.Errorf("got %v, want %v", got, tc.want)
		}
	}
	early.Close()
	p.Put("three")
	if _, err := early.Get(); !errors.Is(err, ErrClosed) {
		t.Errorf("closed subscription: %v", err)
	}
	if v, _ := late.GetWithTimeout(time.Second); v != "three" {
		t.Errorf("got %v", v)
	}
}

func TestDatasets(t *testing.T) {
	c := NewClient()
	defer c.Close()
	f := c.Submit(mInc, 1)
	if err := c.PublishDataset("b", f); err != nil {
		t.Fatal(err)
	}
	f.Release()
	c.PublishDataset("a", []int{1, 2})
	if err := c.PublishDataset("a", 3); !errors.Is(err, ErrDatasetExists) {
		t.Errorf("republish: %v", err)
	}
	if got := c.ListDatasets(); len(got) != 2 || got[0] != "a" || got[1] != "b" {
		t.Errorf("ListDatasets %v", got)
	}
	v, err := c.GetDataset("b")
	if err != nil || result(t, v.(*Future)) != 2 {
		t.Errorf("GetDataset: %v %v", v, err)
	}
	if err := c.UnpublishDataset("b"); err != nil {
		t.Error(err)
	}
	if _, err := c.GetDataset("b"); !errors.Is(err, ErrNoDataset) {
		t.Errorf("after unpublish: %v", err)
	}
	if err := c.UnpublishDataset("b"); !errors.Is(err, ErrNoDataset) {
		t.Errorf("unpublish twice: %v", err)
	}
}

func TestFireAndForget(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	g := newGate()
	busy := c.Submit(g.wait, 0)
	ran := make(chan int, 1)
	f := c.Submit(func(x int) int { ran <- x; return x }, 7)
	FireAndForget(f)
	f.Release() // the last handle: without FireAndForget, the task would never run
	g.open()
	result(t, busy)
	within(t, "the forgotten task", func() {
		if v := <-ran; v != 7 {
			t.Errorf("ran with %d", v)
		}
	})
}

func TestRetryAndRecreate(t *testing.T) {
	c := NewClient()
	defer c.Close()
	var fail atomic.Bool
	fail.Store(true)
	flaky := func(x int) (int, error) {
		if fail.Load() {
			return 0, errors.New("flaky")
		}
		return x, nil
	}
	a := c.Submit(flaky, 1)
	b := c.Submit(mInc, a)
	if _, err := b.Result(); err == nil {
		t.Fatal("no error")
	}
	t.Run("RecreateErrorLocally runs the failed task's function here", func(t *testing.T) {
		if _, err := c.RecreateErrorLocally(b); err == nil || err.Error() != "flaky" {
			t.Errorf("got %v, want flaky", err)
		}
		boom := c.Submit(mBoom, 5)
		boom.Result()
		defer func() {
			if r := recover(); r != "boom: 5" {
				t.Errorf("recovered %v, want the task's panic", r)
			}
		}()
		c.RecreateErrorLocally(boom)
	})
	t.Run("Retry runs the failed task and its failed dependencies again", func(t *testing.T) {
		fail.Store(false)
		b.Retry()
		if v := result(t, b); v != 2 || a.Status() != Finished {
			t.Errorf("got %v, a %s", v, a.Status())
		}
		if _, err := c.RecreateErrorLocally(b); err == nil {
			t.Error("RecreateErrorLocally of a finished future did not say so")
		}
	})
	t.Run("Cancelled", func(t *testing.T) {
		g := newGate()
		defer g.open()
		f := c.Submit(g.wait, 3)
		f.Cancel()
		if !f.Cancelled() || b.Cancelled() {
			t.Errorf("Cancelled: %v and %v", f.Cancelled(), b.Cancelled())
		}
	})
}

func TestGetClient(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	f := c.Submit(func(ctx context.Context, x int) (any, error) {
		inner := GetClient(ctx)
		if inner != c {
			return nil, errors.New("another client")
		}
		return inner.Submit(mInc, x).Result()
	}, 1)
	within(t, "a task submitting to its own client on the only slot", func() {
		if v := result(t, f); v != 2 {
			t.Errorf("got %v", v)
		}
	})
	if GetClient(context.Background()) != nil {
		t.Error("a client outside any task")
	}
}

func TestWorkersInfo(t *testing.T) {
	c := NewClient(Workers(3))
	defer c.Close()
	f := c.Submit(mInc, 1)
	result(t, f)
	s := c.Scatter(5)
	b := c.Scatter("everywhere", Broadcast())
	who := c.WhoHas(f, s, b)
	if len(who[f.Key()]) != 1 || len(who[s.Key()]) != 1 || len(who[b.Key()]) != 3 {
		t.Errorf("WhoHas %v", who)
	}
	has := c.HasWhat()
	n := 0
	for _, keys := range has {
		n += len(keys)
	}
	if len(has) != 3 || n != 5 {
		t.Errorf("HasWhat %v", has)
	}
	if nc := c.Ncores(); len(nc) != 3 || nc["worker-0"] != 1 {
		t.Errorf("Ncores %v", nc)
	}
	info := c.SchedulerInfo()
	if len(info.Workers) != 3 || info.Tasks.Finished != 3 {
		t.Errorf("SchedulerInfo %+v", info)
	}
	res, err := c.Run(func(ctx context.Context) bool { return GetClient(ctx) == c })
	if err != nil || len(res) != 3 || res["worker-2"] != true {
		t.Errorf("Run: %v %v", res, err)
	}
	if _, err := c.Run(func() error { return errors.New("no") }); err == nil {
		t.Error("Run hid an error")
	}
	fs := c.ScatterEach([]int{1, 2, 3})
	if vs, _ := c.Gather(fs); len(fs) != 3 || vs[2] != 3 {
		t.Errorf("ScatterEach %v", vs)
	}
	keys := []string{}
	for _, f := range c.ScatterEach([]string{"a", "b"}, Key("part")) {
		keys = append(keys, f.Key())
	}
	sort.Strings(keys)
	if keys[0] != "part-0" || keys[1] != "part-1" {
		t.Errorf("keys %v", keys)
	}
}

func TestRestart(t *testing.T) {
	c := NewClient(Workers(2))
	defer c.Close()
	block := make(chan struct{})
	defer close(block)
	started := make(chan struct{})
	stuck := c.Submit(func() int { close(started); <-block; return 0 })
	waiting := c.Submit(mInc, stuck)
	done := c.Submit(mInc, 1)
	<-started
	result(t, done)
	if err := c.Restart(); err != nil {
		t.Fatal(err)
	}
	for _, f := range []*Future{stuck, waiting, done} {
		if !f.Cancelled() {
			t.Errorf("%s: %s after Restart", f.Key(), f.Status())
		}
	}
	within(t, "work after Restart", func() {
		a, b := c.Submit(mInc, 1), c.Submit(mInc, 2) // two: one per worker
		if v := result(t, a); v != 2 || result(t, b) != 3 {
			t.Errorf("got %v", v)
		}
	})
}

func TestAsCompletedUpdate(t *testing.T) {
	c := NewClient()
	defer c.Close()
	it := AsCompleted(c.Map(mInc, []int{1, 2}))
	it.Update(c.Map(mInc, []int{3, 4}))
	n := 0
	for _, ok := it.Next(); ok; _, ok = it.Next() {
		n++
	}
	if n != 4 {
		t.Errorf("yielded %d, want 4", n)
	}
}
