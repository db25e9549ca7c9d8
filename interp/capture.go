package interp

import (
	"bytes"
	"errors"
	"io"
	"os"
	"sync"
	"time"
)

// Output that compiled packages write to os.Stdout and os.Stderr does not
// pass through yaegi's writers. With Options.CaptureFD the session points
// the process's file descriptors 1 and 2 at pipes (dup2) and forwards what
// arrives to the same streams as interpreted output. One session at a
// time may capture; Close gives the descriptors back.

// errCaptured is returned by New when another session captures already.
var errCaptured = errors.New("interp: another session already captures the process's output")

var captureMu sync.Mutex // held while a session captures

// fdCapture is one captured descriptor.
type fdCapture struct {
	fd    int
	saved *os.File // the original descriptor, duplicated
	r, w  *os.File // the pipe; w now sits at fd

	mu     sync.Mutex
	synced chan struct{} // closed by the reader when it sees the sync mark
	done   chan struct{}
}

// syncMark is written through the pipe at the end of a cell; when the
// reader meets it, everything the cell wrote before it has been forwarded.
var syncMark = []byte("\x00\x01gofutures-sync\x01\x00")

// forward copies what arrives on the pipe to out, until the pipe closes.
func (c *fdCapture) forward(out io.Writer) {
	defer close(c.done)
	buf := make([]byte, 64<<10)
	var pending []byte
	for {
		n, err := c.r.Read(buf)
		data := append(pending, buf[:n]...)
		pending = nil
		for {
			i := bytes.Index(data, syncMark)
			if i < 0 {
				break
			}
			if i > 0 {
				out.Write(data[:i])
			}
			data = data[i+len(syncMark):]
			c.mu.Lock()
			if c.synced != nil {
				close(c.synced)
				c.synced = nil
			}
			c.mu.Unlock()
		}
		// Keep a tail that may be the start of a mark split across reads.
		keep := 0
		for k := min(len(syncMark)-1, len(data)); k > 0; k-- {
			if bytes.HasSuffix(data, syncMark[:k]) {
				keep = k
				break
			}
		}
		if len(data)-keep > 0 {
			out.Write(data[:len(data)-keep])
		}
		pending = append(pending, data[len(data)-keep:]...)
		if err != nil {
			return
		}
	}
}

// sync waits, up to a limit, until everything written to the descriptor
// so far has been forwarded.
func (c *fdCapture) sync() {
	ch := make(chan struct{})
	c.mu.Lock()
	c.synced = ch
	c.mu.Unlock()
	if _, err := c.w.Write(syncMark); err != nil {
		return
	}
	select {
	case <-ch:
	case <-time.After(200 * time.Millisecond):
	}
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
	return nil
}

// releaseStdio gives the descriptors back and stops the forwarding.
func (s *Session) releaseStdio() {
	if s.fds == nil {
		return
	}
	for _, fc := range s.fds {
		restore(fc)
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
