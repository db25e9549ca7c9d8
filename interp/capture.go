package interp

import (
	"errors"
	"io"
	"os"
	"sync"
	"syscall"
	"time"
	"unicode/utf8"
)

// Output that compiled packages write to os.Stdout and os.Stderr does not
// pass through yaegi's writers. With Options.CaptureFD the session points
// the process's file descriptor 1 at a pipe (dup2), and os.Stderr and the
// standard logger at another (descriptor 2 stays the process's standard
// error, for the runtime's fatal errors: see fatal.go), and forwards what
// arrives to the same streams as interpreted output. One session at a
// time may capture; Close gives the descriptors back.

// errCaptured is returned by New when another session captures already.
var errCaptured = errors.New("interp: another session already captures the process's output")

var captureMu sync.Mutex // held while a session captures

// fdCapture is one captured descriptor.
type fdCapture struct {
	fd    int
	saved *os.File        // the original descriptor, duplicated
	r, w  *os.File        // the pipe; w now sits at fd, unless the capture is of os.Stderr only
	out   io.Writer       // where forward sends what it reads; nil until it starts
	rc    syscall.RawConn // the pipe's read end, for reads that do not wait
	done  chan struct{}

	// turn is held by whoever reads the pipe and forwards what it read:
	// the forwarding goroutine, or sync, which drains the pipe itself.
	// Whatever was written before sync took it is then either forwarded
	// already or still in the pipe for sync to read.
	turn    chan struct{}
	buf     []byte
	pending []byte // the start of a character split by a read
}

// newCapture makes the capture of descriptor fd through the pipe r, w.
func newCapture(fd int, saved, r, w *os.File) *fdCapture {
	return &fdCapture{fd: fd, saved: saved, r: r, w: w, done: make(chan struct{}),
		turn: make(chan struct{}, 1), buf: make([]byte, 64<<10)}
}

// forward copies what arrives on the pipe to out, until the pipe closes.
func (c *fdCapture) forward(out io.Writer) {
	defer close(c.done)
	rc, err := c.r.SyscallConn()
	if err != nil {
		return
	}
	c.turn <- struct{}{}
	c.out, c.rc = out, rc
	<-c.turn
	for {
		var end bool
		err := rc.Read(func(fd uintptr) bool {
			c.turn <- struct{}{}
			defer func() { <-c.turn }()
			n, err := c.read(fd)
			if err == syscall.EAGAIN {
				return false // wait until the pipe is readable
			}
			end = n == 0 || err != nil
			return true
		})
		if err != nil || end {
			c.turn <- struct{}{}
			c.flush()
			<-c.turn
			return
		}
	}
}

// read reads the pipe once without waiting and forwards what it read. A
// write to out never ends inside a UTF-8 sequence: the kernel sends stream
// text as JSON strings, where the halves of a character split by a read
// (of at most 64 KiB) would each become U+FFFD. The caller holds the turn.
func (c *fdCapture) read(fd uintptr) (int, error) {
	n, err := syscall.Read(int(fd), c.buf)
	for err == syscall.EINTR {
		n, err = syscall.Read(int(fd), c.buf)
	}
	if n <= 0 {
		return 0, err
	}
	data := append(c.pending, c.buf[:n]...)
	keep := incompleteRune(data)
	if len(data) > keep {
		c.out.Write(data[:len(data)-keep])
	}
	c.pending = append(c.pending[:0], data[len(data)-keep:]...)
	return n, nil
}

// flush forwards a split character's start that no read completed.
func (c *fdCapture) flush() {
	if len(c.pending) > 0 {
		c.out.Write(c.pending)
		c.pending = c.pending[:0]
	}
}

// syncReads bounds the reads of one sync, against a goroutine that writes
// without pause: 16 MiB.
const syncReads = 256

// sync forwards everything written to the descriptor so far: it takes the
// turn, waiting up to a limit for a forward in progress, and reads the
// pipe until it is empty. A cell that wrote nothing costs one read that
// finds the pipe empty.
func (c *fdCapture) sync() {
	select {
	case c.turn <- struct{}{}:
	default:
		t := time.NewTimer(200 * time.Millisecond)
		defer t.Stop()
		select {
		case c.turn <- struct{}{}:
		case <-t.C:
			return
		}
	}
	defer func() { <-c.turn }()
	if c.out == nil { // not forwarding
		return
	}
	c.rc.Control(func(fd uintptr) {
		for range syncReads {
			if n, err := c.read(fd); n == 0 || err != nil {
				break
			}
		}
	})
	c.flush()
}

// incompleteRune returns the length of the UTF-8 sequence that data ends
// inside of, or 0 when data ends on a character boundary (or in bytes that
// are no UTF-8, which wait for nothing).
func incompleteRune(data []byte) int {
	for k := 1; k < utf8.UTFMax && k <= len(data); k++ {
		if utf8.RuneStart(data[len(data)-k]) {
			if utf8.FullRune(data[len(data)-k:]) {
				return 0
			}
			return k
		}
	}
	return 0
}

// captureStdio starts capturing descriptors 1 and 2 into s's streams.
func (s *Session) captureStdio() error {
	if !captureMu.TryLock() {
		return errCaptured
	}
	for _, c := range []struct {
		fd   int
		name string
	}{{1, "stdout"}, {2, "stderr"}} {
		capture := capture
		if c.fd == 2 {
			capture = captureStderr // see fatal.go
		}
		fc, err := capture(c.fd)
		if err != nil {
			s.releaseStdio()
			return err
		}
		s.fds = append(s.fds, fc)
		out := s.streams[c.name]
		if out.fallback == nil || out.fallback == os.Stdout || out.fallback == os.Stderr {
			out.fallback = fc.saved // writing to fd 1 or 2 would loop back
		}
		go fc.forward(out)
	}
	s.redirectProcess()
	return nil
}

// releaseStdio gives the descriptors back and stops the forwarding.
func (s *Session) releaseStdio() {
	if s.fds == nil {
		return
	}
	s.restoreProcess()
	for _, fc := range s.fds {
		if fc.fd == 1 {
			restore(fc)
		}
		fc.w.Close()
		<-fc.done
		fc.r.Close()
	}
	s.fds = nil
	captureMu.Unlock()
}

// syncStdio waits until output written to the captured descriptors so far
// has reached its sink.
func (s *Session) syncStdio() {
	for _, fc := range s.fds {
		fc.sync()
	}
}
