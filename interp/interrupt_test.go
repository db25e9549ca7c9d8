package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp/internal/rt"
)

func TestInterrupt(t *testing.T) {
	for _, tc := range []struct{ name, cell string }{
		{"stops an empty for loop", "for {}"},
		{"stops the goroutines the cell started", "go func() { for {} }()\nfor {}"},
		{"stops a long loop calling a function", "n := 0\nfor i := 0; i < 1e12; i++ { n = inc(n) }"},
		// The channel is local: an abandoned goroutine reading a global
		// would race with the next cell's new globals (see the package doc).
		{"abandons a blocked channel receive", "func wait() { ch := make(chan int); <-ch }\nwait()"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := New(Options{})
			if err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			// Goroutines abandoned by an earlier run (-count) stay pending.
			before := rt.Pending()
			if _, err := s.Execute(context.Background(), "func inc(n int) int { return n + 1 }\nadd := func(a int) int { return inc(a) + 1 }", rec); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithCancel(context.Background())
			go func() { time.Sleep(20 * time.Millisecond); cancel() }()
			_, err = s.Execute(ctx, tc.cell, rec)
			if !errors.Is(err, ErrInterrupted) {
				t.Fatalf("got %v, want an interrupt", err)
			}
			b, err := s.Execute(context.Background(), "add(1) + inc(1)", rec)
			if !strings.Contains(tc.cell, "wait()") {
				// The stopped goroutines unwind on their own; wait for them.
				deadline := time.Now().Add(5 * time.Second)
				for rt.Pending() > before && time.Now().Before(deadline) {
					time.Sleep(time.Millisecond)
				}
				if n := rt.Pending() - before; n > 0 {
					t.Errorf("%d stopped tasks still have goroutines", n)
				}
			}
			if err != nil || b == nil || b.Data["text/plain"] != "5" {
				t.Fatalf("earlier definitions after the interrupt: %v, %v", b, err)
			}
		})
	}
}

func TestRunTaskStopsACancelledTask(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Execute(context.Background(), "func spin() { for {} }", &recorder{}); err != nil {
		t.Fatal(err)
	}
	v, ok := s.Value("spin")
	if !ok {
		t.Fatal("no spin")
	}
	spin := v.Interface().(func())
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	var got any
	func() {
		defer func() { got = rt.Unwrap(recover()) }()
		s.runTask(ctx, spin)
	}()
	if got != ErrInterrupted {
		t.Errorf("runTask panicked with %v, want ErrInterrupted", got)
	}
	if b, err := s.Execute(context.Background(), "1 + 1", &recorder{}); err != nil || b == nil {
		t.Errorf("session after a stopped task: %v, %v", b, err)
	}
}
