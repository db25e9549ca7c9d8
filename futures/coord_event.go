package futures

import (
	"context"
	"sync"
	"time"
)

// SharedEvent is a flag shared by name, which Client.Event returns, as
// Dask's distributed.Event: Set raises it, Clear lowers it, Wait waits until
// it is raised. Wait frees the calling task's worker slot while it waits.
// (Event, in this package, is a task's status change.)
type SharedEvent struct {
	name string
	s    *eventState
}

type eventState struct {
	mu      sync.Mutex
	set     bool
	changed signal
}

// Event returns the event called name, cleared on first use.
func (c *Client) Event(name string) *SharedEvent {
	k := c.coordination()
	k.mu.Lock()
	defer k.mu.Unlock()
	s := k.events[name]
	if s == nil {
		s = &eventState{}
		k.events[name] = s
	}
	return &SharedEvent{name: name, s: s}
}

// Name returns the event's name.
func (e *SharedEvent) Name() string { return e.name }

// Set raises the event, waking every waiter.
func (e *SharedEvent) Set() {
	e.s.mu.Lock()
	e.s.set = true
	e.s.changed.notify()
	e.s.mu.Unlock()
}

// Clear lowers the event.
func (e *SharedEvent) Clear() {
	e.s.mu.Lock()
	e.s.set = false
	e.s.mu.Unlock()
}

// IsSet reports whether the event is raised.
func (e *SharedEvent) IsSet() bool {
	e.s.mu.Lock()
	defer e.s.mu.Unlock()
	return e.s.set
}

// Wait waits until the event is raised.
func (e *SharedEvent) Wait() { _ = e.wait(context.Background()) }

// WaitWithTimeout is Wait giving up after d; it reports whether the event
// was raised.
func (e *SharedEvent) WaitWithTimeout(d time.Duration) bool {
	ctx, cancel := timeoutContext(d)
	defer cancel()
	return e.wait(ctx) == nil
}

func (e *SharedEvent) wait(ctx context.Context) error {
	for {
		e.s.mu.Lock()
		if e.s.set {
			e.s.mu.Unlock()
			return nil
		}
		ch := e.s.changed.wait()
		e.s.mu.Unlock()
		if err := block(ctx, ch); err != nil {
			return err
		}
	}
}
