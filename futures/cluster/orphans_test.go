package cluster

import (
	"errors"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofutures/gofutures/futures"
)

// TestPlacedTaskFailsWhenItsWorkersDie: a task placed on a worker that
// dies fails with ErrNoWorker, naming what it needed, once no matching
// worker has come for the grace period, instead of waiting forever; one
// that allows other workers runs on them.
func TestPlacedTaskFailsWhenItsWorkersDie(t *testing.T) {
	cl := newLocal(t, 1, AckWait(time.Second))
	solo := startWorker(t, cl, 2, "--name", "solo")
	c := cl.Client()
	held := c.Submit(fn("sleep"), 60000, futures.OnWorkers("solo"), futures.Pure(false))
	deadline := time.Now().Add(time.Minute) // a hang guard
	for running := 0; running == 0; {
		for _, w := range cl.Workers() {
			if w.Name == "solo" {
				running = w.Running
			}
		}
		if time.Now().After(deadline) {
			t.Fatal("solo never ran its task")
		}
		time.Sleep(20 * time.Millisecond)
	}
	loose := c.Submit(fn("sleep"), 10, futures.OnWorkers("solo"), futures.AllowOtherWorkers(), futures.Pure(false))
	if err := syscall.Kill(solo, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	result := func(f *futures.Future) (any, error) {
		v, err := f.ResultWithTimeout(time.Until(deadline))
		if errors.Is(err, futures.ErrTimeout) || !f.Done() {
			t.Fatalf("%s still waits after its worker died: %v", f.Key(), err)
		}
		return v, err
	}
	_, err := result(held)
	if !errors.Is(err, ErrNoWorker) || !strings.Contains(err.Error(), "solo") {
		t.Errorf("the task placed on a dead worker: err %v, want ErrNoWorker naming solo", err)
	}
	if v, err := result(loose); err != nil || v != 10 {
		t.Errorf("the loose task: %v, %v, want 10 from another worker", v, err)
	}
}
