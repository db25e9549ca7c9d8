package futures

import (
	"context"
	"reflect"
	"testing"
)

// decodeValue builds a nested argument from fuzz bytes: ints, strings,
// floats, futures, []any, map[string]any, []*Future.
func decodeValue(b []byte, fs []*Future, depth int) (any, []byte) {
	if len(b) == 0 {
		return nil, b
	}
	op, b := b[0], b[1:]
	switch op % 8 {
	case 0:
		return int(op), b
	case 1:
		n := int(op) % 5
		if n > len(b) {
			n = len(b)
		}
		return string(b[:n]), b[n:]
	case 2:
		return float64(op) / 3, b
	case 3:
		return fs[int(op)%len(fs)], b
	case 4, 5:
		if depth > 4 {
			return nil, b
		}
		var out []any
		for i := 0; i < int(op)%4; i++ {
			var v any
			v, b = decodeValue(b, fs, depth+1)
			out = append(out, v)
		}
		if op%8 == 4 {
			return out, b
		}
		m := map[string]any{}
		for i, v := range out {
			m[string(rune('a'+i))] = v
		}
		return m, b
	case 6:
		return []*Future{fs[0], fs[int(op)%len(fs)]}, b
	}
	return []int{int(op), 2}, b
}

// FuzzArguments checks that hashing is deterministic and that replacing
// futures and converting to parameter types never panic, whatever the
// arguments' shape.
func FuzzArguments(f *testing.F) {
	f.Add([]byte{4, 3, 0, 11})
	f.Add([]byte{5, 6, 9, 3})
	f.Add([]byte{1, 'a', 'b', 12, 4, 4, 4})
	c := NewClient(Workers(1))
	f.Cleanup(func() { c.Close() })
	fs := []*Future{c.Scatter(1), c.Scatter(2.5), c.Scatter("s")}
	Wait(fs)
	targets := []reflect.Type{
		typeOf[int](), typeOf[[]int](), typeOf[[]float64](), typeOf[map[string]int](),
		typeOf[[]any](), typeOf[[2]float64](), typeOf[string](), typeOf[point](),
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		v, _ := decodeValue(b, fs, 0)
		h1, h2 := newHasher(), newHasher()
		ok1, ok2 := h1.value(v, 0), h2.value(v, 0)
		if ok1 != ok2 || h1 != h2 {
			t.Fatalf("hashing %#v is not deterministic", v)
		}
		r := substitute(v, func(f *Future) any { return f.t.result })
		visitFutures(r, func(*Future) { t.Fatalf("a future survived substitution in %#v", r) })
		for _, tt := range targets {
			convert(r, tt) // an error is fine, a panic is not
		}
		call(context.Background(), "f", func(xs []int) int { return len(xs) }, []any{r})
	})
}
