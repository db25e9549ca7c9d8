package zmtp

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// greeting is what zmq4 v0.17.0 sends first on a socket with its default
// NULL security: ZMTP 3.0, mechanism "NULL", not as-server. The listener
// sends it on zmq4's behalf, and conn skips it when zmq4 writes it.
var greeting = func() []byte {
	g := make([]byte, greetingSize)
	g[0], g[9] = 0xFF, 0x7F // signature
	g[10], g[11] = 3, 0     // version
	copy(g[12:32], "NULL")  // mechanism
	return g
}()

// errNotZMTP3 is why a connection that does not greet in ZMTP 3 is closed.
var errNotZMTP3 = errors.New("zmtp: peer does not speak ZMTP 3")

// listener accepts in its own goroutine and hands zmq4 only connections
// whose peer has sent its greeting and first command, so that zmq4's
// accept loop, which handshakes each connection in turn and without a
// deadline, never waits on a peer. A connection that has not done so
// within cfg.HandshakeTimeout is closed.
type listener struct {
	inner net.Listener
	cfg   Config
	ready chan net.Conn // handshaken connections for Accept
	slots chan struct{} // one per connection in handshake
	done  chan struct{}
	once  sync.Once
	wg    sync.WaitGroup // the accept loop and the handshakes

	mu       sync.Mutex
	closed   bool
	inflight map[net.Conn]struct{}
}

func newListener(inner net.Listener, cfg Config) *listener {
	l := &listener{
		inner:    inner,
		cfg:      cfg,
		ready:    make(chan net.Conn),
		slots:    make(chan struct{}, maxHandshakes),
		done:     make(chan struct{}),
		inflight: make(map[net.Conn]struct{}),
	}
	l.wg.Add(1)
	go l.acceptLoop()
	return l
}

// Accept implements net.Listener: it returns the next handshaken
// connection, or net.ErrClosed once the listener is closed.
func (l *listener) Accept() (net.Conn, error) {
	select {
	case c := <-l.ready:
		return c, nil
	case <-l.done:
		return nil, net.ErrClosed
	}
}

// Addr implements net.Listener.
func (l *listener) Addr() net.Addr { return l.inner.Addr() }

// Close implements net.Listener: it stops accepting, closes the
// connections still in handshake and waits for its goroutines.
func (l *listener) Close() error {
	var err error
	l.once.Do(func() {
		close(l.done)
		err = l.inner.Close()
		l.mu.Lock()
		l.closed = true
		for c := range l.inflight {
			c.Close()
		}
		l.mu.Unlock()
		l.wg.Wait()
	})
	return err
}

func (l *listener) acceptLoop() {
	defer l.wg.Done()
	var delay time.Duration
	for {
		c, err := l.inner.Accept()
		if err != nil {
			select {
			case <-l.done:
				return
			default:
			}
			if errors.Is(err, net.ErrClosed) {
				return
			}
			// Such as too many open files: zmq4 would retry at once, in a
			// busy loop; wait a little longer each time.
			delay = min(max(2*delay, 5*time.Millisecond), time.Second)
			l.cfg.Logger.Warn("kernel: accept failed", "addr", l.inner.Addr(), "err", err, "retry_in", delay)
			select {
			case <-time.After(delay):
			case <-l.done:
				return
			}
			continue
		}
		delay = 0
		select {
		case l.slots <- struct{}{}:
			l.wg.Add(1)
			go l.handshake(c)
		default:
			l.cfg.Logger.Warn("kernel: refused a ZeroMQ connection: too many in handshake", "addr", l.inner.Addr(), "peer", c.RemoteAddr(), "limit", maxHandshakes)
			c.Close()
		}
	}
}

// handshake sends c the greeting, waits under the handshake deadline for
// the peer's greeting and first command, and hands c to Accept.
func (l *listener) handshake(c net.Conn) {
	defer l.wg.Done()
	defer func() { <-l.slots }()
	if !l.track(c) {
		c.Close()
		return
	}
	handed := false
	defer func() {
		l.untrack(c)
		if !handed {
			c.Close()
		}
	}()
	br := bufio.NewReaderSize(c, readBuffer)
	err := c.SetDeadline(time.Now().Add(l.cfg.HandshakeTimeout))
	if err == nil {
		_, err = c.Write(greeting)
	}
	if err == nil {
		err = awaitHandshake(br)
	}
	if err == nil {
		err = c.SetDeadline(time.Time{})
	}
	if err != nil {
		level := l.cfg.Logger.Warn
		select {
		case <-l.done:
			return // Close cut the handshake short
		default:
		}
		if errors.Is(err, io.EOF) {
			level = l.cfg.Logger.Debug // a peer that connected and left
		}
		level("kernel: dropped a ZeroMQ connection in handshake", "addr", l.inner.Addr(), "peer", c.RemoteAddr(), "err", err)
		return
	}
	select {
	case l.ready <- newConn(c, br, l.cfg, greeting):
		handed = true
	case <-l.done:
	}
}

func (l *listener) track(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return false
	}
	l.inflight[c] = struct{}{}
	return true
}

func (l *listener) untrack(c net.Conn) {
	l.mu.Lock()
	delete(l.inflight, c)
	l.mu.Unlock()
}

// awaitHandshake returns once br holds the peer's ZMTP 3 greeting and the
// whole of its first frame, which must be a command (READY, for the NULL
// mechanism) that fits in br's buffer.
func awaitHandshake(br *bufio.Reader) error {
	g, err := br.Peek(greetingSize + 2)
	if err != nil {
		return err
	}
	if g[0] != 0xFF || g[9] != 0x7F || g[10] < 3 {
		return errNotZMTP3
	}
	flags, size, hdr := g[greetingSize], uint64(g[greetingSize+1]), 2
	if flags&flagCommand == 0 {
		return fmt.Errorf("%w: its first frame is not a command", errNotZMTP3)
	}
	if flags&flagLong != 0 {
		hdr = 9
		if g, err = br.Peek(greetingSize + hdr); err != nil {
			return err
		}
		size = binary.BigEndian.Uint64(g[greetingSize+1:])
	}
	if size > uint64(br.Size()-greetingSize-hdr) {
		return fmt.Errorf("%w: its first command claims %d bytes", ErrTooLarge, size)
	}
	_, err = br.Peek(greetingSize + hdr + int(size))
	return err
}
