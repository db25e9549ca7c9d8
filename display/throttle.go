package display

import (
	"sync"
	"time"
)

// DefaultInterval is the shortest time between two sends of one display id
// (about ten a second), which is as fast as a browser usefully redraws.
const DefaultInterval = 100 * time.Millisecond

// Clock is the time source of a Pacer. Tests substitute a manual clock
// (displaytest.Clock) so that pacing is deterministic and not timed.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f on its own goroutine once d has passed, unless the
	// returned stop is called first; stop reports whether it prevented the call.
	AfterFunc(d time.Duration, f func()) (stop func() bool)
}

// RealClock is the wall clock; a nil Clock in any Options means RealClock.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// AfterFunc wraps time.AfterFunc.
func (RealClock) AfterFunc(d time.Duration, f func()) func() bool {
	return time.AfterFunc(d, f).Stop
}

// PacerOptions configures a Pacer.
type PacerOptions struct {
	// Interval is the shortest time between two sends. Zero means
	// DefaultInterval; a negative value sends every Offer at once.
	Interval time.Duration
	// Clock defaults to RealClock.
	Clock Clock
	// Send delivers one state. Calls never overlap, and come in the order
	// of the states they deliver.
	Send func(v any)
}

// Pacer coalesces a stream of states so that at most one is sent per
// interval: the latest state wins, and the last one is always sent, either
// by a timer when the interval ends or by Flush. Handle uses one per display
// id; widgets that talk over comms use their own.
//
// A Pacer is safe for use from many goroutines. Send runs on the goroutine
// that offered the state, or on the timer's goroutine for a deferred one.
type Pacer struct {
	mu       sync.Mutex
	interval time.Duration
	clock    Clock
	send     func(v any)

	sent    bool      // whether anything was sent yet
	last    time.Time // when the last send happened
	pending any
	has     bool        // whether pending holds a state to send
	stop    func() bool // the armed timer, if any
	gen     uint64      // invalidates timers stopped too late
}

// NewPacer returns a Pacer with the defaults of PacerOptions applied.
func NewPacer(o PacerOptions) *Pacer {
	if o.Interval == 0 {
		o.Interval = DefaultInterval
	}
	if o.Clock == nil {
		o.Clock = RealClock{}
	}
	if o.Send == nil {
		o.Send = func(any) {}
	}
	return &Pacer{interval: o.Interval, clock: o.Clock, send: o.Send}
}

// Offer sends v now if the interval since the last send has passed, and
// otherwise keeps it as the pending state (replacing an older one) and arms
// a timer that sends it when the interval ends.
func (p *Pacer) Offer(v any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := p.clock.Now()
	if p.interval < 0 || !p.sent || now.Sub(p.last) >= p.interval {
		p.sendLocked(v, now)
		return
	}
	p.pending, p.has = v, true
	pending.add(p)
	if p.stop == nil {
		gen := p.gen
		p.stop = p.clock.AfterFunc(p.interval-now.Sub(p.last), func() { p.fire(gen) })
	}
}

// SendNow sends v at once, dropping any pending state, which v supersedes.
func (p *Pacer) SendNow(v any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sendLocked(v, p.clock.Now())
}

// Flush sends the pending state, if any, at once.
func (p *Pacer) Flush() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.has {
		p.sendLocked(p.pending, p.clock.Now())
	}
}

// Pending reports whether a state waits to be sent.
func (p *Pacer) Pending() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.has
}

func (p *Pacer) fire(gen uint64) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if gen != p.gen {
		return // stopped after it had already started
	}
	p.stop = nil
	if p.has {
		p.sendLocked(p.pending, p.clock.Now())
	}
}

func (p *Pacer) sendLocked(v any, now time.Time) {
	if p.stop != nil {
		p.stop()
		p.stop = nil
	}
	p.gen++
	if p.has {
		p.pending, p.has = nil, false
		pending.remove(p)
	}
	p.sent, p.last = true, now
	p.send(v)
}

// Flush sends the pending state of every Pacer (and so of every Handle) at
// once, and waits for the handles still rendering a state. The host calls
// it when a cell ends, so that final states reach the notebook before the
// cell reports idle.
func Flush() {
	for _, p := range pending.list() {
		p.Flush()
	}
	for _, h := range rendering.list() {
		h.wait()
	}
}

// pending is the set of pacers holding a state, for Flush. Lock order:
// Pacer.mu, then pendingSet.mu.
var pending = pendingSet{m: map[*Pacer]struct{}{}}

type pendingSet struct {
	mu sync.Mutex
	m  map[*Pacer]struct{}
}

func (s *pendingSet) add(p *Pacer) {
	s.mu.Lock()
	s.m[p] = struct{}{}
	s.mu.Unlock()
}

func (s *pendingSet) remove(p *Pacer) {
	s.mu.Lock()
	delete(s.m, p)
	s.mu.Unlock()
}

func (s *pendingSet) list() []*Pacer {
	s.mu.Lock()
	defer s.mu.Unlock()
	ps := make([]*Pacer, 0, len(s.m))
	for p := range s.m {
		ps = append(ps, p)
	}
	return ps
}
