package cluster

import (
	"context"
	"slices"
	"syscall"
	"testing"
	"time"
)

// TestWatchSeesWorkersJoinAndDie: Watch calls its function when a worker
// joins (Scale) and when one killed without leaving goes stale.
func TestWatchSeesWorkersJoinAndDie(t *testing.T) {
	cl := newLocal(t, 1)
	seen := make(chan []WorkerInfo, 100)
	stop := cl.Watch(func() {
		select {
		case seen <- cl.Workers():
		default:
		}
	})
	defer stop()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a hang guard
	defer cancel()
	waitFor := func(what string, ok func([]WorkerInfo) bool) {
		t.Helper()
		for {
			select {
			case ws := <-seen:
				if ok(ws) {
					return
				}
			case <-ctx.Done():
				t.Fatalf("Watch never saw %s: %v", what, cl.Workers())
			}
		}
	}
	if err := cl.Scale(2); err != nil {
		t.Fatal(err)
	}
	waitFor("a second worker", func(ws []WorkerInfo) bool { return len(ws) == 2 })
	pid := cl.PIDs()[0]
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitFor("the killed worker go", func(ws []WorkerInfo) bool {
		return len(ws) == 1 && !slices.ContainsFunc(ws, func(w WorkerInfo) bool { return w.PID == pid })
	})
	stop()
	stop() // idempotent
}
