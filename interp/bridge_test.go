package interp

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"runtime"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/futures"
)

// blockedClient returns a client with one worker, busy until release is
// called, so that futures submitted next stay pending.
func blockedClient(t *testing.T) (c *futures.Client, release func()) {
	t.Helper()
	c = futures.NewClient(futures.Workers(1))
	gate := make(chan struct{})
	started := make(chan struct{})
	f := c.Submit(func(name string) int { close(started); <-gate; return 0 }, t.Name())
	// The garbage collector would release the future, and its task would
	// leave the client's counts, which tests compare.
	t.Cleanup(func() { runtime.KeepAlive(f); c.Close() })
	<-started
	return c, func() { close(gate) }
}

// finalized returns a channel closed once f is final and every done
// callback registered before this call has run.
func finalized(f *futures.Future) <-chan struct{} {
	done := make(chan struct{})
	f.AddDoneCallback(func(*futures.Future) { close(done) })
	return done
}

func TestFutureWidget(t *testing.T) {
	tests := []struct {
		name  string
		fn    any
		final string
	}{
		{"a future goes from pending to finished in place",
			func(x int) int { return x + 1 }, "<Future: finished, type: int, key: "},
		{"a future goes from pending to error in place",
			func(x int) (int, error) { return 0, errors.New("boom") }, "<Future: error, key: "},
		{"a panicking task ends in error in place",
			func(x int) int { panic("kaput") }, "<Future: error, key: "},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, release := blockedClient(t)
			f := c.Submit(tt.fn, i)
			rec := &displaytest.Recorder{}
			showFuture(f, rec, func() {})
			done := finalized(f)
			release()
			<-done

			es := rec.Events()
			if len(es) < 2 {
				t.Fatalf("events = %q, want a display and its updates", rec.Lines())
			}
			first, last := es[0], es[len(es)-1]
			if first.Kind != "display" || !strings.HasPrefix(first.String(), "display "+first.ID+" <Future: pending, key: ") {
				t.Errorf("first event = %q, want the pending card", first)
			}
			if last.Kind != "update" || !strings.HasPrefix(fmt.Sprint(last.Bundle.Data[display.MIMEText]), tt.final) {
				t.Errorf("last event = %q, want an update to %q...", last, tt.final)
			}
			for _, e := range es {
				if e.ID != first.ID || e.ID == "" {
					t.Errorf("event %q has display id %q, want %q", e, e.ID, first.ID)
				}
			}
			if n := rec.Count("display"); n != 1 {
				t.Errorf("%d display events, want 1: %q", n, rec.Lines())
			}
		})
	}
}

func TestFutureWidgetOfAFinishedFutureShowsOnce(t *testing.T) {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()
	f := c.Submit(func(x int) int { return x }, 7)
	if _, err := f.Result(); err != nil {
		t.Fatal(err)
	}
	rec := &displaytest.Recorder{}
	showFuture(f, rec, func() {})
	<-finalized(f)
	if got := rec.Lines(); len(got) != 1 || !strings.Contains(got[0], "<Future: finished, type: int") {
		t.Errorf("events = %q, want one finished card", got)
	}
}

func TestProgress(t *testing.T) {
	tests := []struct {
		name   string
		fail   map[int]bool
		suffix string
	}{
		{"a progress bar ends at every task done", nil, "100% 10/10 done"},
		{"a progress bar counts failed tasks", map[int]bool{3: true, 7: true}, "100% 10/10 done, 2 errors"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, release := blockedClient(t)
			var fs []*futures.Future
			for i := range 10 {
				fs = append(fs, c.Submit(func(x int) (int, error) {
					if tt.fail[x] {
						return 0, errors.New("failed")
					}
					return x, nil
				}, i))
			}
			rec := &displaytest.Recorder{}
			defer display.Use(rec)()
			b := newBridge(nil)
			if !b.progress(fs, false) {
				t.Fatal("progress declined inside a cell")
			}
			var dones []<-chan struct{}
			for _, f := range fs {
				dones = append(dones, finalized(f))
			}
			release()
			for _, d := range dones {
				<-d
			}
			first, _ := rec.Last("display")
			last, ok := rec.Last("update")
			if !ok {
				t.Fatalf("events = %q, want updates", rec.Lines())
			}
			if last.ID != first.ID {
				t.Errorf("the bar's update has id %q, want %q", last.ID, first.ID)
			}
			if text := fmt.Sprint(last.Bundle.Data[display.MIMEText]); !strings.Contains(text, tt.suffix) {
				t.Errorf("final state = %q, want it to contain %q", text, tt.suffix)
			}
			if rec.Count("display") != 1 {
				t.Errorf("events = %q, want one display", rec.Lines())
			}
		})
	}
}

func TestProgressWaitsWhenBlocking(t *testing.T) {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()
	var fs []*futures.Future
	for i := range 5 {
		fs = append(fs, c.Submit(func(x int) int { return x * x }, i))
	}
	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	newBridge(nil).progress(fs, true)
	for _, f := range fs {
		if !f.Done() {
			t.Fatalf("%v is not done after a blocking progress", f)
		}
	}
}

func TestProgressOfNothingIsComplete(t *testing.T) {
	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	newBridge(nil).progress(nil, true)
	if e, ok := rec.Last("display"); !ok || !strings.Contains(e.String(), "0/0 done") {
		t.Errorf("events = %q, want a complete empty bar", rec.Lines())
	}
}

func TestProgressOutsideACellDeclines(t *testing.T) {
	defer display.Use(nil)()
	if newBridge(nil).progress(nil, false) {
		t.Error("progress rendered with no cell running; futures should print its text bar")
	}
}

func TestBridgeClosesItsClients(t *testing.T) {
	b := newBridge(nil)
	c := futures.NewClient(futures.Workers(1))
	b.track(c)
	b.close()
	b.close()
	if _, err := c.Submit(func(x int) int { return x }, 1).Result(); !errors.Is(err, futures.ErrClosed) {
		t.Errorf("a task on a client of a closed session: err = %v, want ErrClosed", err)
	}
	late := futures.NewClient(futures.Workers(1))
	b.track(late)
	if _, err := late.Submit(func(x int) int { return x }, 2).Result(); !errors.Is(err, futures.ErrClosed) {
		t.Errorf("a client made after the session closed: err = %v, want ErrClosed", err)
	}
}

func TestHooksRunTasksThroughTheSession(t *testing.T) {
	var ran atomic.Int32
	b := newBridge(func(ctx context.Context, run func()) {
		ran.Add(1)
		run()
	})
	defer futures.SetHooks(b.hooks)()
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()
	if v, err := c.Submit(func(x int) int { return x + 1 }, 41).Result(); err != nil || v != 42 {
		t.Fatalf("Result = %v, %v; want 42", v, err)
	}
	if ran.Load() != 1 {
		t.Errorf("RunTask ran %d times, want 1", ran.Load())
	}
	b.mu.Lock()
	tracked := len(b.clients)
	b.mu.Unlock()
	if tracked != 1 {
		t.Errorf("the bridge tracks %d clients, want 1", tracked)
	}
}

func TestClientWidgetEndsInTheFinalCounts(t *testing.T) {
	c, release := blockedClient(t)
	rec := &displaytest.Recorder{}
	stop := showClient(c, rec)
	defer stop()
	fs := []*futures.Future{
		c.Submit(func(x int) int { return x }, 1),
		c.Submit(func(x int) (int, error) { return 0, errors.New("no") }, 2),
	}
	dones := []<-chan struct{}{finalized(fs[0]), finalized(fs[1])}
	release()
	for _, d := range dones {
		<-d
	}
	want := "<Client: 1 worker, 1 thread, results 16 B, tasks: 0 pending, 0 running, 2 finished, 1 error, 0 cancelled>" // two int results
	// The last update is sent by the handle's timer at the end of its
	// interval; a lost final state hangs here until the test times out.
	for {
		if e, ok := rec.Last("update"); ok && e.String() == "update "+e.ID+" "+want {
			break
		}
		time.Sleep(time.Millisecond)
	}
	if rec.Count("display") != 1 {
		t.Errorf("events = %q, want one display", rec.Lines())
	}
	// A future the garbage collector takes is released, and its task
	// leaves the client's counts: keep them until the summary shows them.
	runtime.KeepAlive(fs)
}

func TestTaskStreamWidget(t *testing.T) {
	t.Run("a running task is drawn open and then finished in place", func(t *testing.T) {
		b := newBridge(nil)
		defer b.close()
		c, release := blockedClient(t)
		rec := &displaytest.Recorder{}
		b.keep(showTaskStream(c.TaskStream(), rec))
		e, ok := rec.Last("display")
		if !ok || !strings.Contains(e.String(), "<TaskStream: 1 task (1 running) on 1 worker") {
			t.Fatalf("events = %q, want a stream of 1 running task", rec.Lines())
		}
		if html := e.Bundle.Data[display.MIMEHTML].(string); !strings.Contains(svgOf(t, html), "stroke-dasharray") {
			t.Errorf("the running task is not drawn dashed:\n%s", html)
		}
		release()
		for {
			e, ok := rec.Last("update")
			if ok && e.ID == rec.Events()[0].ID && strings.Contains(e.String(), "<TaskStream: 1 task on 1 worker") {
				break
			}
			time.Sleep(time.Millisecond)
		}
	})
	t.Run("a handle draws a task stream as its timeline", func(t *testing.T) {
		c := futures.NewClient(futures.Workers(1))
		defer c.Close()
		if _, err := c.Submit(strconv.Itoa, 1).Result(); err != nil {
			t.Fatal(err)
		}
		b := display.FromValue(c.TaskStream())
		if text, html := b.Data[display.MIMEText], b.Data[display.MIMEHTML]; !strings.HasPrefix(fmt.Sprint(text), "<TaskStream: 1 task on 1 worker") ||
			!strings.Contains(fmt.Sprint(html), `src="data:image/svg+xml;base64,`) {
			t.Errorf("bundle = %v, want the timeline of one task", b.Data)
		}
	})
}

func TestProgressBarsShowOneTitledBarPerFunction(t *testing.T) {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()
	inc := c.Map(func(x int) int { return x + 1 }, []int{1, 2, 3})
	sum := c.Submit(func(x int) int { return x }, 4)
	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	bars := []futures.ProgressBar{{Title: "inc", Futures: inc}, {Title: "sum", Futures: []*futures.Future{sum}}}
	if !newBridge(nil).progressBars(bars, true) {
		t.Fatal("progressBars declined inside a cell")
	}
	if n := rec.Count("display"); n != 2 {
		t.Errorf("events = %q, want two bars", rec.Lines())
	}
	all := strings.Join(rec.Lines(), "\n")
	for _, want := range []string{"inc [", "3/3 done", "sum [", "1/1 done"} {
		if !strings.Contains(all, want) {
			t.Errorf("events = %q, want %q in them", rec.Lines(), want)
		}
	}
}

// svgOf returns the SVG drawing of a task stream's HTML, where it is an
// image with a base64 data URI.
func svgOf(t *testing.T, html string) string {
	t.Helper()
	_, rest, ok := strings.Cut(html, `src="data:image/svg+xml;base64,`)
	enc, _, ok2 := strings.Cut(rest, `"`)
	b, err := base64.StdEncoding.DecodeString(enc)
	if !ok || !ok2 || err != nil {
		t.Fatalf("no SVG image in %s (%v)", html, err)
	}
	return string(b)
}
