package futures

import (
	"context"
	"sync"
	"time"
)

// Pub publishes messages on a topic (Client.Pub), as Dask's distributed.Pub:
// every Sub of the topic that exists when Put is called receives them, in
// order.
type Pub struct {
	topic string
	c     *Client
}

// Sub receives the messages published on a topic after it was made
// (Client.Sub), as Dask's distributed.Sub. Close it when done. Get frees
// the calling task's worker slot while it waits.
type Sub struct {
	topic   string
	c       *Client
	mu      sync.Mutex
	msgs    []any
	closed  bool
	changed signal
}

// Pub returns a publisher on topic.
func (c *Client) Pub(topic string) *Pub { return &Pub{topic: topic, c: c} }

// Sub returns a new subscription to topic.
func (c *Client) Sub(topic string) *Sub {
	s := &Sub{topic: topic, c: c}
	k := c.coordination()
	k.mu.Lock()
	subs := k.topics[topic]
	if subs == nil {
		subs = map[*Sub]bool{}
		k.topics[topic] = subs
	}
	subs[s] = true
	k.mu.Unlock()
	return s
}

// Topic returns the publisher's topic.
func (p *Pub) Topic() string { return p.topic }

// Put sends x to every current subscriber of the topic.
func (p *Pub) Put(x any) {
	k := p.c.coordination()
	k.mu.Lock()
	subs := make([]*Sub, 0, len(k.topics[p.topic]))
	for s := range k.topics[p.topic] {
		subs = append(subs, s)
	}
	k.mu.Unlock()
	for _, s := range subs {
		s.mu.Lock()
		if !s.closed {
			s.msgs = append(s.msgs, x)
			s.changed.notify()
		}
		s.mu.Unlock()
	}
}

// Topic returns the subscription's topic.
func (s *Sub) Topic() string { return s.topic }

// Get waits for the next message and returns it; ErrClosed once the
// subscription is closed.
func (s *Sub) Get() (any, error) { return s.get(context.Background()) }

// GetWithTimeout is Get giving up after d with ErrTimeout.
func (s *Sub) GetWithTimeout(d time.Duration) (any, error) {
	ctx, cancel := timeoutContext(d)
	defer cancel()
	return s.get(ctx)
}

func (s *Sub) get(ctx context.Context) (any, error) {
	for {
		s.mu.Lock()
		if len(s.msgs) > 0 {
			x := s.msgs[0]
			s.msgs[0] = nil
			s.msgs = s.msgs[1:]
			s.mu.Unlock()
			return x, nil
		}
		if s.closed {
			s.mu.Unlock()
			return nil, ErrClosed
		}
		ch := s.changed.wait()
		s.mu.Unlock()
		if err := block(ctx, ch); err != nil {
			return nil, waitErr(err)
		}
	}
}

// Len returns how many messages wait to be read.
func (s *Sub) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.msgs)
}

// Close ends the subscription: it receives nothing more, and Get returns
// ErrClosed once the messages already received are read.
func (s *Sub) Close() {
	k := s.c.coordination()
	k.mu.Lock()
	delete(k.topics[s.topic], s)
	if len(k.topics[s.topic]) == 0 {
		delete(k.topics, s.topic)
	}
	k.mu.Unlock()
	s.mu.Lock()
	s.closed = true
	s.changed.notify()
	s.mu.Unlock()
}
