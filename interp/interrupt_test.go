package interp

import (
	"context"
	"errors"
	"reflect"
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

// TestInterruptWaitsForTheCellsGoroutines: a goroutine of the interrupted
// cell that is in a compiled call (a sleep) stops at its next checkpoint,
// and Execute waits for it within its grace, so that it does not run
// beside the next cell. The grace is long here so that a loaded machine
// cannot fail the test; Execute returns as soon as the goroutine stops.
func TestInterruptWaitsForTheCellsGoroutines(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.grace = 10 * time.Second
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	cell := "import \"time\"\ngo func() {\n\tfor {\n\t\ttime.Sleep(5 * time.Millisecond)\n\t}\n}()\nfor {}"
	if _, err := s.Execute(ctx, cell, &recorder{}); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("got %v, want an interrupt", err)
	}
	s.background.mu.Lock()
	left := len(s.background.tasks)
	s.background.mu.Unlock()
	if left != 0 {
		t.Errorf("Execute returned while the interrupted cell's goroutine still ran")
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

// closed reports whether ch, a chan bool of the session, is closed within d.
func closed(ch reflect.Value, d time.Duration) bool {
	chosen, _, _ := reflect.Select([]reflect.SelectCase{
		{Dir: reflect.SelectRecv, Chan: ch},
		{Dir: reflect.SelectRecv, Chan: reflect.ValueOf(time.After(d))},
	})
	return chosen == 0
}

func TestGoroutinesOfEarlierCells(t *testing.T) {
	s := newSession(t)
	if _, err := s.Execute(context.Background(), `
func inc(n int) int { return n + 1 }
add := func(a int) int { return inc(a) + 1 }

func spin(ready, c chan bool) {
	defer close(c)
	close(ready) // a stop before this line would leave c open
	for {
	}
}

func work(started, gate chan bool) int {
	close(started)
	for {
		select {
		case <-gate:
			return 1
		default:
		}
	}
}

ready, spun := make(chan bool), make(chan bool)
started, gate := make(chan bool), make(chan bool)`, &recorder{}); err != nil {
		t.Fatal(err)
	}
	ready, _ := s.Value("ready")
	spun, _ := s.Value("spun")
	started, _ := s.Value("started")
	gate, _ := s.Value("gate")
	w, _ := s.Value("work")
	work := w.Interface().(func(chan bool, chan bool) int)

	if _, err := s.Execute(context.Background(), "go spin(ready, spun)", &recorder{}); err != nil {
		t.Fatal(err)
	}
	if !closed(ready, 5*time.Second) {
		t.Fatal("the goroutine did not start")
	}
	t.Run("an interrupt of a later cell leaves them running", func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		go func() { time.Sleep(20 * time.Millisecond); cancel() }()
		if _, err := s.Execute(ctx, "for {}", &recorder{}); !errors.Is(err, ErrInterrupted) {
			t.Fatalf("got %v, want an interrupt", err)
		}
		if closed(spun, 100*time.Millisecond) {
			t.Error("the earlier cell's goroutine stopped")
		}
	})
	// A futures task running interpreted code on a worker goroutine. No
	// cell runs beside it: that is the race the package doc accepts.
	task := make(chan any, 1)
	go func() {
		defer func() { task <- rt.Unwrap(recover()) }()
		s.runTask(context.Background(), func() { work(started.Interface().(chan bool), gate.Interface().(chan bool)) })
	}()
	if !closed(started, 5*time.Second) {
		t.Fatal("the task did not start")
	}
	t.Run("an interrupt while no cell runs stops them", func(t *testing.T) {
		s.InterruptIdle()
		if !closed(spun, 5*time.Second) {
			t.Fatal("the earlier cell's goroutine still runs")
		}
	})
	t.Run("futures tasks keep running", func(t *testing.T) {
		select {
		case r := <-task:
			t.Fatalf("the task ended with %v before its gate opened", r)
		case <-time.After(50 * time.Millisecond):
		}
		gate.Close()
		if r := <-task; r != nil {
			t.Errorf("the task ended with %v, want a normal return", r)
		}
	})
	t.Run("earlier functions, closures and new goroutines work", func(t *testing.T) {
		// The goroutine reads globals, so it ends within one evaluation.
		if _, err := s.Execute(context.Background(), "func both() int {\n\tr := make(chan int)\n\tgo func() { r <- add(1) + inc(1) }()\n\tn := <-r\n\treturn n\n}", &recorder{}); err != nil {
			t.Fatal(err)
		}
		b, err := s.Execute(context.Background(), "both()", &recorder{})
		if err != nil || b == nil || b.Data["text/plain"] != "5" {
			t.Errorf("after the interrupt: %v, %v", b, err)
		}
	})
}

func TestCloseStopsTheGoroutinesOfCells(t *testing.T) {
	s := newSession(t)
	if _, err := s.Execute(context.Background(), "func spin(ready, c chan bool) {\n\tdefer close(c)\n\tclose(ready)\n\tfor {\n\t}\n}\nready, spun := make(chan bool), make(chan bool)", &recorder{}); err != nil {
		t.Fatal(err)
	}
	ready, _ := s.Value("ready")
	spun, _ := s.Value("spun")
	if _, err := s.Execute(context.Background(), "go spin(ready, spun)", &recorder{}); err != nil {
		t.Fatal(err)
	}
	if !closed(ready, 5*time.Second) {
		t.Fatal("the goroutine did not start")
	}
	s.Close()
	if !closed(spun, 5*time.Second) {
		t.Error("a cell's goroutine runs on after Close")
	}
}
