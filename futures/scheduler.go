package futures

import (
	"context"
	"maps"
	"time"
)

// The scheduler half of Client: the graph of tasks by key, their states and
// reference counts, the ready queue and the events. Every method here runs
// with c.mu held; notifications are queued in c.evq and delivered by flush
// once the lock is released.

// add puts a new task in the graph and reports whether it is ready to run
// (the caller enqueues it). t.deps are its distinct dependencies.
func (c *Client) add(t *task) bool {
	t.submitted = now()
	c.count[Pending]++
	if c.closed {
		t.deps, t.args = nil, nil // not referenced: nothing to let go
		c.fail(t, ErrClosed, "")
		return false
	}
	c.tasks[t.key] = t
	for _, d := range t.deps {
		d.refs++
	}
	for _, d := range t.deps {
		switch d.state {
		case Finished:
		case Error:
			c.fail(t, dependencyError(d, d.err), d.trace())
			return false
		case Cancelled:
			c.cancelTask(t, d.err)
			return false
		default:
			t.nwait++
			d.dependents = append(d.dependents, t)
		}
	}
	c.emit(t)
	return t.nwait == 0
}

func (t *task) trace() string {
	if t.ext == nil {
		return ""
	}
	return t.ext.trace
}

func (c *Client) setState(t *task, s Status) {
	if t.flags&flagForgotten == 0 {
		c.count[t.state]--
		c.count[s]++
	}
	t.state = s
}

func (c *Client) enqueue(t *task) {
	t.flags |= flagQueued
	c.ready.push(t)
	if c.idle > 0 {
		c.cond.Signal()
	}
}

// next hands the next ready task to worker w, blocking while there is none.
func (c *Client) next(w int) (*task, bool) {
	for {
		if c.closed {
			return nil, false
		}
		if t := c.ready.pop(); t != nil {
			t.flags &^= flagQueued
			if t.state != Pending {
				continue // cancelled while queued
			}
			c.setState(t, Running)
			t.worker = int32(w)
			if t.ext != nil {
				t.ext.remote = ""
			}
			t.started = now()
			c.recordStart(t)
			if t.flags&flagWantsCtx != 0 || c.taskCtx || c.hasRunHook() {
				t.ctx = &taskCtx{c: c}
			}
			c.emit(t)
			return t, true
		}
		c.idle++
		c.cond.Wait()
		c.idle--
	}
}

func (c *Client) hasRunHook() bool {
	h := c.hooks()
	return h != nil && h.RunTask != nil
}

// done records the outcome of a run of t.
func (c *Client) done(t *task, o Outcome) {
	t.owner = nil
	if t.state != Running {
		// Cancelled while it ran: it ended then, and what the function
		// returned since is dropped.
		if t.ctx != nil {
			t.ctx.cancel(context.Canceled)
			t.ctx = nil
		}
		return
	}
	t.stopped = o.Stopped.UnixNano()
	if !o.Started.IsZero() {
		t.started = o.Started.UnixNano()
	}
	cancelled := t.flags&flagCancel != 0
	if t.ctx != nil {
		cancelled = cancelled || t.ctx.Err() != nil
		t.ctx.cancel(context.Canceled) // the run is over: release what derives from it
		t.ctx = nil
	}
	status := Finished
	switch {
	case cancelled:
		status = Cancelled
	case o.Err != nil && t.retries > 0 && !c.closed:
		status = Pending
	case o.Err != nil:
		status = Error
	}
	if o.Worker != "" {
		t.x().remote = o.Worker // for the events and Info of the end
	}
	c.recordStop(t, status, o.Worker)
	if status != Pending && status != Error {
		// The run is over and will not be retried (a failed task keeps its
		// function and inputs while held, for Retry and
		// RecreateErrorLocally): let go of the function,
		// which may hold what holds this task's Future. An interpreted
		// closure keeps its whole defining frame, where the cell that
		// submitted it keeps the Future, so the handle would never be
		// collected and the task never released.
		t.fn = nil
	}
	switch status {
	case Cancelled:
		c.cancelled(t, ErrCancelled)
	case Pending:
		t.retries--
		c.setState(t, Pending)
		c.emit(t)
		c.enqueue(t)
	case Error:
		c.fail(t, o.Err, o.Traceback)
	default:
		c.finish(t, o.Value)
	}
}

func (c *Client) finish(t *task, v any) {
	t.result = v
	if t.flags&flagForgotten != 0 {
		releaseResult(t)
	}
	c.setState(t, Finished)
	c.settle(t, false)
	for _, d := range t.dependents {
		if d.state != Pending {
			continue
		}
		d.nwait--
		if d.nwait == 0 {
			c.enqueue(d)
		}
	}
	t.dependents = nil
}

// fail ends t and every pending task that depends on it with err.
func (c *Client) fail(t *task, err error, trace string) {
	t.err = err
	if trace != "" {
		t.x().trace = trace
	}
	c.setState(t, Error)
	c.settle(t, true)
	deps := t.dependents
	t.dependents = nil
	if len(deps) > 0 {
		err = dependencyError(t, err)
	}
	for _, d := range deps {
		if d.state == Pending {
			c.fail(d, err, trace)
		}
	}
}

// dependencyError is the error of the tasks that depend on t, which failed
// with err: it names the task that failed first.
func dependencyError(t *task, err error) error {
	if _, ok := err.(*DependencyError); ok {
		return err
	}
	return &DependencyError{Key: t.key, Err: err}
}

// cancelTask ends t cancelled at once, with every task that depends on it.
// A running task's context is cancelled and its worker slot goes to a new
// worker: the function may go on in the background (Go cannot stop a
// goroutine), but what it returns is dropped.
func (c *Client) cancelTask(t *task, err error) {
	switch t.state {
	case Running:
		t.flags |= flagCancel
		if t.ctx != nil {
			t.ctx.cancel(context.Canceled)
		}
		if t.owner != nil {
			t.owner.abandon()
			t.owner = nil
		}
		t.stopped = now()
		c.recordStop(t, Cancelled, "")
		err = ErrCancelled // a run cut short is cancelled, whatever cancelled it
	case Cancelled:
		return
	}
	c.cancelled(t, err)
}

// cancelled moves t to Cancelled and cancels the tasks waiting for it.
func (c *Client) cancelled(t *task, err error) {
	if t.state == Finished || t.state == Error {
		releaseResult(t)
	}
	t.err = err
	c.setState(t, Cancelled)
	c.unindex(t) // a later submit of the same work starts afresh
	c.settle(t, true)
	deps := t.dependents
	t.dependents = nil
	for _, d := range deps {
		if d.state == Pending || d.state == Running {
			c.cancelTask(d, err)
		}
	}
}

// settle does what every final transition does: wake waiters, queue
// callbacks and events, and let go of the dependencies.
func (c *Client) settle(t *task, failed bool) {
	c.emit(t)
	if x := t.ext; x != nil {
		if x.done != nil {
			close(x.done)
			x.done = nil
		}
		for _, w := range x.waiters {
			w.notify(failed)
		}
		x.waiters = nil
		if len(x.callbacks) > 0 {
			c.evq = append(c.evq, note{callbacks: x.callbacks})
			x.callbacks = nil
		}
	}
	if t.state != Error {
		// A failed task keeps its inputs while it is held, for Retry and
		// RecreateErrorLocally.
		c.dropInputs(t)
	}
	if t.flags&flagFireForget != 0 {
		t.flags &^= flagFireForget
		c.decref(t)
	}
}

// dropInputs lets go of t's arguments and dependencies.
func (c *Client) dropInputs(t *task) {
	deps := t.deps
	t.deps, t.args = nil, nil
	for _, d := range deps {
		c.decref(d)
	}
}

// decref drops one reference to t and forgets it when none is left: its
// result is dropped, and if it has not run yet, it never will.
func (c *Client) decref(t *task) {
	t.refs--
	if t.refs > 0 || t.flags&flagForgotten != 0 {
		return
	}
	if !t.final() {
		c.cancelTask(t, ErrCancelled)
	}
	c.unindex(t)
	c.count[t.state]--
	t.flags |= flagForgotten
	releaseResult(t)
	c.dropInputs(t)
}

// unindex takes t out of the graph's index of tasks by key, if it is the
// task there. A Go map keeps the table of its largest size after its
// entries are deleted, so once the index has shrunk to an eighth of the
// most it held, it is copied into a map of its own size: a client that
// held a million tasks and let them go then holds about what a new one
// does. Each copy follows at least seven times as many deletions as it
// copies entries, so the cost per deletion stays constant.
func (c *Client) unindex(t *task) {
	if c.tasks[t.key] != t {
		return
	}
	n := len(c.tasks)
	c.tasksPeak = max(c.tasksPeak, n)
	delete(c.tasks, t.key)
	if n--; c.tasksPeak >= shrinkTasksFrom && n <= c.tasksPeak/8 {
		m := make(map[string]*task, n)
		maps.Copy(m, c.tasks)
		c.tasks, c.tasksPeak = m, n
	}
}

// shrinkTasksFrom is the least peak of the tasks index worth shrinking
// from: a table of a thousand entries is some 30 KB.
const shrinkTasksFrom = 1024

// emit queues t's current status for subscribers and listeners.
func (c *Client) emit(t *task) {
	if c.nsubs == 0 && (t.ext == nil || len(t.ext.listeners) == 0) {
		return
	}
	n := note{ev: Event{
		Key: t.key, Func: t.name, Status: t.state, Worker: t.workerName(),
		Time: time.Now(), Err: t.err,
	}, subs: c.nsubs > 0}
	if t.ext != nil && len(t.ext.listeners) > 0 {
		n.listeners = append([]*listener(nil), t.ext.listeners...)
	}
	c.evq = append(c.evq, n)
}
