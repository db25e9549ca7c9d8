package cluster

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"reflect"
)

// The messages between a client and its workers, in a compact binary form
// (uvarints and length-prefixed strings), read by reader.

const msgVersion = 3

// taskMsg is one task to run: the run it belongs to (a client numbers the
// runs it dispatches), the function's name and the arguments.
type taskMsg struct {
	run     uint64
	key     string
	fn      string // the registered or declared name
	journal string // the declarations' ID, for interpreted functions; "" for compiled ones
	args    []arg
}

// arg is one argument: an encoded value, a dependency's stored result, or
// a list of either (a []*Future or a []any holding futures).
type arg struct {
	kind  byte // argValue, argDep or argList
	value []byte
	dep   dataRef
	list  []arg
}

const (
	argValue byte = iota + 1
	argDep
	argList
)

// dataRef names a result stored in the cluster, or holds a small one.
type dataRef struct {
	key    string
	object bool   // in the object store, not the key-value bucket
	inline []byte // a result of at most inlineResult bytes: the value itself
}

// batch is what one message of the task stream carries.
type batch struct {
	client string // the client's id: results go to its subject
	tasks  []taskMsg
}

func (b *batch) marshal() []byte {
	out := []byte{msgVersion}
	out = appendString(out, b.client)
	out = binary.AppendUvarint(out, uint64(len(b.tasks)))
	for _, t := range b.tasks {
		out = binary.AppendUvarint(out, t.run)
		out = appendString(out, t.key)
		out = appendString(out, t.fn)
		out = appendString(out, t.journal)
		out = appendArgs(out, t.args)
	}
	return out
}

func appendArgs(out []byte, args []arg) []byte {
	out = binary.AppendUvarint(out, uint64(len(args)))
	for _, a := range args {
		out = append(out, a.kind)
		switch a.kind {
		case argValue:
			out = appendBytes(out, a.value)
		case argDep:
			out = appendRef(out, a.dep)
		case argList:
			out = appendArgs(out, a.list)
		}
	}
	return out
}

func appendRef(out []byte, d dataRef) []byte {
	switch {
	case d.inline != nil:
		return appendBytes(append(out, 2), d.inline)
	case d.object:
		return appendString(append(out, 1), d.key)
	}
	return appendString(append(out, 0), d.key)
}

func (r *reader) ref() dataRef {
	switch r.byte() {
	case 2:
		b := bytes.Clone(r.bytes()) // not the whole message's memory
		if b == nil {
			b = []byte{}
		}
		return dataRef{inline: b}
	case 1:
		return dataRef{key: r.string(), object: true}
	}
	return dataRef{key: r.string()}
}

func unmarshalBatch(data []byte) (*batch, error) {
	r := &reader{b: data}
	if v := r.byte(); v != msgVersion {
		return nil, fmt.Errorf("cluster: task message version %d, want %d", v, msgVersion)
	}
	b := &batch{client: r.string()}
	n := r.uvarint()
	if n > uint64(len(data)) {
		return nil, errShort
	}
	b.tasks = make([]taskMsg, 0, n)
	for i := uint64(0); i < n && r.err == nil; i++ {
		t := taskMsg{run: r.uvarint(), key: r.string(), fn: r.string(), journal: r.string()}
		t.args = r.args(0)
		b.tasks = append(b.tasks, t)
	}
	return b, r.err
}

func (r *reader) args(depth int) []arg {
	n := r.uvarint()
	if n > uint64(len(r.b)) || depth > 8 {
		r.fail()
		return nil
	}
	out := make([]arg, n)
	for i := range out {
		a := arg{kind: r.byte()}
		switch a.kind {
		case argValue:
			a.value = r.bytes()
		case argDep:
			a.dep = r.ref()
		case argList:
			a.list = r.args(depth + 1)
		default:
			r.fail()
		}
		out[i] = a
	}
	return out
}

// note is a worker's report on one run, published to the client's subject.
type note struct {
	run     uint64
	attempt uint64 // the delivery of the task message that ran it, from 1
	status  byte   // noteOK, noteError, notePanic, noteCancelled
	data    dataRef
	size    uint64 // bytes of the encoded result
	typ     string // the result's type, as %T says
	err     string
	trace   string
	worker  string
	slot    uint64
	started int64 // unix nanoseconds
	stopped int64
}

const (
	noteOK byte = iota + 1
	noteError
	notePanic
	noteCancelled
	notePanicFrames // a panic whose trace is where the host said it was, a frame a line
)

// marshalNotes writes several notes as one message.
func marshalNotes(ns []*note) []byte {
	out := []byte{msgVersion}
	out = binary.AppendUvarint(out, uint64(len(ns)))
	for _, n := range ns {
		out = n.append(out)
	}
	return out
}

func unmarshalNotes(data []byte) ([]*note, error) {
	r := &reader{b: data}
	if v := r.byte(); v != msgVersion {
		return nil, fmt.Errorf("cluster: result message version %d, want %d", v, msgVersion)
	}
	k := r.uvarint()
	if k > uint64(len(data)) {
		return nil, errShort
	}
	out := make([]*note, 0, k)
	for i := uint64(0); i < k && r.err == nil; i++ {
		n := &note{run: r.uvarint(), attempt: r.uvarint(), status: r.byte(), data: r.ref(),
			size: r.uvarint(), typ: r.string(), err: r.string(), trace: r.string(),
			worker: r.string(), slot: r.uvarint(), started: r.varint(), stopped: r.varint()}
		if r.err == nil {
			out = append(out, n)
		}
	}
	return out, r.err
}

func (n *note) append(out []byte) []byte {
	out = binary.AppendUvarint(out, n.run)
	out = binary.AppendUvarint(out, n.attempt)
	out = append(out, n.status)
	out = appendRef(out, n.data)
	out = binary.AppendUvarint(out, n.size)
	out = appendString(out, n.typ)
	out = appendString(out, n.err)
	out = appendString(out, n.trace)
	out = appendString(out, n.worker)
	out = binary.AppendUvarint(out, n.slot)
	out = binary.AppendVarint(out, n.started)
	out = binary.AppendVarint(out, n.stopped)
	return out
}

// signature is what both sides read from a function's type: the parameter
// types after an optional leading context.Context, and the result types
// without a trailing error.
type signature struct {
	in       []reflect.Type
	variadic bool
	wantsCtx bool
	out      []reflect.Type
	lastErr  bool
}

var (
	ctxType   = reflect.TypeOf((*context.Context)(nil)).Elem()
	errorType = reflect.TypeOf((*error)(nil)).Elem()
)

func signatureOf(t reflect.Type) signature {
	s := signature{variadic: t.IsVariadic()}
	for i := 0; i < t.NumIn(); i++ {
		s.in = append(s.in, t.In(i))
	}
	if len(s.in) > 0 && s.in[0] == ctxType {
		s.wantsCtx = true
		s.in = s.in[1:]
	}
	for i := 0; i < t.NumOut(); i++ {
		s.out = append(s.out, t.Out(i))
	}
	if n := len(s.out); n > 0 && s.out[n-1] == errorType {
		s.lastErr = true
		s.out = s.out[:n-1]
	}
	return s
}

// param returns the type of the i-th argument (variadic ones included).
func (s signature) param(i, nargs int) reflect.Type {
	n := len(s.in)
	switch {
	case !s.variadic || i < n-1:
		if i < n {
			return s.in[i]
		}
		return nil
	case nargs == n && i == n-1:
		return s.in[n-1] // the whole slice, as f(xs...) passes it
	default:
		return s.in[n-1].Elem()
	}
}
