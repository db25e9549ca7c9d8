package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"
)

// execWithin runs a cell and fails the test, rather than hang it, when the
// cell does not end within limit.
func execWithin(t *testing.T, s *Session, limit time.Duration, code string) (*recorder, error) {
	t.Helper()
	rec := &recorder{}
	done := make(chan error, 1)
	go func() {
		_, err := s.Execute(context.Background(), code, rec)
		done <- err
	}()
	select {
	case err := <-done:
		return rec, err
	case <-time.After(limit):
		t.Fatalf("cell %q has not ended after %v", code, limit)
		return nil, nil
	}
}

func TestInfiniteRecursionIsAnError(t *testing.T) {
	s := newSession(t)
	cases := []struct{ name, cell, want string }{
		{"in a cell", "func down(n int) int { return down(n+1) + 1 }\ndown(0)", "stack overflow"},
		{"in a method", "type node struct{ next *node }\nfunc (n *node) len() int { return n.len() + 1 }\n(&node{}).len()", "stack overflow"},
		{"between two functions", "func ping(n int) int { return pong(n) + 1 }\nfunc pong(n int) int { return ping(n) + 1 }\nping(0)", "stack overflow"},
		{"in a closure", "var loop func() int\nloop = func() int { return loop() + 1 }\nloop()", "stack overflow"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := execWithin(t, s, 5*time.Minute, c.cell)
			var e *Error
			if !errors.As(err, &e) || e.Kind != "panic" || !strings.Contains(e.Msg, c.want) {
				t.Fatalf("err = %v, want a panic saying %q", err, c.want)
			}
			if len(e.Trace) == 0 || len(e.Trace) > 2*maxFrames+1 {
				t.Errorf("traceback has %d lines, want some and at most %d", len(e.Trace), 2*maxFrames+1)
			}
			rec, err := execWithin(t, s, time.Minute, "import \"fmt\"\nfmt.Println(\"alive\")")
			if err != nil || rec.out() != "alive\n" {
				t.Fatalf("next cell: %q, %v; want alive", rec.out(), err)
			}
		})
	}
}

func TestRecursionWithinTheLimitWorks(t *testing.T) {
	s := newSession(t)
	rec, err := execWithin(t, s, 5*time.Minute, "import \"fmt\"\nfunc sum(n int) int { if n == 0 { return 0 }; return n + sum(n-1) }\nfmt.Println(sum(1000))")
	if err != nil || rec.out() != "500500\n" {
		t.Fatalf("sum(1000): %q, %v; want 500500", rec.out(), err)
	}
}

func TestInfiniteRecursionInAGoroutineIsReported(t *testing.T) {
	s := newSession(t)
	// All in one function, so that no later evaluation of the cell runs
	// beside the goroutine's unwinding (see the package doc, Concurrency).
	rec, err := execWithin(t, s, 5*time.Minute, `func spin(n int) int { return spin(n+1) + 1 }
func run() { done := make(chan bool); go func() { defer close(done); spin(0) }(); <-done }
run();`)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(time.Minute)
	for !strings.Contains(rec.errOut(), "stack overflow") && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.Contains(rec.errOut(), "panic in goroutine: stack overflow") {
		t.Fatalf("stderr = %q, want the goroutine's stack overflow", rec.errOut())
	}
}

func TestInfiniteRecursionInATaskFailsTheTask(t *testing.T) {
	s := bridgedSession(t)
	rec, err := execWithin(t, s, 5*time.Minute, `import "github.com/gofutures/gofutures/futures"
import "fmt"
func deeper(n int) int { return deeper(n+1) + 1 }
func run() error { c := futures.NewClient(futures.Workers(1)); defer c.Close(); _, err := c.Submit(deeper, 0).Result(); return err }
fmt.Println(run())`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.out(), "stack overflow") {
		t.Fatalf("the task's error: %q, want a stack overflow", rec.out())
	}
}

func TestGoexitEndsTheCell(t *testing.T) {
	s := newSession(t)
	_, err := execWithin(t, s, time.Minute, "import \"runtime\"\nimport \"fmt\"\nfmt.Println(\"before\")\nruntime.Goexit()")
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "Goexit") {
		t.Fatalf("err = %v, want an error naming runtime.Goexit", err)
	}
	rec, err := execWithin(t, s, time.Minute, "import \"fmt\"\nfmt.Println(\"alive\")")
	if err != nil || rec.out() != "alive\n" {
		t.Fatalf("next cell: %q, %v; want alive", rec.out(), err)
	}
	_, err = execWithin(t, s, time.Minute, "func quit() { defer fmt.Println(\"deferred\"); runtime.Goexit() }\nquit()")
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "Goexit") {
		t.Fatalf("Goexit in a function: err = %v, want an error naming runtime.Goexit", err)
	}
}

func (r *recorder) errOut() string { r.mu.Lock(); defer r.mu.Unlock(); return r.stderr.String() }
