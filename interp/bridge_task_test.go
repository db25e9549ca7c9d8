package interp

import (
	"context"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp/internal/rt"
)

// runTask uses a task again only when it ended as new: a run after one
// whose context was cancelled late, after one that started a goroutine
// still running, and after one that was stopped, is not stopped; a run
// whose context is cancelled while it runs is, whatever ran before it.
func TestRunTaskReusesOnlyFreshTasks(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	cell := `func count(n int) int { s := 0; for i := 0; i < n; i++ { s += i }; return s }
func spin() { for {} }
var gate = make(chan bool)
func startWaiter() { go func() { <-gate }() }
func openGate() { close(gate) }`
	if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
		t.Fatal(err)
	}
	fn := func(name string) any {
		v, ok := s.Value(name)
		if !ok {
			t.Fatalf("no %s", name)
		}
		return v.Interface()
	}
	count := fn("count").(func(int) int)
	spin := fn("spin").(func())
	startWaiter, openGate := fn("startWaiter").(func()), fn("openGate").(func())

	// run runs f as a task under ctx and returns what it panicked with.
	run := func(ctx context.Context, f func()) (got any) {
		defer func() { got = rt.Unwrap(recover()) }()
		s.runTask(ctx, f)
		return nil
	}
	counted := func(what string) {
		t.Helper()
		var n int
		if p := run(context.Background(), func() { n = count(100000) }); p != nil || n != 4999950000 {
			t.Fatalf("%s: count returned %d and panicked with %v", what, n, p)
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	counted("a first run")
	if p := run(ctx, func() { count(10) }); p != nil {
		t.Fatalf("a run under a live context panicked with %v", p)
	}
	cancel() // after the run: nothing may stop the next ones
	counted("after a context cancelled once its run ended")

	if p := run(context.Background(), startWaiter); p != nil {
		t.Fatalf("startWaiter panicked with %v", p)
	}
	counted("while a goroutine of an earlier run waits")

	stopped, stop := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); stop() }()
	if p := run(stopped, spin); p != ErrInterrupted {
		t.Fatalf("a cancelled run panicked with %v, want ErrInterrupted", p)
	}
	counted("after a stopped run")

	if p := run(context.Background(), openGate); p != nil {
		t.Fatalf("openGate panicked with %v", p)
	}
	counted("after the waiting goroutine ended")
	stopped, stop = context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); stop() }()
	if p := run(stopped, spin); p != ErrInterrupted {
		t.Fatalf("a cancelled run after reused tasks panicked with %v, want ErrInterrupted", p)
	}
}
