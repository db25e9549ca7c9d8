package kerneltest

import (
	"bytes"
	"context"
	"fmt"
	"sync"

	"github.com/gofutures/gofutures/kernel"
)

// Transport is an in-memory kernel.Transport. The kernel side is the
// Transport itself; the frontend side is Frontend(). Queues are unbounded,
// so neither side ever blocks the other.
type Transport struct {
	toKernel   [3]*pipe // Shell, Control, Stdin
	fromKernel [4]*pipe // Shell, Control, Stdin, IOPub
	done       chan struct{}
	once       sync.Once
}

var _ kernel.Transport = (*Transport)(nil)

// NewTransport returns an open in-memory transport.
func NewTransport() *Transport {
	t := &Transport{done: make(chan struct{})}
	for i := range t.toKernel {
		t.toKernel[i] = newPipe()
	}
	for i := range t.fromKernel {
		t.fromKernel[i] = newPipe()
	}
	return t
}

// Recv implements kernel.Transport.
func (t *Transport) Recv(ctx context.Context, ch kernel.Channel) ([][]byte, error) {
	if ch < kernel.Shell || ch > kernel.Stdin {
		return nil, fmt.Errorf("kerneltest: kernel cannot receive on %s", ch)
	}
	return t.toKernel[ch].get(ctx, t.done)
}

// Send implements kernel.Transport.
func (t *Transport) Send(ch kernel.Channel, frames [][]byte) error {
	if ch < kernel.Shell || ch > kernel.IOPub {
		return fmt.Errorf("kerneltest: kernel cannot send on %s", ch)
	}
	select {
	case <-t.done:
		return kernel.ErrClosed
	default:
	}
	t.fromKernel[ch].put(frames)
	return nil
}

// Close implements kernel.Transport.
func (t *Transport) Close() error {
	t.once.Do(func() { close(t.done) })
	return nil
}

// Frontend returns the other end of the transport.
func (t *Transport) Frontend() Frontend { return memFrontend{t} }

// Frontend is the client side of a transport: what a Jupyter client does
// with its sockets.
type Frontend interface {
	// Send sends frames to the kernel on ch (Shell, Control or Stdin).
	Send(ch kernel.Channel, frames [][]byte) error
	// Recv returns the next frames the kernel sent on ch (Shell,
	// Control, Stdin or IOPub), without routing identities.
	Recv(ctx context.Context, ch kernel.Channel) ([][]byte, error)
	// Close releases the frontend.
	Close() error
}

type memFrontend struct{ t *Transport }

func (f memFrontend) Send(ch kernel.Channel, frames [][]byte) error {
	if ch < kernel.Shell || ch > kernel.Stdin {
		return fmt.Errorf("kerneltest: frontend cannot send on %s", ch)
	}
	// A ROUTER socket prefixes the sender's identity.
	f.t.toKernel[ch].put(append([][]byte{[]byte("frontend")}, frames...))
	return nil
}

func (f memFrontend) Recv(ctx context.Context, ch kernel.Channel) ([][]byte, error) {
	if ch < kernel.Shell || ch > kernel.IOPub {
		return nil, fmt.Errorf("kerneltest: frontend cannot receive on %s", ch)
	}
	frames, err := f.t.fromKernel[ch].get(ctx, f.t.done)
	if err != nil {
		return nil, err
	}
	if ch != kernel.IOPub && len(frames) > 0 && bytes.Equal(frames[0], []byte("frontend")) {
		frames = frames[1:] // a DEALER socket strips it again
	}
	return frames, nil
}

func (f memFrontend) Close() error { return nil }

// pipe is an unbounded FIFO of frame lists.
type pipe struct {
	mu     sync.Mutex
	items  [][][]byte
	signal chan struct{}
}

func newPipe() *pipe { return &pipe{signal: make(chan struct{}, 1)} }

func (p *pipe) put(frames [][]byte) {
	cp := make([][]byte, len(frames))
	for i, f := range frames {
		cp[i] = bytes.Clone(f)
	}
	p.mu.Lock()
	p.items = append(p.items, cp)
	p.mu.Unlock()
	select {
	case p.signal <- struct{}{}:
	default:
	}
}

func (p *pipe) get(ctx context.Context, done <-chan struct{}) ([][]byte, error) {
	for {
		p.mu.Lock()
		if len(p.items) > 0 {
			f := p.items[0]
			p.items[0] = nil
			p.items = p.items[1:]
			more := len(p.items) > 0
			p.mu.Unlock()
			if more { // wake the next reader
				select {
				case p.signal <- struct{}{}:
				default:
				}
			}
			return f, nil
		}
		p.mu.Unlock()
		select {
		case <-p.signal:
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-done:
			return nil, kernel.ErrClosed
		}
	}
}
