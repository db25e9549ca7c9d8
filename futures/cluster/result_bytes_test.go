package cluster

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/futures"
	"github.com/nats-io/nats.go"
)

// TestResultBytesWhileTasksFinish: the client's ResultBytes, called over
// and over while stored results (too big to travel in their reports)
// arrive, does not walk into the cluster's handles to them, which refer
// to its connection (the race detector flagged it), and counts them as
// nothing, since they are held by the workers, not by this process.
func TestResultBytesWhileTasksFinish(t *testing.T) {
	b, err := StartBroker(BrokerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	inproc := nats.InProcessServer(b.Server())
	cl, err := Connect("", NATSOptions(inproc))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := RunWorker(ctx, WorkerConfig{Name: "w", Slots: 2, NATS: []nats.Option{inproc}}); err != nil {
			t.Error(err)
		}
	}()
	defer func() { stop(); wg.Wait() }()
	wctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cl.WaitForWorkers(wctx, 1); err != nil {
		t.Fatal(err)
	}
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
	_, err = c.Gather(fs)
	close(done)
	polls.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if n := c.ResultBytes(); n != 0 {
		t.Errorf("ResultBytes = %d with every result held by the workers, want 0", n)
	}
}
