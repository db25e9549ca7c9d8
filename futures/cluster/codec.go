package cluster

import (
	"bytes"
	"encoding/binary"
	"encoding/gob"
	"errors"
	"fmt"
	"math"
	"reflect"
)

// The value codec: how arguments and results cross the wire. A value is
// written for the type the other side will decode it into (a parameter's
// or a result's), which both sides know from the function's signature.
// Scalars and strings have tags of their own, a byte or two plus the value,
// because they are most of what tasks pass and gob costs microseconds per
// value for them; everything else (structs, slices, maps) is gob, which
// matches struct fields by name, so that a struct of the same shape
// declared in another process decodes. A value held in an interface-typed
// parameter or result is written as gob's interface form, which needs its
// concrete type registered with gob on both sides (basic types are).

const (
	tagNil byte = iota + 1
	tagInt
	tagUint
	tagFloat
	tagString
	tagBool
	tagBytes
	tagGob      // gob of the value itself, decoded into the target type
	tagGobIface // gob of an interface holding the value
	tagList     // several results: count, then each value
)

var (
	bytesType = reflect.TypeOf([]byte(nil))
	anyType   = reflect.TypeOf((*any)(nil)).Elem()
)

// appendValue appends v, written for a receiver decoding into t (nil when
// unknown: v's own type).
func appendValue(b []byte, v any, t reflect.Type) ([]byte, error) {
	switch x := v.(type) {
	case nil:
		return append(b, tagNil), nil
	case int:
		return binary.AppendVarint(append(b, tagInt), int64(x)), nil
	case int64:
		return binary.AppendVarint(append(b, tagInt), x), nil
	case int32:
		return binary.AppendVarint(append(b, tagInt), int64(x)), nil
	case uint64:
		return binary.AppendUvarint(append(b, tagUint), x), nil
	case uint:
		return binary.AppendUvarint(append(b, tagUint), uint64(x)), nil
	case float64:
		return binary.LittleEndian.AppendUint64(append(b, tagFloat), math.Float64bits(x)), nil
	case string:
		return appendString(append(b, tagString), x), nil
	case bool:
		if x {
			return append(b, tagBool, 1), nil
		}
		return append(b, tagBool, 0), nil
	case []byte:
		return appendBytes(append(b, tagBytes), x), nil
	}
	var buf bytes.Buffer
	enc := gob.NewEncoder(&buf)
	if t != nil && t.Kind() == reflect.Interface {
		gob.Register(v) // the receiver needs it registered too: see the package doc
		if err := enc.Encode(&v); err != nil {
			return b, fmt.Errorf("cluster: encoding %T: %w", v, err)
		}
		return appendBytes(append(b, tagGobIface), buf.Bytes()), nil
	}
	if err := enc.EncodeValue(reflect.ValueOf(v)); err != nil {
		return b, fmt.Errorf("cluster: encoding %T: %w", v, err)
	}
	return appendBytes(append(b, tagGob), buf.Bytes()), nil
}

// decodeValue reads one value from r into a value of type t (nil: the
// value's own type, gob values excepted).
func decodeValue(r *reader, t reflect.Type) (reflect.Value, error) {
	tag := r.byte()
	var v reflect.Value
	switch tag {
	case tagNil:
		if t == nil {
			t = anyType
		}
		return reflect.Zero(t), r.err
	case tagInt:
		v = reflect.ValueOf(int(r.varint()))
	case tagUint:
		v = reflect.ValueOf(r.uvarint())
	case tagFloat:
		v = reflect.ValueOf(math.Float64frombits(r.uint64()))
	case tagString:
		v = reflect.ValueOf(r.string())
	case tagBool:
		v = reflect.ValueOf(r.byte() == 1)
	case tagBytes:
		v = reflect.ValueOf(bytes.Clone(r.bytes()))
	case tagGob, tagGobIface:
		data := r.bytes()
		if r.err != nil {
			return v, r.err
		}
		dec := gob.NewDecoder(bytes.NewReader(data))
		if tag == tagGobIface {
			var x any
			if err := dec.Decode(&x); err != nil {
				return v, fmt.Errorf("cluster: decoding a value for %v: %w (register its type with gob.Register on both sides)", t, err)
			}
			if x == nil {
				return reflect.Zero(orAny(t)), nil
			}
			v = reflect.ValueOf(x)
			break
		}
		if t == nil || t.Kind() == reflect.Interface {
			return v, fmt.Errorf("cluster: a value for %v was sent without its type", orAny(t))
		}
		p := reflect.New(t)
		if err := dec.DecodeValue(p); err != nil {
			return v, fmt.Errorf("cluster: decoding a %v: %w", t, err)
		}
		return p.Elem(), nil
	default:
		if r.err == nil {
			r.err = fmt.Errorf("cluster: unknown value tag %d", tag)
		}
		return v, r.err
	}
	if r.err != nil {
		return v, r.err
	}
	if t == nil {
		return v, nil
	}
	return fit(v, t)
}

func orAny(t reflect.Type) reflect.Type {
	if t == nil {
		return anyType
	}
	return t
}

// fit converts a decoded scalar to the target type: as is when assignable,
// between numeric kinds, and to named types over the same kind.
func fit(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	vt := v.Type()
	switch {
	case vt.AssignableTo(t):
		if t.Kind() == reflect.Interface {
			out := reflect.New(t).Elem()
			out.Set(v)
			return out, nil
		}
		return v, nil
	case isNumber(vt.Kind()) && isNumber(t.Kind()), vt.Kind() == t.Kind() && vt.ConvertibleTo(t):
		return v.Convert(t), nil
	case vt == bytesType && t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
		return v.Convert(t), nil
	}
	return reflect.Value{}, fmt.Errorf("cluster: cannot use a %v as %v", vt, t)
}

func isNumber(k reflect.Kind) bool { return k >= reflect.Int && k <= reflect.Float64 }

// encodeResults writes a function's results (error removed) for types ts.
func encodeResults(vs []any, ts []reflect.Type) ([]byte, error) {
	if len(vs) == 1 {
		return appendValue(nil, vs[0], ts[0])
	}
	b := binary.AppendUvarint([]byte{tagList}, uint64(len(vs)))
	for i, v := range vs {
		var err error
		if b, err = appendValue(b, v, ts[i]); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// decodeResults reads what encodeResults wrote: one value as itself,
// several as a []any, as futures reports results.
func decodeResults(data []byte, ts []reflect.Type) (any, error) {
	r := &reader{b: data}
	if len(data) > 0 && data[0] == tagList {
		r.byte()
		n := int(r.uvarint())
		out := make([]any, n)
		for i := range out {
			var t reflect.Type
			if i < len(ts) {
				t = ts[i]
			}
			v, err := decodeValue(r, t)
			if err != nil {
				return nil, err
			}
			out[i] = valueOf(v)
		}
		return out, r.err
	}
	var t reflect.Type
	if len(ts) > 0 {
		t = ts[0]
	}
	v, err := decodeValue(r, t)
	if err != nil {
		return nil, err
	}
	return valueOf(v), nil
}

func valueOf(v reflect.Value) any {
	if !v.IsValid() || v.Kind() == reflect.Interface && v.IsNil() {
		return nil
	}
	return v.Interface()
}

func appendString(b []byte, s string) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

func appendBytes(b, s []byte) []byte {
	return append(binary.AppendUvarint(b, uint64(len(s))), s...)
}

var errShort = errors.New("cluster: message too short")

// reader reads what the append functions wrote; the first error sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errShort
	}
	r.b = nil
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) uint64() uint64 {
	if len(r.b) < 8 {
		r.fail()
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b)
	r.b = r.b[8:]
	return v
}

func (r *reader) bytes() []byte {
	n := r.uvarint()
	if uint64(len(r.b)) < n {
		r.fail()
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

func (r *reader) string() string { return string(r.bytes()) }
