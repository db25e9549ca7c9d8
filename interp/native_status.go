package interp

import (
	"fmt"
	"sync"
	"time"

	"github.com/gofutures/gofutures/display"
)

// status is the live line of a module import or compiled cell: a display
// that says what is being done ("native: fetching X ... 2 s", "building
// the cell", "loading the cell"), whose time ticks every second while a
// step runs, and that ends as one line saying what was done and how long
// it took, or what failed (the cell's error says why). A status whose
// first step never comes shows nothing: cached imports and cells are
// silent.
type status struct {
	sink  display.Sink
	start time.Time

	mu     sync.Mutex
	id     string
	msg    string
	over   bool
	stop   chan struct{} // closed by end; the ticker returns
	ticked chan struct{} // closed by the ticker
}

// statusTick is how often the time of a running step is updated.
const statusTick = time.Second

func newStatus(sink display.Sink) *status { return &status{sink: sink, start: time.Now()} }

// line shows msg as the current step.
func (st *status) line(msg string) {
	if st.sink == nil {
		return
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if st.over {
		return
	}
	st.msg = msg
	b := st.bundle()
	if st.id == "" {
		st.id = display.NewID()
		st.sink.Display(b, st.id)
		st.stop, st.ticked = make(chan struct{}), make(chan struct{})
		go st.tick()
		return
	}
	st.sink.Update(b, st.id)
}

// bundle is the line of the current step; the caller holds st.mu.
func (st *status) bundle() display.Bundle {
	return display.TextBundle(fmt.Sprintf("native: %s ... %.0f s", st.msg, time.Since(st.start).Seconds()))
}

// tick updates the line's time until end.
func (st *status) tick() {
	defer close(st.ticked)
	t := time.NewTicker(statusTick)
	defer t.Stop()
	for {
		select {
		case <-st.stop:
			return
		case <-t.C:
			st.mu.Lock()
			if !st.over {
				st.sink.Update(st.bundle(), st.id)
			}
			st.mu.Unlock()
		}
	}
}

// end stops the ticker and shows final as the line's last state, if a
// line was shown.
func (st *status) end(final string) {
	st.mu.Lock()
	if st.id == "" || st.over {
		st.over = true
		st.mu.Unlock()
		return
	}
	st.over = true
	// Settled, the last state reaches text consoles too, which show no
	// updates (display.Settler).
	if se, ok := st.sink.(display.Settler); ok {
		se.Settle(display.TextBundle(final), st.id)
	} else {
		st.sink.Update(display.TextBundle(final), st.id)
	}
	st.mu.Unlock()
	close(st.stop)
	<-st.ticked
}

// done ends the status line with msg and the time taken.
func (st *status) done(msg string) {
	st.end(fmt.Sprintf("native: %s in %.1f s", msg, time.Since(st.start).Seconds()))
}

// failed ends the status line with msg alone: the cell's error says why.
func (st *status) failed(msg string) { st.end("native: " + msg) }
