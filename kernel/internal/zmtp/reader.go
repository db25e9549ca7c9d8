package zmtp

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// ZMTP 3 framing (RFC 23): a 64-byte greeting, then frames, each a flags
// byte, a size (one byte, or eight big-endian bytes when the long flag is
// set) and a body of that size.
const (
	greetingSize = 64
	flagMore     = 0x01
	flagLong     = 0x02
	flagCommand  = 0x04
)

// ErrTooLarge is the error of a connection whose peer announced a frame
// taking its message past the size limit.
var ErrTooLarge = errors.New("zmtp: message larger than the limit")

// readAhead is the frame size from which Reader holds back a frame's header
// until its whole body has arrived; chunk is the first piece in which it
// keeps such a body, and maxChunk the largest.
const (
	readAhead = 64 << 10
	chunk     = 64 << 10
	maxChunk  = 4 << 20
)

// Reader passes a ZMTP 3 byte stream through unchanged and fails it, with
// an error wrapping ErrTooLarge, when a frame would take its message (the
// frames joined by the more flag) past the limit. It checks every header
// before returning any of its bytes, so its caller never sees a size above
// the limit. The header of a frame of 64 KiB or more is returned only
// once the body has been read, in pieces that start at 64 KiB and grow
// with what arrived: a peer that announces much and sends little costs at
// most twice what it sent, plus 64 KiB.
//
// Reader is not safe for concurrent use; after an error every Read returns
// it again.
type Reader struct {
	r        *bufio.Reader
	max      uint64
	greeting int      // greeting bytes still to pass
	pending  [][]byte // checked bytes not yet returned
	body     uint64   // body bytes of the current frame to pass straight from r
	msg      uint64   // size of the frames of the current message so far
	err      error

	readAhead, chunk uint64 // the constants, smaller in tests
}

// NewReader returns a Reader of the stream r, starting with the greeting,
// that fails a message of more than limit bytes.
func NewReader(r *bufio.Reader, limit int64) *Reader {
	if limit < 0 {
		limit = 0
	}
	return &Reader{r: r, max: uint64(limit), greeting: greetingSize, readAhead: readAhead, chunk: chunk}
}

// Read implements io.Reader.
func (z *Reader) Read(p []byte) (int, error) {
	if len(p) == 0 {
		return 0, nil
	}
	for len(z.pending) == 0 && z.body == 0 {
		if z.err != nil {
			return 0, z.err
		}
		z.err = z.next()
	}
	if len(z.pending) > 0 {
		n := copy(p, z.pending[0])
		if z.pending[0] = z.pending[0][n:]; len(z.pending[0]) == 0 {
			z.pending[0] = nil
			z.pending = z.pending[1:]
		}
		return n, nil
	}
	if uint64(len(p)) > z.body {
		p = p[:z.body]
	}
	n, err := z.r.Read(p)
	z.body -= uint64(n)
	if z.body > 0 {
		err = unexpected(err)
	}
	if err != nil && z.err == nil {
		z.err = err
	}
	return n, err
}

// next reads the greeting or one frame header and makes its bytes pending.
func (z *Reader) next() error {
	if z.greeting > 0 {
		g := make([]byte, z.greeting)
		n, err := io.ReadFull(z.r, g)
		z.greeting -= n
		z.pending = append(z.pending, g[:n])
		return err
	}
	hdr := make([]byte, 2, 9)
	if _, err := io.ReadFull(z.r, hdr); err != nil {
		return err
	}
	flags, size := hdr[0], uint64(hdr[1])
	if flags&flagLong != 0 {
		hdr = hdr[:9]
		if _, err := io.ReadFull(z.r, hdr[2:]); err != nil {
			return unexpected(err)
		}
		size = binary.BigEndian.Uint64(hdr[1:])
	}
	if size > z.max || z.msg > z.max-size {
		return fmt.Errorf("%w: a frame of %d bytes after %d takes the message past %d", ErrTooLarge, size, z.msg, z.max)
	}
	if flags&flagMore != 0 && flags&flagCommand == 0 {
		z.msg += size
	} else {
		z.msg = 0
	}
	z.pending = append(z.pending, hdr)
	if size < z.readAhead {
		z.body = size
		return nil
	}
	for got := uint64(0); size > 0; {
		// Pieces grow with what arrived, so that memory stays within
		// twice the bytes received and a large body takes few pieces.
		b := make([]byte, min(size, max(z.chunk, min(got, maxChunk))))
		got += uint64(len(b))
		n, err := io.ReadFull(z.r, b)
		if err != nil {
			z.pending = nil // the header must not pass without its body
			return unexpected(err)
		}
		z.pending = append(z.pending, b[:n])
		size -= uint64(n)
	}
	return nil
}

// unexpected turns the end of the stream inside a frame into
// io.ErrUnexpectedEOF.
func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}
