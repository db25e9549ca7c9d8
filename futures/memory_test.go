package futures

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
)

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
