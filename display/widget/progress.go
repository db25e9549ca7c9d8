package widget

import (
	"sync"
	"time"

	"github.com/gofutures/gofutures/display"
)

// ProgressOptions configures a Progress; zero fields take the defaults of
// display.HandleOptions.
type ProgressOptions struct {
	// Title is shown before the bar.
	Title string
	// Total is the number of tasks to wait for.
	Total int
	// ID is the display id; empty means a fresh one.
	ID string
	// Sink defaults to display.Current() when NewProgress is called.
	Sink display.Sink
	// Clock measures elapsed time and paces the updates.
	Clock display.Clock
	// Interval is the shortest time between two redraws (see display.Pacer).
	Interval time.Duration
	// Comms asks for an ipywidgets IntProgress over comms when the sink is
	// a display.CommOpener; otherwise, or when opening fails, the bar is
	// HTML with a text fallback, which works everywhere.
	Comms bool
	// Start is when the work began, the earliest start of the tasks the
	// bar counts; zero means when NewProgress is called.
	Start time.Time
	// Finished are the tasks already over when the bar is made: its first
	// frame counts them, so that a bar over finished work starts full.
	Finished []Task
	// Settle sends the final state with display.Handle.Settle, so that
	// frontends which ignore in-place updates (jupyter console) show it
	// too, as a line. Leave it false when the caller reports the end
	// itself, as a blocking wait that prints a line does.
	Settle bool
}

// Task is one finished task as a progress bar counts it: when it ran, and
// its error if it failed. A zero Start or Stop means unknown (a task
// cancelled before it started has no Start).
type Task struct {
	Start, Stop time.Time
	Err         error
}

// Progress is a live progress bar: done/total, errors, elapsed time and
// rate, redrawn in place as tasks complete, coalesced to about ten redraws a
// second, and always ending in the exact final state: the moment Done
// reaches Total the final state is sent at once and the clock stops.
//
// The elapsed time is the span of the work: from Start (or the earliest
// start of a counted task, when earlier) to now while tasks remain, and to
// the latest stop of the counted tasks once every one is done, so that the
// rate is the tasks' own, however late the bar was made. Tasks recorded
// without times (Complete, Add, Set) stop when they are recorded.
//
// Its methods are safe for use from many goroutines and keep working after
// the cell that made it has finished.
type Progress struct {
	mu       sync.Mutex
	clock    display.Clock
	start    time.Time // the earliest start of the work
	last     time.Time // the latest stop of a counted task; zero before any
	state    ProgressState
	finished bool // Elapsed is frozen at the span of the counted tasks
	settle   bool

	h    *display.Handle
	comm *commProgress // nil for the HTML bar
}

// NewProgress shows a progress bar at 0 of o.Total and returns it.
func NewProgress(o ProgressOptions) *Progress {
	if o.Clock == nil {
		o.Clock = display.RealClock{}
	}
	if o.Sink == nil {
		o.Sink = display.Current()
	}
	p := &Progress{
		clock:  o.Clock,
		start:  o.Start,
		settle: o.Settle,
		state:  ProgressState{Title: o.Title, Total: o.Total},
		// Its states render in microseconds: on the caller, in order.
		h: display.NewHandle(display.HandleOptions{ID: o.ID, Sink: o.Sink, Clock: o.Clock, Interval: o.Interval, Synchronous: true}),
	}
	if p.start.IsZero() {
		p.start = o.Clock.Now()
	}
	for _, t := range o.Finished {
		p.countLocked(t)
	}
	if co, ok := o.Sink.(display.CommOpener); ok && o.Comms {
		p.comm, _ = openCommProgress(co, p.state, o) // on error, fall back to HTML
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.publishLocked(true)
	return p
}

// ID returns the display id of the bar.
func (p *Progress) ID() string { return p.h.ID() }

// Comms reports whether the bar is an ipywidgets widget over comms.
func (p *Progress) Comms() bool { return p.comm != nil }

// Complete records one task finished now, failed when err is not nil.
func (p *Progress) Complete(err error) { p.Finish(Task{Err: err}) }

// Finish records one finished task with the times it ran.
func (p *Progress) Finish(t Task) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.countLocked(t)
	p.publishLocked(false)
}

// countLocked counts t and widens the span of the work to its times; an
// unknown stop is now.
func (p *Progress) countLocked(t Task) {
	p.state.Done++
	if t.Err != nil {
		p.state.Errors++
	}
	if !t.Start.IsZero() && t.Start.Before(p.start) {
		p.start = t.Start
	}
	stop := t.Stop
	if stop.IsZero() {
		stop = p.clock.Now()
	}
	if stop.After(p.last) {
		p.last = stop
	}
}

// Add records done more tasks finished now, errors of which failed.
func (p *Progress) Add(done, errors int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state.Done += done
	p.state.Errors += errors
	p.last = later(p.last, p.clock.Now())
	p.publishLocked(false)
}

// Set sets the counts of finished and failed tasks, as of now.
func (p *Progress) Set(done, errors int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state.Done, p.state.Errors = done, errors
	p.last = later(p.last, p.clock.Now())
	p.publishLocked(false)
}

// SetTotal changes the number of tasks to wait for.
func (p *Progress) SetTotal(total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.state.Total = total
	p.publishLocked(false)
}

// State returns the current state.
func (p *Progress) State() ProgressState {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.snapshotLocked()
}

// Flush sends the pending redraw, if any, at once.
func (p *Progress) Flush() {
	p.h.Flush()
	if p.comm != nil {
		p.comm.pacer.Flush()
	}
}

// Close closes the widget's comms, if any; the bar stays as last drawn.
// It is idempotent.
func (p *Progress) Close() error {
	if p.comm == nil {
		return nil
	}
	return p.comm.close()
}

func (p *Progress) snapshotLocked() ProgressState {
	s := p.state
	if !p.finished {
		s.Elapsed = p.clock.Now().Sub(p.start)
	}
	return s
}

// publishLocked sends the state, at once when first shown or complete,
// coalesced otherwise. p.mu is held, so states go out in order.
func (p *Progress) publishLocked(first bool) {
	complete := p.state.Complete()
	if complete && !p.finished {
		end := p.last
		if end.IsZero() { // nothing to wait for
			end = p.start
		}
		p.state.Elapsed = end.Sub(p.start)
	}
	p.finished = complete // more work may arrive after all
	s := p.snapshotLocked()
	if p.comm != nil {
		if !first { // the comms opened with this state
			p.comm.set(s)
		}
		switch {
		case first:
			p.h.Show(p.comm.bundle(s))
		case complete:
			p.comm.pacer.Flush()
			p.finalLocked(p.comm.bundle(s)) // the text fallback's final state
		}
		return
	}
	switch {
	case first:
		p.h.Show(s)
	case complete:
		p.finalLocked(s)
	default:
		p.h.Update(s)
	}
}

// finalLocked sends v, the complete state, at once: settled when the bar
// settles, else as an update.
func (p *Progress) finalLocked(v any) {
	if p.settle {
		p.h.Settle(v)
		return
	}
	p.h.Update(v)
	p.h.Flush()
}
