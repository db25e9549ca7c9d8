package zmtp

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"testing"
)

// frame encodes one ZMTP 3 frame.
func frame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		h := make([]byte, 9)
		h[0] = flags | flagLong
		binary.BigEndian.PutUint64(h[1:], uint64(len(body)))
		return append(h, body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// header encodes a long frame header announcing size bytes.
func header(flags byte, size uint64) []byte {
	h := make([]byte, 9)
	h[0] = flags | flagLong
	binary.BigEndian.PutUint64(h[1:], size)
	return h
}

func stream(parts ...[]byte) []byte {
	return bytes.Join(append([][]byte{greeting}, parts...), nil)
}

// readAll reads r n bytes at a time until an error.
func readAll(r io.Reader, n int) ([]byte, error) {
	var out []byte
	buf := make([]byte, n)
	for {
		k, err := r.Read(buf)
		out = append(out, buf[:k]...)
		if err != nil {
			return out, err
		}
	}
}

func newTestReader(data []byte, max int64) *Reader {
	return NewReader(bufio.NewReaderSize(bytes.NewReader(data), 16), max)
}

func TestReader(t *testing.T) {
	big := bytes.Repeat([]byte("x"), 70<<10) // above readAhead
	cases := []struct {
		name    string
		in      []byte
		max     int64
		wantOut []byte // nil: all of in
		wantErr error
	}{
		{"a well-formed stream passes unchanged",
			stream(frame(flagCommand, []byte("\x05READY")), frame(flagMore, []byte("id")), frame(0, big), frame(0, nil)), 1 << 20, nil, io.EOF},
		{"a header announcing 2^40 bytes is refused before it is returned",
			stream(frame(flagCommand, []byte("\x05READY")), header(0, 1<<40)), 1 << 20, stream(frame(flagCommand, []byte("\x05READY"))), ErrTooLarge},
		{"a header announcing 2^64-1 bytes is refused",
			stream(header(flagMore, 1<<64-1)), 1 << 20, greeting, ErrTooLarge},
		{"frames joined by more are counted together",
			stream(frame(flagMore, make([]byte, 600)), frame(flagMore, make([]byte, 600)), frame(0, make([]byte, 600))), 1500,
			stream(frame(flagMore, make([]byte, 600)), frame(flagMore, make([]byte, 600))), ErrTooLarge},
		{"the count starts again with each message",
			stream(frame(0, make([]byte, 600)), frame(0, make([]byte, 600)), frame(0, make([]byte, 600))), 700, nil, io.EOF},
		{"a large frame cut short returns none of its header",
			stream(frame(0, nil), header(0, 1<<20), []byte("only this")), 1 << 30, stream(frame(0, nil)), io.ErrUnexpectedEOF},
		{"a small frame cut short passes what arrived",
			stream(frame(0, []byte("abcdef"))[:5]), 1 << 20, nil, io.ErrUnexpectedEOF},
		{"a greeting cut short passes what arrived",
			greeting[:30], 1 << 20, nil, io.ErrUnexpectedEOF},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.wantOut
			if want == nil {
				want = tc.in
			}
			for _, n := range []int{1, 7, 4096} {
				out, err := readAll(newTestReader(tc.in, tc.max), n)
				if !bytes.Equal(out, want) {
					t.Errorf("reading %d at a time: got %d bytes, want %d", n, len(out), len(want))
				}
				if !errors.Is(err, tc.wantErr) {
					t.Errorf("reading %d at a time: got error %v, want %v", n, err, tc.wantErr)
				}
			}
		})
	}
}

// TestReaderMemoryFollowsArrivedBytes announces a 200 MiB frame, within the
// limit, and sends a few bytes of it: the reader allocates at most one
// piece, not the announced size.
func TestReaderMemoryFollowsArrivedBytes(t *testing.T) {
	in := stream(header(0, 200<<20), []byte("a few bytes"))
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	out, err := readAll(newTestReader(in, 256<<20), 4096)
	runtime.ReadMemStats(&after)
	if !errors.Is(err, io.ErrUnexpectedEOF) || !bytes.Equal(out, greeting) {
		t.Fatalf("got %d bytes and %v, want the greeting and io.ErrUnexpectedEOF", len(out), err)
	}
	if got := after.TotalAlloc - before.TotalAlloc; got > 4<<20 {
		t.Errorf("allocated %d bytes for a frame that sent 11", got)
	}
}

// reference is what Reader must return for data read to its end with the
// given limits: the bytes, and whether it stops on ErrTooLarge.
func reference(data []byte, max, readAhead uint64) ([]byte, bool) {
	if len(data) <= greetingSize {
		return data, false
	}
	pos, msg := greetingSize, uint64(0)
	for pos < len(data) {
		if pos+2 > len(data) {
			return data[:pos], false
		}
		flags, size, hl := data[pos], uint64(data[pos+1]), 2
		if flags&flagLong != 0 {
			if pos+9 > len(data) {
				return data[:pos], false
			}
			size, hl = binary.BigEndian.Uint64(data[pos+1:]), 9
		}
		if size > max || msg > max-size {
			return data[:pos], true
		}
		if flags&flagMore != 0 && flags&flagCommand == 0 {
			msg += size
		} else {
			msg = 0
		}
		rest := uint64(len(data) - pos - hl)
		if size > rest {
			if size >= readAhead {
				return data[:pos], false
			}
			return data, false
		}
		pos += hl + int(size)
	}
	return data, false
}

func FuzzReader(f *testing.F) {
	f.Add(stream(frame(flagCommand, []byte("\x05READY")), frame(flagMore, []byte("id")), frame(0, make([]byte, 300))), uint32(1000), uint8(7))
	f.Add(stream(header(0, 1<<40)), uint32(1<<20), uint8(1))
	f.Add(stream(header(flagMore, 40), []byte("abc")), uint32(100), uint8(64))
	f.Add(stream(frame(flagMore, make([]byte, 30)), frame(flagMore, make([]byte, 30)), frame(0, make([]byte, 30))), uint32(70), uint8(3))
	f.Add([]byte{0xff}, uint32(0), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, max uint32, step uint8) {
		r := newTestReader(data, int64(max))
		r.readAhead, r.chunk = 32, 5
		out, err := readAll(r, int(step)%200+1)
		want, tooLarge := reference(data, uint64(max), 32)
		if !bytes.Equal(out, want) {
			t.Fatalf("got %d bytes, want %d", len(out), len(want))
		}
		if errors.Is(err, ErrTooLarge) != tooLarge {
			t.Fatalf("got error %v, want ErrTooLarge: %v", err, tooLarge)
		}
	})
}

// BenchmarkReader reads a stream of frames of each size through a Reader
// the way zmq4 does (header, then a body it allocates), against the same
// reads from the bufio.Reader alone.
func BenchmarkReader(b *testing.B) {
	for _, size := range []int{100, 64 << 10, 1 << 20, 16 << 20} {
		body := make([]byte, size)
		var in []byte
		for range 4 {
			in = append(in, frame(0, body)...)
		}
		in = stream(in)
		for _, guarded := range []bool{false, true} {
			b.Run(fmt.Sprintf("frame=%d/guarded=%v", size, guarded), func(b *testing.B) {
				b.SetBytes(int64(len(in)))
				hdr := make([]byte, 9)
				for b.Loop() {
					br := bufio.NewReaderSize(bytes.NewReader(in), readBuffer)
					var r io.Reader = br
					if guarded {
						r = NewReader(br, 1<<30)
					}
					io.ReadFull(r, make([]byte, greetingSize))
					for range 4 {
						io.ReadFull(r, hdr[:2])
						if hdr[0]&flagLong != 0 {
							io.ReadFull(r, hdr[2:])
						}
						io.ReadFull(r, make([]byte, size))
					}
				}
			})
		}
	}
}
