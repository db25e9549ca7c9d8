package futures

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

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
	t.Run("dependents fail with an error naming the task that failed first, and its traceback", func(t *testing.T) {
		a := c.Submit(mCheck, 3)
		b := c.Submit(mAdd, a, 1)
		d := c.Submit(mDouble, b)
		_, errA := a.Result()
		_, errD := d.Result()
		var de *DependencyError
		if errA == nil || !errors.As(errD, &de) || de.Key != a.Key() || de.Err != errA || !errors.Is(errD, errA) {
			t.Fatalf("errors %v and %v", errA, errD)
		}
		if want := "futures: dependency " + a.Key() + " failed: check: 3"; errD.Error() != want || b.Err().Error() != want {
			t.Errorf("got %q and %q, want %q", errD, b.Err(), want)
		}
		if !strings.Contains(d.Traceback(), "check: 3") {
			t.Errorf("traceback %q", d.Traceback())
		}
		late := c.Submit(mInc, b) // submitted after the failure
		if _, err := late.Result(); !errors.As(err, &de) || de.Key != a.Key() {
			t.Errorf("late dependent: %v", err)
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

func TestRunHookMistakes(t *testing.T) {
	cases := []struct {
		desc string
		hook func(ctx context.Context, run func())
		want string
	}{
		{"a hook that never runs the task fails it", func(ctx context.Context, run func()) {}, "did not run the task"},
		{"a hook that panics before running the task fails it", func(ctx context.Context, run func()) { panic("hook broke") }, "hook broke"},
		{"a panic of the task inside the hook is the task's", func(ctx context.Context, run func()) { run() }, "boom: 5"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			defer SetHooks(Hooks{RunTask: tc.hook})()
			c := NewClient(Workers(1))
			defer c.Close()
			_, err := c.Submit(mBoom, 5).Result()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want an error containing %q", err, tc.want)
			}
		})
	}
}
