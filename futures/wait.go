package futures

import (
	"context"
	"reflect"
	"sync"
	"sync/atomic"
	"time"
)

func typeOf[T any]() reflect.Type { return reflect.TypeOf((*T)(nil)).Elem() }

// waiter is closed when the tasks it counts are final; with first, when
// one is; with onError, when one fails.
type waiter struct {
	n       atomic.Int64
	first   bool
	onError bool
	once    sync.Once
	ch      chan struct{}
}

func newWaiter() *waiter {
	w := &waiter{ch: make(chan struct{})}
	w.n.Store(1) // a guard, dropped once every task is registered
	return w
}

func (w *waiter) notify(failed bool) {
	if w.first || (failed && w.onError) {
		w.once.Do(func() { close(w.ch) })
		return
	}
	w.release()
}

// release counts one task, or the guard, as final.
func (w *waiter) release() {
	if w.n.Add(-1) <= 0 {
		w.once.Do(func() { close(w.ch) })
	}
}

// watch registers w on every task of fs that is not final, and returns how
// many were final, and whether one of those failed.
func watch(fs []*Future, w *waiter) (final int, failed bool) {
	var c *Client
	for _, f := range fs {
		if f.t.c != c {
			if c != nil {
				c.mu.Unlock()
			}
			c = f.t.c
			c.mu.Lock()
		}
		t := f.t
		if t.final() {
			final++
			failed = failed || t.state == Error
			continue
		}
		w.n.Add(1)
		x := t.x()
		x.waiters = append(x.waiters, w)
	}
	if c != nil {
		c.mu.Unlock()
	}
	return final, failed
}

// WaitOption is a mode or a Timeout for Wait.
type WaitOption interface{ applyWait(*waitConfig) }

type waitConfig struct {
	mode    WaitMode
	timeout time.Duration
}

// WaitMode says when Wait returns.
type WaitMode int

// The Wait modes, as in Python's concurrent.futures.
const (
	AllCompleted   WaitMode = iota // when every future is final
	FirstCompleted                 // when any future is final
	FirstException                 // when any future fails, or all are final
)

func (m WaitMode) applyWait(c *waitConfig) { c.mode = m }

// String returns the mode's name.
func (m WaitMode) String() string {
	switch m {
	case FirstCompleted:
		return "FIRST_COMPLETED"
	case FirstException:
		return "FIRST_EXCEPTION"
	}
	return "ALL_COMPLETED"
}

type timeoutOption time.Duration

func (d timeoutOption) applyWait(c *waitConfig) { c.timeout = time.Duration(d) }

// Timeout makes Wait return after d even if its condition is not met.
func Timeout(d time.Duration) WaitOption { return timeoutOption(d) }

// Wait blocks until the futures meet the mode (AllCompleted by default) or
// the Timeout passes, and returns the final futures and the others, each in
// the order of fs. Called from a task, it frees the task's worker slot.
func Wait(fs []*Future, opts ...WaitOption) (done, notDone []*Future) {
	done, notDone, _ = WaitContext(context.Background(), fs, opts...)
	return done, notDone
}

// WaitContext is Wait giving up with ctx.Err() when ctx is done (a Timeout
// passing is not an error).
func WaitContext(ctx context.Context, fs []*Future, opts ...WaitOption) (done, notDone []*Future, err error) {
	var cfg waitConfig
	for _, o := range opts {
		if o != nil {
			o.applyWait(&cfg)
		}
	}
	if len(fs) > 0 {
		w := newWaiter()
		w.first = cfg.mode == FirstCompleted
		w.onError = cfg.mode == FirstException
		final, failed := watch(fs, w)
		switch {
		case cfg.mode == FirstCompleted && final > 0, cfg.mode == FirstException && failed:
		default:
			w.release() // drop the guard
			wctx := ctx
			if cfg.timeout > 0 {
				var cancel context.CancelFunc
				wctx, cancel = context.WithTimeout(ctx, cfg.timeout)
				defer cancel()
			}
			if e := block(wctx, w.ch); e != nil && ctx.Err() != nil {
				err = e
			}
		}
	}
	for _, f := range fs {
		if f.Done() {
			done = append(done, f)
		} else {
			notDone = append(notDone, f)
		}
	}
	return done, notDone, err
}

// Gather waits for every future and returns their results in order. The
// error is that of the first future, in order, that failed; the results of
// the others are still returned. Called from a task, it frees the task's
// worker slot while it waits.
func (c *Client) Gather(fs []*Future) ([]any, error) {
	return c.GatherWithContext(context.Background(), fs)
}

// GatherWithContext is Gather giving up with ctx.Err() when ctx is done.
func (c *Client) GatherWithContext(ctx context.Context, fs []*Future) ([]any, error) {
	w := newWaiter()
	watch(fs, w)
	w.release()
	if err := block(ctx, w.ch); err != nil {
		return nil, err
	}
	out := make([]any, len(fs))
	var first error
	var cur *Client
	for i, f := range fs {
		if f.t.c != cur {
			if cur != nil {
				cur.mu.Unlock()
			}
			cur = f.t.c
			cur.mu.Lock()
		}
		var err error
		if f.released.Load() {
			err = ErrReleased
		} else {
			out[i], err = f.t.outcome()
		}
		if err != nil && first == nil {
			first = err
		}
	}
	if cur != nil {
		cur.mu.Unlock()
	}
	for i, v := range out {
		if _, ok := v.(stored); ok {
			var err error
			if out[i], err = load(ctx, v, nil); err != nil && first == nil {
				first = err
			}
		}
	}
	return out, first
}
