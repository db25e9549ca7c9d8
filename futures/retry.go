package futures

import (
	"context"
	"fmt"
)

// Cancelled reports whether the task was cancelled.
func (f *Future) Cancelled() bool { return f.Status() == Cancelled }

// Retry runs a failed task again, with the failed tasks it depends on, as
// Dask's Future.retry does: the future goes back to pending and ends as
// the new run does. It does nothing to a future that did not fail. A
// failed task keeps its inputs while a handle on it is held, for Retry and
// RecreateErrorLocally.
func (f *Future) Retry() {
	c := f.t.c
	c.mu.Lock()
	c.retry(f.t)
	c.unlock()
}

// retry moves the failed task t, and the failed tasks it depends on, back
// to pending; c.mu is held.
func (c *Client) retry(t *task) {
	if t.state != Error || t.flags&flagForgotten != 0 || c.closed {
		return
	}
	for _, d := range t.deps {
		c.retry(d)
	}
	t.err = nil
	if t.ext != nil {
		t.ext.trace = ""
	}
	c.setState(t, Pending)
	if c.tasks[t.key] == nil {
		c.tasks[t.key] = t
	}
	t.nwait = 0
	for _, d := range t.deps {
		switch d.state {
		case Finished:
		case Error:
			c.fail(t, dependencyError(d, d.err), d.trace())
			return
		case Cancelled:
			c.cancelled(t, d.err)
			return
		default:
			t.nwait++
			d.dependents = append(d.dependents, t)
		}
	}
	c.emit(t)
	if t.nwait == 0 {
		c.enqueue(t)
	}
}

// RecreateErrorLocally runs, on the calling goroutine, the function of the
// task that made f fail (f's own, or that of the failed task it depends
// on) with the same inputs, and returns what it returns, as Dask's
// recreate_error_locally does: a panic of the function is not recovered,
// so it reaches the caller with the caller's stack (in a notebook, the
// cell's traceback). It returns an error when f did not fail or its inputs
// are gone.
func (c *Client) RecreateErrorLocally(f *Future) (any, error) {
	c.mu.Lock()
	t := failedRoot(f.t)
	if t == nil || t.fn == nil {
		c.mu.Unlock()
		return nil, fmt.Errorf("futures: %s did not fail running a function", f.Key())
	}
	j := c.job(t)
	c.mu.Unlock()
	args := j.args
	if j.subst {
		get := j.lookup()
		args = make([]any, len(j.args))
		for i, a := range j.args {
			args[i] = substitute(a, get)
		}
	}
	ctx := context.WithValue(context.Background(), clientKey{}, c)
	return call(ctx, t.name, t.fn, args)
}

// failedRoot returns the task whose own run made t fail: t, or one of the
// failed tasks it depends on; nil when t did not fail. c.mu is held.
func failedRoot(t *task) *task {
	if t.state != Error {
		return nil
	}
	if _, ok := t.err.(*DependencyError); !ok {
		return t
	}
	for _, d := range t.deps {
		if r := failedRoot(d); r != nil {
			return r
		}
	}
	return nil
}

// FireAndForget makes the tasks of fs run to the end though no handle on
// them is kept, as Dask's fire_and_forget does: for tasks run for their
// effects. Their results are dropped once they are final and no handle
// remains.
func FireAndForget(fs ...*Future) {
	for _, f := range fs {
		if f == nil {
			continue
		}
		c := f.t.c
		c.mu.Lock()
		if t := f.t; !t.final() && t.flags&(flagFireForget|flagForgotten) == 0 {
			t.flags |= flagFireForget
			t.refs++
		}
		c.unlock()
	}
}
