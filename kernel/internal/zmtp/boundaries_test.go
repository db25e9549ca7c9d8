package zmtp

import (
	"encoding/binary"
	"testing"
)

// endsOf returns the positions of data after which a message, the
// greeting or a command is complete, parsing the whole stream at once.
func endsOf(data []byte) map[int]bool {
	ends := map[int]bool{0: true}
	if len(data) < greetingSize {
		return ends
	}
	ends[greetingSize] = true
	for pos := greetingSize; pos+2 <= len(data); {
		flags, size, hl := data[pos], uint64(data[pos+1]), 2
		if flags&flagLong != 0 {
			if pos+9 > len(data) {
				break
			}
			size, hl = binary.BigEndian.Uint64(data[pos+1:]), 9
		}
		if size > uint64(len(data)-pos-hl) {
			break
		}
		pos += hl + int(size)
		if flags&flagMore == 0 || flags&flagCommand != 0 {
			ends[pos] = true
		}
	}
	return ends
}

func FuzzBoundaries(f *testing.F) {
	f.Add(stream(frame(flagCommand, []byte("\x05READY")), frame(flagMore, []byte("id")), frame(flagMore, nil), frame(0, make([]byte, 300))), uint8(3))
	f.Add(stream(frame(flagMore|flagCommand, []byte("x")), frame(0, nil)), uint8(1))
	f.Add(greeting[:10], uint8(4))
	f.Fuzz(func(t *testing.T, data []byte, step uint8) {
		ends := endsOf(data)
		var b boundaries
		for pos, n := 0, int(step)%97+1; pos < len(data); {
			n = min(n, len(data)-pos)
			b.feed(data[pos : pos+n])
			pos += n
			if got := b.atEnd(); got != ends[pos] {
				t.Fatalf("after %d bytes: atEnd %v, want %v", pos, got, ends[pos])
			}
		}
	})
}

func TestBoundariesOfAMessage(t *testing.T) {
	var b boundaries
	steps := []struct {
		bytes []byte
		end   bool
	}{
		{greeting[:30], false},
		{greeting[30:], true},
		{frame(flagCommand, []byte("\x05READY")), true},
		{frame(flagMore, []byte("id"))[:1], false},
		{frame(flagMore, []byte("id"))[1:], false},
		{frame(0, make([]byte, 1000))[:9], false},
		{make([]byte, 1000), true},
	}
	for i, s := range steps {
		b.feed(s.bytes)
		if b.atEnd() != s.end {
			t.Fatalf("step %d: atEnd %v, want %v", i, b.atEnd(), s.end)
		}
	}
}
