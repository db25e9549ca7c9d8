package futures

import (
	"context"
	"fmt"
	"html"
	"runtime"
	"sync"
	"sync/atomic"
	"time"
)

// Future is a handle on a task's result. Handles with the same key share
// one task; the result stays in memory while any handle (or a task that
// needs it) refers to it, and is dropped after the last handle is released,
// explicitly or by the garbage collector. All methods are safe for
// concurrent use.
type Future struct {
	t        *task
	cleanup  runtime.Cleanup
	released atomic.Bool
}

// Key returns the task's key, such as inc-3f9a... .
func (f *Future) Key() string { return f.t.key }

// Client returns the client that runs the task.
func (f *Future) Client() *Client { return f.t.c }

// Status returns the task's status.
func (f *Future) Status() Status {
	c := f.t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	return f.t.state
}

// Done reports whether the task is final: finished, error or cancelled.
func (f *Future) Done() bool { return f.Status().Done() }

// Err returns the task's error: nil while it is not final or when it
// finished; ErrCancelled (or ErrClosed) when cancelled; a *PanicError when
// it panicked.
func (f *Future) Err() error {
	c := f.t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if f.t.state == Error || f.t.state == Cancelled {
		return f.t.err
	}
	return nil
}

// Traceback returns where the task failed: the stack of a panic, or the
// task and function that returned the error; "" otherwise.
func (f *Future) Traceback() string {
	c := f.t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	return f.t.trace()
}

// Result blocks until the task is final and returns its result, or its
// error. Called from a task, it frees the task's worker slot while it waits.
func (f *Future) Result() (any, error) { return f.ResultContext(context.Background()) }

// ResultWithTimeout is Result giving up after d with ErrTimeout.
func (f *Future) ResultWithTimeout(d time.Duration) (any, error) {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	v, err := f.ResultContext(ctx)
	if err == context.DeadlineExceeded {
		err = ErrTimeout
	}
	return v, err
}

// ResultContext is Result giving up with ctx.Err() when ctx is done.
func (f *Future) ResultContext(ctx context.Context) (any, error) {
	if f.released.Load() {
		return nil, ErrReleased
	}
	c := f.t.c
	c.mu.Lock()
	if f.t.final() {
		v, err := f.t.outcome()
		c.mu.Unlock()
		return load(ctx, v, err)
	}
	x := f.t.x()
	if x.done == nil {
		x.done = make(chan struct{})
	}
	ch := x.done
	c.mu.Unlock()
	if err := block(ctx, ch); err != nil {
		return nil, err
	}
	if f.released.Load() {
		return nil, ErrReleased
	}
	c.mu.Lock()
	v, err := f.t.outcome()
	c.mu.Unlock()
	return load(ctx, v, err)
}

// outcome returns a final task's result and error; c.mu is held.
func (t *task) outcome() (any, error) {
	switch t.state {
	case Finished:
		return t.result, nil
	default:
		return nil, t.err
	}
}

// block waits for ch, freeing the worker slot when called from a task.
func block(ctx context.Context, ch <-chan struct{}) error {
	select {
	case <-ch:
		return nil
	default:
	}
	if rejoin := secede(); rejoin != nil {
		defer rejoin()
	}
	select {
	case <-ch:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Cancel cancels the task, as Client.Cancel does.
func (f *Future) Cancel() { f.t.c.Cancel(f) }

// Release gives up this handle: its Result returns ErrReleased and, when no
// other handle or pending task refers to the task, the result is dropped
// and a task that has not run is cancelled. Release is idempotent; dropping
// the last reference to a handle has the same effect at garbage collection.
func (f *Future) Release() {
	if f.released.Swap(true) {
		return
	}
	f.cleanup.Stop()
	c := f.t.c
	c.mu.Lock()
	c.decref(f.t)
	c.unlock()
}

// AddDoneCallback calls fn(f) once the task is final: on the goroutine that
// ends it, after the client's lock is released, or at once on the caller's
// goroutine if it is final already. fn must not block for long; a panic in
// fn is ignored. The callback keeps f alive until it runs.
func (f *Future) AddDoneCallback(fn func(*Future)) {
	f.onDone(func() { fn(f) })
}

func (f *Future) onDone(fn func()) {
	c := f.t.c
	c.mu.Lock()
	if f.t.final() {
		c.mu.Unlock()
		protect(fn)
		return
	}
	x := f.t.x()
	x.callbacks = append(x.callbacks, fn)
	c.mu.Unlock()
}

// OnStatus calls fn(f) after each status change of the task (running,
// finished, error, cancelled, and pending again before a retry) until stop
// is called. fn runs as Client.Subscribe's functions do.
func (f *Future) OnStatus(fn func(*Future)) (stop func()) {
	c := f.t.c
	l := &listener{f: f, fn: fn}
	c.mu.Lock()
	x := f.t.x()
	x.listeners = append(x.listeners, l)
	c.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			if x := f.t.ext; x != nil {
				for i, m := range x.listeners {
					if m == l {
						x.listeners = append(x.listeners[:i], x.listeners[i+1:]...)
						break
					}
				}
			}
			c.mu.Unlock()
		})
	}
}

// Info returns a snapshot of the task.
func (f *Future) Info() TaskInfo {
	c := f.t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	t := f.t
	i := TaskInfo{
		Func: t.name, Key: t.key, Status: t.state, Worker: t.workerName(),
		Submitted: unixTime(t.submitted), Started: unixTime(t.started), Err: t.err,
	}
	if t.final() {
		i.Stopped = unixTime(t.stopped)
	}
	if t.state == Finished {
		i.ResultType = resultType(t.result)
	}
	if t.state == Finished || t.state == Pending || t.state == Running {
		i.Err = nil
	}
	return i
}

// String describes the future as Dask does:
// <Future: finished, type: int, key: inc-3f9a...>.
func (f *Future) String() string {
	i := f.Info()
	if i.ResultType != "" {
		return fmt.Sprintf("<Future: %s, type: %s, key: %s>", i.Status, i.ResultType, i.Key)
	}
	return fmt.Sprintf("<Future: %s, key: %s>", i.Status, i.Key)
}

// HTML describes the future for a notebook.
func (f *Future) HTML() string {
	i := f.Info()
	s := fmt.Sprintf("<strong>Future: %s</strong> <span>status: %s</span>",
		html.EscapeString(i.Func), i.Status)
	if i.ResultType != "" {
		s += ", type: " + html.EscapeString(i.ResultType)
	}
	return s + ", key: " + html.EscapeString(i.Key)
}
