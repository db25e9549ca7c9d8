package interp

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"sync"
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
	saved *os.File // the original descriptor, duplicated
	r, w  *os.File // the pipe; w now sits at fd, unless the capture is of os.Stderr only
	mark  []byte   // the sync mark (see newMark)

	mu     sync.Mutex
	synced chan struct{} // closed by the reader when it sees the sync mark
	done   chan struct{}
}

// newMark returns the sync mark of a captured descriptor: written through
// the pipe at the end of a cell, it tells the reader, when it meets it,
// that everything the cell wrote before it has been forwarded. The reader
// takes the mark out of the stream, so it must be bytes no program writes:
// a fixed prefix and 128 random bits, drawn for each capture, which a
// cell cannot know. Any other bytes, a mark of another session included,
// pass through unchanged.
func newMark() []byte {
	var r [16]byte
	rand.Read(r[:])
	return []byte("\x00gofutures-sync:" + hex.EncodeToString(r[:]) + "\x00")
}

// forward copies what arrives on the pipe to out, until the pipe closes.
// A write to out never ends inside a UTF-8 sequence: the kernel sends
// stream text as JSON strings, where the halves of a character split by
// a read (of at most 64 KiB) would each become U+FFFD.
func (c *fdCapture) forward(out io.Writer) {
	defer close(c.done)
	buf := make([]byte, 64<<10)
	var pending []byte
	for {
		n, err := c.r.Read(buf)
		data := append(pending, buf[:n]...)
		pending = nil
		for {
			i := bytes.Index(data, c.mark)
			if i < 0 {
				break
			}
			if i > 0 {
				out.Write(data[:i])
			}
			data = data[i+len(c.mark):]
			c.mu.Lock()
			if c.synced != nil {
				close(c.synced)
				c.synced = nil
			}
			c.mu.Unlock()
		}
		keep := 0
		if err == nil {
			// Keep a tail that may be the start of a mark split across
			// reads, or of a character.
			keep = max(markPrefix(data, c.mark), incompleteRune(data))
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

// markPrefix returns the length of the longest tail of data that is a
// proper prefix of mark.
func markPrefix(data, mark []byte) int {
	for k := min(len(mark)-1, len(data)); k > 0; k-- {
		if bytes.HasSuffix(data, mark[:k]) {
			return k
		}
	}
	return 0
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

// sync waits, up to a limit, until everything written to the descriptor
// so far has been forwarded.
func (c *fdCapture) sync() {
	ch := make(chan struct{})
	c.mu.Lock()
	c.synced = ch
	c.mu.Unlock()
	if _, err := c.w.Write(c.mark); err != nil {
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
