package cluster

import (
	"testing"
	"time"

	"github.com/gofutures/gofutures/futures"
)

// TestBrokerRestartWithFileStorage stops the broker mid-run and starts it
// again on the same store: tasks queued, results stored and reports not yet
// read all survive, and every task ends with its result.
func TestBrokerRestartWithFileStorage(t *testing.T) {
	dir := t.TempDir()
	b, err := StartBroker(BrokerConfig{Listen: "127.0.0.1:0", Store: dir})
	if err != nil {
		t.Fatal(err)
	}
	addr := b.Server().Addr().String()
	cl, err := Connect("nats://"+addr, AckWait(2*time.Second))
	if err != nil {
		b.Close()
		t.Fatal(err)
	}
	startWorker(t, cl, 1, "--slots", "2")
	startWorker(t, cl, 2, "--slots", "2")
	c := cl.Client()
	const n = 600
	ms := make([]int, n)
	for i := range ms {
		ms[i] = i%3 + 1
	}
	fs := c.Map(fn("sleep"), ms, futures.Pure(false))
	sizes := []int{inlineResult + 1, 2 * inlineResult, largeResult + 1}
	big := c.Map(fn("big"), sizes, futures.Pure(false))
	chain := c.Submit(fn("inc"), 0)
	for i := 0; i < 30; i++ {
		chain = c.Submit(fn("inc"), chain)
	}
	for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
		done := 0
		for _, f := range fs {
			if f.Done() {
				done++
			}
		}
		if done >= 50 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no task finished before the restart")
		}
	}
	b.Close()
	time.Sleep(300 * time.Millisecond)
	b, err = StartBroker(BrokerConfig{Listen: addr, Store: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	defer cl.Close()
	restarted := time.Now()
	defer func() { t.Logf("finished %v after the restart", time.Since(restarted)) }()

	done := make(chan struct{})
	go func() {
		defer close(done)
		vs, err := c.Gather(fs)
		checkSleeps(t, vs, err, n)
		for i, f := range big {
			v, err := f.Result()
			if err != nil || len(v.([]byte)) != sizes[i] {
				t.Errorf("big %d: %v", i, err)
			}
		}
		if v, err := chain.Result(); err != nil || v != 31 {
			t.Errorf("chain: %v, %v; want 31", v, err)
		}
	}()
	select {
	case <-done:
	case <-time.After(120 * time.Second):
		t.Fatalf("tasks did not finish after the broker restarted: %+v", c.Counts())
	}
}
