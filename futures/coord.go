package futures

import (
	"context"
	"sync"
	"time"
)

// Coordination between tasks and the caller, as in Dask's
// distributed.Variable, Queue, Lock, Semaphore, Event, Pub and Sub: values
// shared by name through the client. Every Client.Variable(name) (and so
// on) with the same name reaches the same shared state, from any task or
// goroutine. A *Future stored in one (set, put, published) keeps its
// result alive until it is taken out or replaced. Calls that wait free the
// calling task's worker slot while they wait, as Result does.

// coord is a client's named coordination state, made on first use.
type coord struct {
	mu       sync.Mutex
	vars     map[string]*varState
	queues   map[string]*queueState
	locks    map[string]*semState
	sems     map[string]*semState
	events   map[string]*eventState
	topics   map[string]map[*Sub]bool
	datasets map[string]any
}

func (c *Client) coordination() *coord {
	c.coordOnce.Do(func() {
		c.coord = &coord{
			vars: map[string]*varState{}, queues: map[string]*queueState{},
			locks: map[string]*semState{}, sems: map[string]*semState{},
			events: map[string]*eventState{}, topics: map[string]map[*Sub]bool{},
			datasets: map[string]any{},
		}
	})
	return c.coord
}

// signal is a condition that waiters block on without holding a lock: a
// channel closed and replaced at each change.
type signal struct{ ch chan struct{} }

// wait returns the channel closed at the next change; the owner's lock is held.
func (s *signal) wait() <-chan struct{} {
	if s.ch == nil {
		s.ch = make(chan struct{})
	}
	return s.ch
}

// notify wakes every waiter; the owner's lock is held.
func (s *signal) notify() {
	if s.ch != nil {
		close(s.ch)
		s.ch = nil
	}
}

// hold returns what a coordination value stores for v: a handle of its
// own when v is a future, so that the caller may release theirs.
func hold(v any) any {
	if f, ok := v.(*Future); ok && f != nil && !f.released.Load() {
		c := f.t.c
		c.mu.Lock()
		h := c.handle(f.t)
		c.mu.Unlock()
		return h
	}
	return v
}

// share returns a new handle on a stored future, or the stored value.
func share(v any) any { return hold(v) }

// drop releases a stored future.
func drop(v any) {
	if f, ok := v.(*Future); ok {
		f.Release()
	}
}

// timeoutContext returns a context ending after d (never for d < 0).
func timeoutContext(d time.Duration) (context.Context, context.CancelFunc) {
	if d < 0 {
		return context.Background(), func() {}
	}
	return context.WithTimeout(context.Background(), d)
}

// waitErr turns a wait's context error into ErrTimeout.
func waitErr(err error) error {
	if err == context.DeadlineExceeded {
		return ErrTimeout
	}
	return err
}
