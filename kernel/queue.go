package kernel

import "sync"

// queued is an execute_request waiting for the execute goroutine, with the
// sequence number the shell goroutine gave it on arrival.
type queued struct {
	msg *Message
	seq uint64
}

// execQueue is an unbounded FIFO, so that the shell goroutine never
// blocks behind a running cell.
type execQueue struct {
	mu     sync.Mutex
	items  []queued
	signal chan struct{}
	closed bool
}

func (q *execQueue) init() { q.signal = make(chan struct{}, 1) }

func (q *execQueue) push(it queued) {
	q.mu.Lock()
	q.items = append(q.items, it)
	q.mu.Unlock()
	q.notify()
}

func (q *execQueue) notify() {
	select {
	case q.signal <- struct{}{}:
	default:
	}
}

func (q *execQueue) close() {
	q.mu.Lock()
	q.closed = true
	q.mu.Unlock()
	q.notify()
}

// pop blocks for the next item; ok is false once the queue is closed.
func (q *execQueue) pop() (it queued, ok bool) {
	for {
		q.mu.Lock()
		if q.closed {
			q.mu.Unlock()
			return queued{}, false
		}
		if len(q.items) > 0 {
			it = q.items[0]
			q.items[0] = queued{}
			q.items = q.items[1:]
			q.mu.Unlock()
			return it, true
		}
		q.mu.Unlock()
		<-q.signal
	}
}
