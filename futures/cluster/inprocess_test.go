package cluster

import (
	"context"
	"errors"
	"runtime"
	"testing"
	"time"

	"github.com/gofutures/gofutures/futures"
)

// An in-process server without a listener, a worker on goroutines of this
// process, and a client from Connect.
func TestInProcessClusterReleasesAndCancels(t *testing.T) {
	cl := newInProcess(t, "w", 2)
	c := cl.Client()

	t.Run("small results travel in their reports", func(t *testing.T) {
		fs := c.Map(fn("inc"), []int{1, 2, 3, 4, 5})
		vs, err := c.Gather(fs)
		if err != nil || vs[4] != 6 {
			t.Fatal(vs, err)
		}
		if n := storedKeys(t, cl); n != 0 {
			t.Fatalf("%d results stored, want none", n)
		}
	})

	t.Run("releasing futures deletes their data", func(t *testing.T) {
		fs := c.Map(fn("big"), []int{inlineResult + 1, inlineResult + 2, inlineResult + 3, inlineResult + 4, inlineResult + 5})
		if _, err := c.Gather(fs); err != nil {
			t.Fatal(err)
		}
		if n := storedKeys(t, cl); n < 5 {
			t.Fatalf("%d results stored, want at least 5", n)
		}
		for _, f := range fs {
			f.Release()
		}
		deadline := time.Now().Add(30 * time.Second)
		for storedKeys(t, cl) > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("%d results still stored after release", storedKeys(t, cl))
			}
			time.Sleep(20 * time.Millisecond)
		}
	})

	t.Run("cancel reaches a running task", func(t *testing.T) {
		f := c.Submit(fn("sleep"), 600000) // ten minutes unless cancelled
		deadline := time.Now().Add(30 * time.Second)
		for running(cl) == 0 {
			if time.Now().After(deadline) {
				t.Fatal("the task never started")
			}
			time.Sleep(10 * time.Millisecond)
		}
		f.Cancel()
		if _, err := f.Result(); !errors.Is(err, futures.ErrCancelled) {
			t.Fatalf("err = %v, want ErrCancelled", err)
		}
		for running(cl) != 0 {
			if time.Now().After(deadline) {
				t.Fatal("the worker still runs the cancelled task")
			}
			time.Sleep(10 * time.Millisecond)
		}
	})
	runtime.KeepAlive(c)
}

func storedKeys(t *testing.T, cl *Cluster) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	l, err := cl.a.results.ListKeys(ctx)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for range l.Keys() {
		n++
	}
	return n
}

// running counts the tasks the workers say they run; the registry is
// refreshed every second.
func running(cl *Cluster) int {
	n := 0
	for _, w := range cl.Workers() {
		n += w.Running
	}
	return n
}
