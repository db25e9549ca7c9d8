package interp

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/widget"
	"github.com/gofutures/gofutures/futures"
)

// Futures as a notebook shows them: one future as a status card, a slice
// of futures as a table of them, each redrawn in place at every status
// change and every cardTick while a task runs, so that the time shown
// moves, until every future is final; the final state is sent at once.

// cardTick is how often a card or table redraws while one of its tasks runs.
const cardTick = time.Second

// showFuture shows f's status card and redraws it until f is final. It
// calls ended once it has drawn the final state; stop ends it sooner.
func showFuture(f *futures.Future, out display.Sink, ended func()) (stop func()) {
	h := display.NewHandle(display.HandleOptions{Sink: out})
	// A card that may be first drawn before its task ended settles its
	// final state, so that frontends which ignore updates (text consoles)
	// see it too.
	settle := !f.Status().Done()
	var mu sync.Mutex
	last := futureStatus(f)
	h.Show(last)
	refresh := func(final bool) {
		mu.Lock()
		defer mu.Unlock()
		st := futureStatus(f)
		changed := st.Status != last.Status || st.ResultType != last.ResultType ||
			st.Elapsed != last.Elapsed || (st.Err == nil) != (last.Err == nil)
		switch {
		case final && settle:
			last = st
			h.Settle(st)
		case changed:
			last = st
			h.Update(st)
		}
		if final {
			h.Flush()
		}
	}
	r := newRefresher(cardTick, func() bool { return f.Status() == futures.Running }, func() { refresh(false) })
	unsubscribe := f.OnStatus(func(*futures.Future) {
		refresh(false)
		r.arm()
	})
	r.arm()
	var once sync.Once
	stop = func() {
		once.Do(func() {
			unsubscribe()
			r.stop()
		})
	}
	f.AddDoneCallback(func(*futures.Future) {
		stop()
		refresh(true)
		ended()
	})
	return stop
}

// futureStatus is the status card of f now: a running task's time runs up
// to now.
func futureStatus(f *futures.Future) widget.Status {
	i := f.Info()
	st := widget.Status{Func: i.Func, Key: i.Key, Status: i.Status.String(), ResultType: i.ResultType, Err: i.Err}
	switch {
	case !i.Stopped.IsZero() && !i.Started.IsZero():
		st.Elapsed = i.Stopped.Sub(i.Started)
	case !i.Started.IsZero():
		// Whole milliseconds: a card redrawn only when it changes then
		// changes at most once a millisecond.
		st.Elapsed = time.Since(i.Started).Truncate(time.Millisecond)
	}
	return st
}

// showFutures shows fs as one table and redraws it until every future is
// final. It calls ended once it has drawn the final state; stop ends it
// sooner.
func showFutures(fs []*futures.Future, out display.Sink, ended func()) (stop func()) {
	fs = append([]*futures.Future(nil), fs...) // the cell may change its slice
	h := display.NewHandle(display.HandleOptions{Sink: out})
	settle := false // whether the first table may show a task not yet final
	for _, f := range fs {
		settle = settle || !f.Status().Done()
	}
	view := futureTable{fs}
	h.Show(view)
	running := func() bool {
		for _, f := range fs {
			if f.Status() == futures.Running {
				return true
			}
		}
		return false
	}
	r := newRefresher(cardTick, running, func() { h.Update(view) })
	var mu sync.Mutex
	var unsubscribe []func()
	stopped := false
	stop = func() {
		mu.Lock()
		subs := unsubscribe
		unsubscribe, stopped = nil, true
		mu.Unlock()
		for _, u := range subs {
			u()
		}
		r.stop()
	}
	var left atomic.Int64
	left.Store(int64(len(fs)))
	finish := func() {
		stop()
		if settle {
			h.Settle(view)
		} else {
			h.Update(view)
		}
		h.Flush()
		ended()
	}
	if len(fs) == 0 {
		finish()
		return stop
	}
	for _, f := range fs {
		u := f.OnStatus(func(*futures.Future) {
			h.Update(view)
			r.arm()
		})
		mu.Lock()
		if stopped {
			mu.Unlock()
			u()
		} else {
			unsubscribe = append(unsubscribe, u)
			mu.Unlock()
		}
	}
	r.arm()
	for _, f := range fs {
		f.AddDoneCallback(func(*futures.Future) {
			if left.Add(-1) == 0 {
				finish()
			}
		})
	}
	return stop
}

// futureTable renders the table of its futures as they are when it is
// sent, so that coalesced updates cost nothing until then.
type futureTable struct{ fs []*futures.Future }

func (t futureTable) Bundle() display.Bundle {
	rows := make([]widget.Status, len(t.fs))
	for i, f := range t.fs {
		rows[i] = futureStatus(f)
	}
	return widget.FutureTable{Rows: rows}.Bundle()
}

// refresher redraws a live display every period while active reports
// true, from a timer: no goroutine waits between ticks, and none is armed
// while nothing runs. Its methods are safe for concurrent use; after stop
// it never redraws again.
type refresher struct {
	period time.Duration
	active func() bool
	redraw func()

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

func newRefresher(period time.Duration, active func() bool, redraw func()) *refresher {
	return &refresher{period: period, active: active, redraw: redraw}
}

// arm sets the timer when the display is active and none is set.
func (r *refresher) arm() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.stopped || r.timer != nil || !r.active() {
		return
	}
	r.timer = time.AfterFunc(r.period, r.tick)
}

func (r *refresher) tick() {
	r.mu.Lock()
	r.timer = nil
	stopped := r.stopped
	r.mu.Unlock()
	if !stopped && r.active() {
		r.redraw()
		r.arm()
	}
}

// stop stops the timer for good.
func (r *refresher) stop() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.stopped = true
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
}
