package cluster

import (
	"sync"
	"testing"

	"github.com/gofutures/gofutures/futures"
)

// TestResultBytesWhileTasksFinish: the client's ResultBytes, called over
// and over while stored results (too big to travel in their reports)
// arrive, does not walk into the cluster's handles to them, which refer
// to its connection (the race detector flagged it), and counts them as
// nothing, since they are held by the workers, not by this process.
func TestResultBytesWhileTasksFinish(t *testing.T) {
	cl := newInProcess(t, "w", 2)
	c := cl.Client()

	sizes := make([]int, 40)
	for i := range sizes {
		sizes[i] = inlineResult + 1 + i
	}
	fs := c.Map(fn("big"), sizes, futures.Pure(false))
	done := make(chan struct{})
	var polls sync.WaitGroup
	polls.Add(1)
	go func() {
		defer polls.Done()
		for {
			select {
			case <-done:
				return
			default:
			}
			_ = c.ResultBytes()
		}
	}()
	_, err := c.Gather(fs)
	close(done)
	polls.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if n := c.ResultBytes(); n != 0 {
		t.Errorf("ResultBytes = %d with every result held by the workers, want 0", n)
	}
}
