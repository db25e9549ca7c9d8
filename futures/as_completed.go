package futures

import (
	"context"
	"sync"
)

// Completed yields futures in the order they complete (AsCompleted). New
// futures may be added while iterating. Its methods are safe for concurrent
// use; a future is yielded once, to one caller.
type Completed struct {
	mu      sync.Mutex
	ready   []*Future // final, not yet yielded
	vals    map[*Future]outcome
	waiting int           // added, not yet final
	wake    chan struct{} // closed and replaced when ready grows
	results bool
	ch      chan *Future
	batches chan []*Future
	ctx     context.Context // cancelled by Stop; made with the first channel
	cancel  context.CancelFunc
	stopped bool
}

type outcome struct {
	v   any
	err error
}

// CompletedOption configures AsCompleted.
type CompletedOption func(*Completed)

// WithResults makes the iterator take each result as its future
// completes, so NextResult returns it even if the future is released or
// cancelled afterwards (Dask's with_results).
func WithResults() CompletedOption { return func(c *Completed) { c.results = true } }

// AsCompleted returns an iterator over fs in completion order.
func AsCompleted(fs []*Future, opts ...CompletedOption) *Completed {
	c := &Completed{wake: make(chan struct{})}
	for _, o := range opts {
		o(c)
	}
	for _, f := range fs {
		c.Add(f)
	}
	return c
}

// Add adds f to the futures to yield.
func (c *Completed) Add(f *Future) {
	c.mu.Lock()
	c.waiting++
	c.mu.Unlock()
	f.onDone(func() {
		var o outcome
		if c.results {
			o.v, o.err = f.Result()
		}
		c.mu.Lock()
		c.waiting--
		c.ready = append(c.ready, f)
		if c.results {
			if c.vals == nil {
				c.vals = make(map[*Future]outcome)
			}
			c.vals[f] = o
		}
		close(c.wake)
		c.wake = make(chan struct{})
		c.mu.Unlock()
	})
}

// Update adds every future of fs, as Dask's as_completed(...).update does.
func (c *Completed) Update(fs []*Future) {
	for _, f := range fs {
		c.Add(f)
	}
}

// Count returns how many futures are left to yield.
func (c *Completed) Count() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.waiting + len(c.ready)
}

// IsEmpty reports whether no future is left to yield.
func (c *Completed) IsEmpty() bool { return c.Count() == 0 }

// Next blocks until a future completes and returns it; ok is false when
// none is left. Called from a task, it frees the worker slot while blocked.
func (c *Completed) Next() (f *Future, ok bool) {
	fs, ok := c.next(context.Background(), false)
	if !ok {
		return nil, false
	}
	return fs[0], true
}

// NextContext is Next giving up when ctx is done.
func (c *Completed) NextContext(ctx context.Context) (*Future, bool) {
	fs, ok := c.next(ctx, false)
	if !ok {
		return nil, false
	}
	return fs[0], true
}

// NextBatch blocks until at least one future completes and returns every
// completed future not yet yielded (Dask's batches); ok is false when none
// is left.
func (c *Completed) NextBatch() ([]*Future, bool) { return c.next(context.Background(), true) }

// NextResult is Next returning the future's result and error too.
func (c *Completed) NextResult() (f *Future, v any, err error, ok bool) {
	f, ok = c.Next()
	if !ok {
		return nil, nil, nil, false
	}
	c.mu.Lock()
	o, have := c.vals[f]
	delete(c.vals, f)
	c.mu.Unlock()
	if have {
		return f, o.v, o.err, true
	}
	v, err = f.Result()
	return f, v, err, true
}

func (c *Completed) next(ctx context.Context, batch bool) ([]*Future, bool) {
	for {
		c.mu.Lock()
		if n := len(c.ready); n > 0 {
			var out []*Future
			if batch {
				out = c.ready
				c.ready = nil
			} else {
				out = []*Future{c.ready[0]}
				c.ready[0] = nil
				c.ready = c.ready[1:]
			}
			c.mu.Unlock()
			return out, true
		}
		if c.waiting == 0 {
			c.mu.Unlock()
			return nil, false
		}
		wake := c.wake
		c.mu.Unlock()
		if err := block(ctx, wake); err != nil {
			return nil, false
		}
	}
}

// C returns a channel that yields the futures in completion order and is
// closed when none is left (or after Stop). It is the same channel on every
// call; do not mix it with Next or Batches on the same iterator.
func (c *Completed) C() <-chan *Future {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.ch == nil {
		c.ch = make(chan *Future)
		ctx := c.feedContext()
		go func() {
			defer close(c.ch)
			for {
				fs, ok := c.next(ctx, false)
				if !ok {
					return
				}
				select {
				case c.ch <- fs[0]:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	return c.ch
}

// Batches returns a channel that yields, each time, every future completed
// since the previous batch (as Dask's as_completed(...).batches() does),
// and is closed when none is left (or after Stop). It is the same channel
// on every call; do not mix it with Next or C on the same iterator.
func (c *Completed) Batches() <-chan []*Future {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.batches == nil {
		c.batches = make(chan []*Future)
		ctx := c.feedContext()
		go func() {
			defer close(c.batches)
			for {
				fs, ok := c.next(ctx, true)
				if !ok {
					return
				}
				select {
				case c.batches <- fs:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	return c.batches
}

// feedContext returns the context that Stop cancels; c.mu is held.
func (c *Completed) feedContext() context.Context {
	if c.ctx == nil {
		c.ctx, c.cancel = context.WithCancel(context.Background())
		if c.stopped {
			c.cancel()
		}
	}
	return c.ctx
}

// Stop ends the iteration: the channels of C and Batches close even if
// futures are left. Call it when leaving a loop over them early.
func (c *Completed) Stop() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.stopped = true
	if c.cancel != nil {
		c.cancel()
	}
}
