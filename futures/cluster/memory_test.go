package cluster

import (
	"context"
	"testing"
	"time"
)

// TestWorkerMemoryGoesDownWhenResultsAreReleased: a worker's Memory counts
// the results it stored in the cluster, and stops counting them once the
// client deletes them (released futures).
func TestWorkerMemoryGoesDownWhenResultsAreReleased(t *testing.T) {
	cl := newLocal(t, 1)
	c := cl.Client()
	fs := c.Map(fn("big"), []int{inlineResult + 1, inlineResult + 2, inlineResult + 3})
	if _, err := c.Gather(fs); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	memory := func() uint64 {
		ws := cl.Workers()
		if len(ws) != 1 {
			t.Fatalf("workers %v, want one", ws)
		}
		return ws[0].Memory
	}
	waitMemory := func(what string, ok func(uint64) bool) {
		t.Helper()
		_, changed := cl.reg.live()
		for !ok(memory()) {
			select {
			case <-changed:
				_, changed = cl.reg.live()
			case <-ctx.Done():
				t.Fatalf("worker memory %d, want %s", memory(), what)
			}
		}
	}
	waitMemory("the 3 results", func(m uint64) bool { return m >= 3*inlineResult })
	for _, f := range fs {
		f.Release()
	}
	waitMemory("none once released", func(m uint64) bool { return m == 0 })
}
