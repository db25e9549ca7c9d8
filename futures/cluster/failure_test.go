package cluster

import (
	"errors"
	"strings"
	"syscall"

	"github.com/gofutures/gofutures/futures"
	"testing"
	"time"
)

// waitFinished waits until the client has finished n tasks, failing the
// test after a long deadline.
func waitFinished(t *testing.T, cl *Cluster, n int) {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for cl.Client().Counts().Finished < n {
		if time.Now().After(deadline) {
			t.Fatalf("only %d of %d tasks finished", cl.Client().Counts().Finished, n)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func checkSleeps(t *testing.T, vs []any, err error, n int) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
	for i, v := range vs {
		if v != i%3+1 {
			t.Fatalf("result %d = %v, want %d", i, v, i%3+1)
		}
	}
	if len(vs) != n {
		t.Fatalf("%d results, want %d", len(vs), n)
	}
}

func TestKilledWorkerLosesNothing(t *testing.T) {
	cl := newLocal(t, 2, AckWait(time.Second))
	c := cl.Client()
	const n = 600
	ms := make([]int, n)
	for i := range ms {
		ms[i] = i%3 + 1
	}
	fs := c.Map(fn("sleep"), ms, futures.Pure(false))
	waitFinished(t, cl, 20)
	if err := syscall.Kill(cl.PIDs()[0], syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	vs, err := c.Gather(fs)
	checkSleeps(t, vs, err, n)
}

func TestStoppedWorkerLateResultsAreIgnored(t *testing.T) {
	cl := newLocal(t, 2, AckWait(time.Second))
	c := cl.Client()
	const n = 400
	ms := make([]int, n)
	for i := range ms {
		ms[i] = i%3 + 1
	}
	fs := c.Map(fn("sleep"), ms, futures.Pure(false))
	waitFinished(t, cl, 20)
	pid := cl.PIDs()[0]
	if err := syscall.Kill(pid, syscall.SIGSTOP); err != nil {
		t.Fatal(err)
	}
	// Past the ack deadline, the stopped worker's tasks go to the other.
	done := make(chan struct{})
	go func() {
		defer close(done)
		vs, err := c.Gather(fs)
		checkSleeps(t, vs, err, n)
	}()
	select {
	case <-done:
	case <-time.After(60 * time.Second):
		t.Fatal("tasks held by a stopped worker never moved")
	}
	dropped := cl.exec.dropped.Load()
	if err := syscall.Kill(pid, syscall.SIGCONT); err != nil {
		t.Fatal(err)
	}
	// The resumed worker reports the runs it had: each report is dropped.
	deadline := time.Now().Add(30 * time.Second)
	for cl.exec.dropped.Load() == dropped && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if cl.exec.dropped.Load() == dropped {
		t.Fatal("the resumed worker reported nothing")
	}
	vs, err := c.Gather(fs)
	checkSleeps(t, vs, err, n)
}

// TestTaskDeliveredTooOften: a task whose every worker dies is delivered
// five times (Scale replaces each dead worker), then fails with
// ErrDeliveries naming it; the client's other tasks still run.
func TestTaskDeliveredTooOften(t *testing.T) {
	cl := newLocal(t, 1, AckWait(500*time.Millisecond))
	c := cl.Client()
	f := c.Submit(fn("die"), 1)
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = f.Result()
	}()
	deadline := time.After(5 * time.Minute) // a hang guard
	for waiting := true; waiting; {
		select {
		case <-done:
			waiting = false
		case <-deadline:
			t.Fatal("the task never failed")
		case <-time.After(50 * time.Millisecond):
			if err := cl.Scale(1); err != nil {
				t.Fatal(err)
			}
		}
	}
	_, err := f.Result()
	if !errors.Is(err, ErrDeliveries) || !strings.Contains(err.Error(), f.Key()) || !strings.Contains(err.Error(), "5 times") {
		t.Fatalf("err = %v, want ErrDeliveries naming %s and 5 deliveries", err, f.Key())
	}
	if v, err := c.Submit(fn("inc"), 41).Result(); err != nil || v != 42 {
		t.Fatalf("after: %v, %v", v, err)
	}
}
