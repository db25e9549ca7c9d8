package futures

import (
	"context"
	"sync"
	"time"
)

// Queue is a first-in first-out queue shared by name (Client.Queue), as
// Dask's distributed.Queue: Put adds, Get waits for an item and takes it.
// A future put keeps its result alive until it is taken. Safe for
// concurrent use; each item goes to one getter.
type Queue struct {
	name string
	s    *queueState
}

type queueState struct {
	mu      sync.Mutex
	items   []any
	changed signal
}

// Queue returns the queue called name, made empty on first use.
func (c *Client) Queue(name string) *Queue {
	k := c.coordination()
	k.mu.Lock()
	defer k.mu.Unlock()
	s := k.queues[name]
	if s == nil {
		s = &queueState{}
		k.queues[name] = s
	}
	return &Queue{name: name, s: s}
}

// Name returns the queue's name.
func (q *Queue) Name() string { return q.name }

// Put adds x at the end of the queue.
func (q *Queue) Put(x any) {
	x = hold(x)
	q.s.mu.Lock()
	q.s.items = append(q.s.items, x)
	q.s.changed.notify()
	q.s.mu.Unlock()
}

// Get waits for an item and takes it from the front of the queue. Called
// from a task, it frees the worker slot while it waits.
func (q *Queue) Get() (any, error) { return q.get(context.Background()) }

// GetWithTimeout is Get giving up after d with ErrTimeout.
func (q *Queue) GetWithTimeout(d time.Duration) (any, error) {
	ctx, cancel := timeoutContext(d)
	defer cancel()
	return q.get(ctx)
}

func (q *Queue) get(ctx context.Context) (any, error) {
	for {
		q.s.mu.Lock()
		if len(q.s.items) > 0 {
			x := q.s.items[0]
			q.s.items[0] = nil
			q.s.items = q.s.items[1:]
			q.s.mu.Unlock()
			return x, nil
		}
		ch := q.s.changed.wait()
		q.s.mu.Unlock()
		if err := block(ctx, ch); err != nil {
			return nil, waitErr(err)
		}
	}
}

// Len returns the number of items in the queue.
func (q *Queue) Len() int {
	q.s.mu.Lock()
	defer q.s.mu.Unlock()
	return len(q.s.items)
}
