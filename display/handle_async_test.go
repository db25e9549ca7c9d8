package display_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

// gated renders as its text, but its first rendering waits for the gate:
// a drawing that takes as long as the test wants.
type gated struct {
	text string
	gate <-chan struct{}
	once *sync.Once
}

func (g gated) String() string {
	g.once.Do(func() { <-g.gate })
	return g.text
}

func TestUpdateDoesNotWaitForTheDrawing(t *testing.T) {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "d", Sink: rec, Interval: time.Millisecond})
	h.Show("start")
	gate, once := make(chan struct{}), &sync.Once{}
	h.Update(gated{"slow", gate, once})
	// The first update's drawing is stuck until the gate opens: updates
	// that waited for it would never return.
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 1000 {
			h.Update(gated{fmt.Sprint("frame ", i), gate, once})
		}
	}()
	select {
	case <-done:
	case <-time.After(time.Minute):
		close(gate)
		t.Fatal("Update waited for a drawing in progress")
	}
	close(gate)
	h.Flush()
	last, ok := rec.Last("update")
	if !ok || last.String() != "update d frame 999" {
		t.Errorf("last event %q, want the last state, frame 999; events %q", last, rec.Lines())
	}
}

func TestTheFinalFrameIsTheLastStateWhateverTheOrderOfSends(t *testing.T) {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "d", Sink: rec, Interval: time.Microsecond})
	h.Show(0)
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				h.Update(fmt.Sprintf("g%d-%d", g, i))
			}
		}()
	}
	wg.Wait()
	h.Update("last")
	display.Flush() // as the kernel does when the cell ends
	last, _ := rec.Last("update")
	if last.String() != "update d last" {
		t.Errorf("last event %q, want the last state", last)
	}
	n := len(rec.Events())
	time.Sleep(10 * time.Millisecond)
	if len(rec.Events()) != n {
		t.Errorf("events after the final flush: %q", rec.Lines()[n:])
	}
}

func TestShowOvertakesAnUpdateBeingDrawn(t *testing.T) {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "d", Sink: rec, Interval: time.Millisecond})
	h.Show("a")
	gate, once := make(chan struct{}), &sync.Once{}
	h.Update(gated{"stale", gate, once})
	go func() {
		time.Sleep(5 * time.Millisecond) // let Show start first; either order is checked below
		close(gate)
	}()
	h.Show("b")
	h.Flush()
	es := rec.Events()
	if got := es[len(es)-1].String(); got != "display d b" {
		t.Errorf("last event %q, want the Show: a stale update drawn after it would replace it; events %q", got, rec.Lines())
	}
}
