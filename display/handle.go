package display

import (
	"sync"
	"sync/atomic"
	"time"
)

// HandleOptions configures a Handle; the zero value is what New uses.
type HandleOptions struct {
	// ID is the display id; empty means a fresh one (NewID).
	ID string
	// Sink receives the outputs; nil means Current() when the handle is made.
	Sink Sink
	// Interval is the shortest time between two sends: zero means
	// DefaultInterval, negative means no coalescing: every update is then
	// rendered and sent by Update itself, as Synchronous says.
	Interval time.Duration
	// Clock paces the updates; nil means RealClock.
	Clock Clock
	// Synchronous renders each update on the goroutine that sends it (the
	// caller of Update when the interval has passed, else the timer's), as
	// tests that print what was sent at once want, and widgets whose states
	// render in microseconds. By default updates render on the handle's
	// own goroutine.
	Synchronous bool
}

// Handle is one output that can be replaced in place: a display id bound to
// the sink of the cell that made it. Its methods are safe for use from many
// goroutines, and keep working after that cell has finished (the sink then
// routes the output to the cell being run, or back to its own).
//
// Updates are coalesced: at most one is sent per interval (about ten a
// second), the latest state wins, and the last one is always sent, by a
// timer at the end of the interval or at once by Flush (the kernel flushes
// every handle when a cell ends).
//
// Update does not render: it hands the value over and returns in about a
// microsecond, and the handle renders it (FromValue) on its own goroutine,
// which runs only while there is something to send. So a loop that draws a
// big plot on every pass is not slowed by the drawing, and only states that
// are sent are ever drawn. The value is read when it is drawn, after Update
// has returned: pass a value that will not change (a new plot for each
// frame, a new slice of points) and keep the data it refers to unchanged
// too; a value changed while it is being drawn may be drawn half old, half
// new (a data race). To keep changing one value in place, render it on
// your side and pass the Bundle: h.Update(display.FromValue(v)), which
// draws each frame as it was when passed, at the cost of drawing each one.
// Show, and the first Update of a handle (which shows), render on the
// caller, so that they take their place among the cell's other outputs; so
// does a Rich value, the form in which the notebook's interpreter passes
// values of types declared in cells, whose methods are interpreted code.
type Handle struct {
	id    string
	sink  Sink
	pacer *Pacer
	sync  bool
	shown atomic.Bool

	sendMu sync.Mutex // sends never overlap, so outputs keep their order
	seq    uint64     // states numbered in the pacer's order; guarded by its lock
	sent   uint64     // the number of the latest state sent; guarded by sendMu

	mu      sync.Mutex
	idle    sync.Cond // signalled when the renderer stops
	next    op        // the state the renderer sends next
	hasNext bool
	running bool // whether the renderer goroutine runs
}

// op is one state of a Handle: a value, and whether it must be shown as a
// new output rather than replace the existing ones; now sends it on the
// caller's goroutine.
type op struct {
	v       any
	display bool
	now     bool
	settle  bool
	seq     uint64
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
	h := &Handle{id: o.ID, sink: o.Sink, sync: o.Synchronous || o.Interval < 0}
	h.idle.L = &h.mu
	h.pacer = NewPacer(PacerOptions{Interval: o.Interval, Clock: o.Clock, Send: h.deliver})
	return h
}

// ID returns the display id.
func (h *Handle) ID() string { return h.id }

// Show shows v (anything Show accepts) at once as a new output with this
// display id, superseding any pending update. It renders v on the caller.
func (h *Handle) Show(v any) {
	h.pacer.SendNow(op{v: v, display: true, now: true})
}

// Update replaces every output with this display id by v, coalesced and
// rendered as the type documentation says. If nothing was shown yet, it
// shows v instead, at once.
func (h *Handle) Update(v any) {
	if r, ok := v.(Rich); ok {
		// The interpreter's form of a cell's value: its renderings may
		// call interpreted code, which must run on the cell's goroutine.
		v = FromValue(r)
	}
	if !h.shown.Load() {
		h.pacer.SendNow(op{v: v, now: true})
		return
	}
	h.pacer.Offer(op{v: v})
}

// Settle replaces every output with this display id by v at once,
// superseding any pending update, and tells the sink that v is the last
// state, so that frontends which ignore in-place updates (text consoles)
// are shown it too (see Settler; other sinks receive an Update). It renders
// v on the caller and returns once v is sent. If nothing was shown yet, it
// shows v, which every frontend draws.
func (h *Handle) Settle(v any) {
	h.pacer.SendNow(op{v: v, now: true, settle: true})
}

// Flush sends the pending update, if any, and returns once every update
// handed over so far has been sent.
func (h *Handle) Flush() {
	h.pacer.Flush()
	h.wait()
}

// deliver is the pacer's Send: it sends o on this goroutine when o must go
// at once or the handle is synchronous, and otherwise hands it to the
// renderer, replacing the state it has not started on.
func (h *Handle) deliver(v any) {
	o := v.(op)
	h.seq++ // the pacer calls deliver under its lock, in order
	o.seq = h.seq
	if o.now || h.sync {
		h.mu.Lock()
		h.hasNext = false // superseded
		h.next = op{}
		h.mu.Unlock()
		h.send(o)
		return
	}
	h.mu.Lock()
	h.next, h.hasNext = o, true
	start := !h.running
	h.running = true
	h.mu.Unlock()
	if start {
		rendering.add(h)
		go h.render()
	}
}

// render sends the handed-over states until none is left.
func (h *Handle) render() {
	for {
		h.mu.Lock()
		if !h.hasNext {
			h.running = false
			h.idle.Broadcast()
			h.mu.Unlock()
			rendering.remove(h)
			return
		}
		o := h.next
		h.next, h.hasNext = op{}, false
		h.mu.Unlock()
		h.send(o)
	}
}

// wait returns once the renderer is idle.
func (h *Handle) wait() {
	h.mu.Lock()
	for h.running {
		h.idle.Wait()
	}
	h.mu.Unlock()
}

// send renders o and sends it, unless a later state was sent meanwhile
// (a Show overtaking an update still being rendered).
func (h *Handle) send(o op) {
	b := FromValue(o.v)
	h.sendMu.Lock()
	defer h.sendMu.Unlock()
	if o.seq < h.sent {
		return
	}
	h.sent = o.seq
	if o.display || !h.shown.Load() {
		h.shown.Store(true)
		h.sink.Display(b, h.id)
		return
	}
	if st, ok := h.sink.(Settler); ok && o.settle {
		st.Settle(b, h.id)
		return
	}
	h.sink.Update(b, h.id)
}

// rendering is the set of handles whose renderer runs, for Flush.
var rendering = handleSet{m: map[*Handle]struct{}{}}

type handleSet struct {
	mu sync.Mutex
	m  map[*Handle]struct{}
}

func (s *handleSet) add(h *Handle) {
	s.mu.Lock()
	s.m[h] = struct{}{}
	s.mu.Unlock()
}

func (s *handleSet) remove(h *Handle) {
	s.mu.Lock()
	delete(s.m, h)
	s.mu.Unlock()
}

func (s *handleSet) list() []*Handle {
	s.mu.Lock()
	defer s.mu.Unlock()
	hs := make([]*Handle, 0, len(s.m))
	for h := range s.m {
		hs = append(hs, h)
	}
	return hs
}
