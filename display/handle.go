package display

import "time"

// HandleOptions configures a Handle; the zero value is what New uses.
type HandleOptions struct {
	// ID is the display id; empty means a fresh one (NewID).
	ID string
	// Sink receives the outputs; nil means Current() when the handle is made.
	Sink Sink
	// Interval is the shortest time between two sends: zero means
	// DefaultInterval, negative means no coalescing.
	Interval time.Duration
	// Clock paces the updates; nil means RealClock.
	Clock Clock
}

// Handle is one output that can be replaced in place: a display id bound to
// the sink of the cell that made it. Its methods are safe for use from many
// goroutines, and keep working after that cell has finished (the sink then
// routes the output to the cell being run, or back to its own).
//
// Updates are coalesced: at most one is sent per interval (about ten a
// second), the latest state wins, and the last one is always sent, by a
// timer at the end of the interval or at once by Flush. A value is rendered
// when it is sent, not when it is passed, so pass a fresh value (or a Bundle)
// to each Update rather than mutating one that is still pending.
type Handle struct {
	id    string
	sink  Sink
	pacer *Pacer
	shown bool // guarded by pacer's lock: send runs under it
}

// op is one state of a Handle: a value, and whether it must be shown as a
// new output rather than replace the existing ones.
type op struct {
	v       any
	display bool
}

// New returns a Handle with a fresh display id on the current sink. Nothing
// is shown until Show or Update.
func New() *Handle { return NewHandle(HandleOptions{}) }

// NewHandle returns a Handle configured by o.
func NewHandle(o HandleOptions) *Handle {
	if o.ID == "" {
		o.ID = NewID()
	}
	if o.Sink == nil {
		o.Sink = Current()
	}
	h := &Handle{id: o.ID, sink: o.Sink}
	h.pacer = NewPacer(PacerOptions{Interval: o.Interval, Clock: o.Clock, Send: h.send})
	return h
}

// ID returns the display id.
func (h *Handle) ID() string { return h.id }

// Show shows v (anything Show accepts) at once as a new output with this
// display id, superseding any pending update.
func (h *Handle) Show(v any) { h.pacer.SendNow(op{v: v, display: true}) }

// Update replaces every output with this display id by v, coalesced as the
// type documentation says. If nothing was shown yet, it shows v instead.
func (h *Handle) Update(v any) { h.pacer.Offer(op{v: v}) }

// Flush sends the pending update, if any, at once.
func (h *Handle) Flush() { h.pacer.Flush() }

func (h *Handle) send(v any) {
	o := v.(op)
	b := FromValue(o.v)
	if o.display || !h.shown {
		h.shown = true
		h.sink.Display(b, h.id)
		return
	}
	h.sink.Update(b, h.id)
}
