package futures

import (
	"runtime"
	"testing"
	"time"
)

// liveHeap returns the bytes of live heap, after collecting twice (the
// second time for what the first one's cleanups let go).
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// TestDroppedTasksLeaveLittleHeap runs many tasks on a client, all held at
// once so that the graph is large, lets them all go, and checks that the
// client then holds about what a fresh one does, plus its task stream:
// the index of tasks by key does not keep the table of its peak, and the
// stream's records hold no strings. The bound is generous (a client that
// kept the index's table, or one string per record, exceeds it several
// times over); the soak benchmark measures the real figures.
func TestDroppedTasksLeaveLittleHeap(t *testing.T) {
	const tasks, size = 50_000, 2_000
	for _, tc := range []struct {
		desc string
		drop func(fs []*Future)
	}{
		{"released", func(fs []*Future) {
			for _, f := range fs {
				f.Release()
			}
		}},
		{"collected", func([]*Future) {}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			c := NewClient(Workers(2), TaskStreamSize(size))
			defer c.Close()
			result(t, c.Submit(mInc, -1)) // the client's lazily made parts
			before := liveHeap()
			fs := make([]*Future, tasks)
			for i := range fs {
				fs[i] = c.Submit(mInc, i)
			}
			Wait(fs)
			tc.drop(fs)
			fs = nil
			deadline := time.Now().Add(30 * time.Second)
			for n := c.Counts(); n.Pending+n.Running+n.Finished+n.Errors+n.Cancelled > 0; n = c.Counts() {
				if time.Now().After(deadline) {
					t.Fatalf("tasks still held 30s after their futures were dropped: %+v", n)
				}
				runtime.GC()
				time.Sleep(time.Millisecond)
			}
			grew := liveHeap() - before
			const bound = 256 << 10 // the ring is 80 KB
			t.Logf("after %d tasks dropped: %d bytes more live heap (bound %d)", tasks, grew, bound)
			if grew > bound {
				t.Errorf("the client holds %d bytes more after %d tasks were dropped, want at most %d", grew, tasks, bound)
			}
			c.mu.Lock()
			left := len(c.tasks)
			c.mu.Unlock()
			if left != 0 {
				t.Errorf("%d tasks left in the index", left)
			}
		})
	}
}
