package interp

import (
	"context"
	"errors"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/futures"
)

// bridgedSession returns a session with its futures hooks installed.
func bridgedSession(t *testing.T) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.startBridge()
	t.Cleanup(func() {
		s.stopBridge()
		s.Close()
	})
	return s
}

func execCell(t *testing.T, s *Session, code string) *displaytest.Recorder {
	t.Helper()
	rec := &displaytest.Recorder{}
	if _, err := s.Execute(context.Background(), code, rec); err != nil {
		t.Fatalf("cell %q: %v", code, err)
	}
	return rec
}

func TestSessionClosesTheClientsOfItsCells(t *testing.T) {
	s := bridgedSession(t)
	execCell(t, s, `import "github.com/gofutures/gofutures/futures"
c := futures.NewClient(futures.Workers(1))`)
	v, ok := s.Value("c")
	if !ok {
		t.Fatal("no client c")
	}
	c, ok := v.Interface().(*futures.Client)
	if !ok {
		t.Fatalf("c is a %T", v.Interface())
	}
	s.stopBridge()
	if _, err := c.Submit(func(x int) int { return x }, 1).Result(); !errors.Is(err, futures.ErrClosed) {
		t.Errorf("after the session's bridge stopped, Submit: err = %v, want ErrClosed", err)
	}
}

func TestSessionLetsGoOfTheClientsItsCellsClosed(t *testing.T) {
	s := bridgedSession(t)
	execCell(t, s, `import "github.com/gofutures/gofutures/futures"
func inc(x int) int { return x + 1 }
func use(c *futures.Client) { c.Submit(inc, 1).Result() }`)
	for range 3 {
		execCell(t, s, "c := futures.NewClient(futures.Workers(1))\nuse(c)\nc.Close()\nc = nil")
	}
	execCell(t, s, "kept := futures.NewClient(futures.Workers(1))\nuse(kept)")
	b := s.bridge()
	live := func() int {
		b.mu.Lock()
		defer b.mu.Unlock()
		n := 0
		for _, p := range b.clients {
			if p.Value() != nil {
				n++
			}
		}
		return n
	}
	deadline := time.Now().Add(30 * time.Second)
	for live() > 1 {
		if time.Now().After(deadline) {
			t.Fatalf("%d clients still live 30s after 3 of the 4 were closed and dropped, want 1", live())
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
	v, _ := s.Value("kept")
	kept := v.Interface().(*futures.Client)
	s.stopBridge()
	if _, err := kept.Submit(func(x int) int { return x }, 1).Result(); !errors.Is(err, futures.ErrClosed) {
		t.Errorf("the client kept is not closed with the session: Submit err = %v, want ErrClosed", err)
	}
}

// Tasks that run interpreted code do so while no cell compiles: yaegi
// races with itself otherwise (see the package doc). So the cells below
// keep the work inside one function call.

func TestCancellingAFutureStopsItsInterpretedLoop(t *testing.T) {
	s := bridgedSession(t)
	execCell(t, s, `import (
	"fmt"

	"github.com/gofutures/gofutures/futures"
)
func run() string {
	c := futures.NewClient(futures.Workers(1))
	started := make(chan bool)
	f := c.Submit(func(n int) int {
		close(started)
		for {
		}
		return n
	}, 1)
	<-started
	f.Cancel()
	_, err := f.Result()
	g := c.Submit(func(n int) int { return n + 1 }, 2)
	v, _ := g.Result()
	return fmt.Sprint(err != nil, " ", v)
}`)
	rec := execCell(t, s, "fmt.Println(run())")
	// Were the loop not stopped, the one worker would stay busy and the
	// second task would never run.
	if got := strings.Join(rec.Lines(), ""); got != `stream stdout "true 3\n"` {
		t.Errorf("output = %q, want the cancelled future's error and the next task's result", got)
	}
}

func TestShowLiveOfASessionValue(t *testing.T) {
	s := bridgedSession(t)
	execCell(t, s, `import (
	"strings"

	"github.com/gofutures/gofutures/futures"
)
c := futures.NewClient(futures.Workers(1))
f := c.Submit(strings.ToUpper, "a")
_, _ = f.Result()`)
	for _, name := range []string{"f", "c"} {
		v, ok := s.Value(name)
		if !ok {
			t.Fatalf("no value %s", name)
		}
		rec := &displaytest.Recorder{}
		if !s.showLive(v.Interface(), rec) {
			t.Fatalf("showLive(%s) declined", name)
		}
		if e, ok := rec.Last("display"); !ok || e.ID == "" {
			t.Errorf("showLive(%s) events = %q, want a display with an id", name, rec.Lines())
		}
	}
	if s.showLive(42, &displaytest.Recorder{}) {
		t.Error("showLive(42) rendered an int as a live widget")
	}
}

func TestInterruptStopsABlockingProgressBar(t *testing.T) {
	s := bridgedSession(t)
	execCell(t, s, `import (
	"sync"

	"github.com/gofutures/gofutures/futures"
)
c := futures.NewClient(futures.Workers(1))
gate := &sync.WaitGroup{}
gate.Add(1)
f := c.Submit(gate.Wait)`)
	defer func() {
		v, _ := s.Value("gate")
		v.Interface().(*sync.WaitGroup).Done()
	}()
	ctx, cancel := context.WithCancel(context.Background())
	rec := &shownRecorder{shown: make(chan struct{})}
	go func() {
		<-rec.shown // the bar is up: the cell is waiting
		cancel()
	}()
	_, err := s.Execute(ctx, "futures.ProgressWait(f)", rec)
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("Execute = %v, want ErrInterrupted", err)
	}
}

// shownRecorder closes shown at its first display.
type shownRecorder struct {
	displaytest.Recorder
	shown chan struct{}
	once  sync.Once
}

func (r *shownRecorder) Display(b display.Bundle, id string) {
	r.Recorder.Display(b, id)
	r.once.Do(func() { close(r.shown) })
}
