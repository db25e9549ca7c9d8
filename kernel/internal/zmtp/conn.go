package zmtp

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"net"
	"os"
	"sync"
	"time"
)

// ErrStalled is the error of a connection dropped because its peer
// accepted no byte for the stall timeout.
var ErrStalled = errors.New("zmtp: peer stopped reading")

// errGreeting is the error of a connection on which zmq4 wrote a greeting
// other than the one the listener had already sent for it.
var errGreeting = errors.New("zmtp: zmq4 wrote an unexpected greeting")

// fatal wraps the errors conn makes itself. zmq4 forgets a connection
// whose I/O fails with io.EOF or with a net.Error that is not a timeout,
// and keeps writing to one that timed out; a fatal error is a net.Error
// that is not a timeout, so zmq4 drops the peer.
type fatal struct{ err error }

func (e fatal) Error() string   { return e.err.Error() }
func (e fatal) Unwrap() error   { return e.err }
func (e fatal) Timeout() bool   { return false }
func (e fatal) Temporary() bool { return false }

var _ net.Error = fatal{}

// conn is a net.Conn whose reads pass through a Reader and whose writes
// drop the peer when it stops reading. It gathers the pieces zmq4 writes
// until a message is complete (see boundaries), then sends them at once.
// It closes the underlying connection on the first error of its own,
// reporting it once through cfg.Logger.
type conn struct {
	net.Conn
	cfg  Config
	r    *Reader
	once sync.Once

	wmu  sync.Mutex
	sent []byte // greeting bytes already sent, which zmq4 will write again
	out  boundaries
	wbuf []byte // gathered bytes of an incomplete message
	// deadline is the write deadline set last. It is moved on only when
	// less than a stall timeout remains, to 1.5 stall timeouts ahead, so
	// that a peer always has at least the stall timeout and most writes
	// cost no deadline change.
	deadline time.Time
}

// bigWrite is the size from which a write goes out at once, with what was
// gathered before it, rather than being copied.
const bigWrite = 32 << 10

func newConn(c net.Conn, br *bufio.Reader, cfg Config, sent []byte) *conn {
	return &conn{Conn: c, cfg: cfg, r: NewReader(br, cfg.MaxMessageSize), sent: sent}
}

// Read implements net.Conn.
func (c *conn) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if errors.Is(err, ErrTooLarge) {
		return n, c.fail(err)
	}
	return n, err
}

// Write implements net.Conn. What it gathers is sent when a message is
// complete; each send may take as long as the peer keeps accepting bytes,
// and when it accepts none for cfg.StallTimeout (up to half as long again)
// the peer is dropped. The
// greeting the listener sent for zmq4 is skipped here.
func (c *conn) Write(p []byte) (int, error) {
	c.wmu.Lock()
	defer c.wmu.Unlock()
	total := len(p)
	if len(c.sent) > 0 {
		n := min(len(p), len(c.sent))
		if !bytes.Equal(p[:n], c.sent[:n]) {
			return 0, c.fail(errGreeting)
		}
		c.out.feed(p[:n])
		c.sent, p = c.sent[n:], p[n:]
	}
	c.out.feed(p)
	var bufs net.Buffers
	switch {
	case len(p) >= bigWrite:
		bufs = net.Buffers{c.wbuf, p}
	case len(p) > 0:
		c.wbuf = append(c.wbuf, p...)
		if c.out.atEnd() || len(c.wbuf) >= bigWrite {
			bufs = net.Buffers{c.wbuf}
		}
	}
	if bufs == nil {
		return total, nil
	}
	c.wbuf = c.wbuf[:0]
	if err := c.send(bufs); err != nil {
		return 0, err
	}
	return total, nil
}

// send writes bufs, waiting as long as the peer accepts bytes.
func (c *conn) send(bufs net.Buffers) error {
	for len(bufs) > 0 {
		if now := time.Now(); c.deadline.Sub(now) < c.cfg.StallTimeout {
			c.deadline = now.Add(c.cfg.StallTimeout * 3 / 2)
			if err := c.Conn.SetWriteDeadline(c.deadline); err != nil {
				return err
			}
		}
		n, err := bufs.WriteTo(c.Conn)
		switch {
		case err == nil:
		case errors.Is(err, os.ErrDeadlineExceeded) && n > 0:
			// The peer is slow, not stuck: wait again.
		case errors.Is(err, os.ErrDeadlineExceeded):
			return c.fail(fmt.Errorf("%w for %v", ErrStalled, c.cfg.StallTimeout))
		default:
			return err
		}
	}
	return nil
}

// fail closes the connection and returns err as a fatal error.
func (c *conn) fail(err error) error {
	c.once.Do(func() {
		c.cfg.Logger.Warn("kernel: dropped a ZeroMQ peer", "local", c.LocalAddr(), "peer", c.RemoteAddr(), "err", err)
		c.Conn.Close()
	})
	return fatal{err}
}
