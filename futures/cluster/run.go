package cluster

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"reflect"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofutures/gofutures/futures"
)

// Running one task on a worker: find the function, decode the arguments
// (fetching dependencies from the cluster) into its parameter types, call
// it, store the result and describe the run in a note.

// function is a callable found by name, with its signature read once.
type function struct {
	fn    reflect.Value
	sig   signature
	hooks *futures.Hooks // the host's, for a Hosted function
	err   error          // the name could not be resolved
}

func (w *worker) function(ctx context.Context, client string, t *taskMsg) *function {
	k := fnKey{name: t.fn, journal: t.journal}
	w.mu.Lock()
	f := w.fns[k]
	w.mu.Unlock()
	if f != nil {
		return f
	}
	f = &function{}
	var fn any
	var err error
	switch {
	case t.journal == "":
		var ok bool
		if fn, ok = registered(t.fn); !ok {
			err = fmt.Errorf("%w: %q on worker %s", ErrUnknownFunc, t.fn, w.cfg.Name)
		}
	case w.cfg.Resolver == nil:
		err = fmt.Errorf("%w: worker %s cannot run functions declared in cells (started without an interpreter)", ErrUnknownFunc, w.cfg.Name)
	default:
		key := k.journal
		fn, err = w.cfg.Resolver.Resolve(ctx, Journal{ID: key, Source: func(ctx context.Context) (string, error) {
			e, err := w.a.journals.Get(ctx, key)
			if err != nil {
				return "", fmt.Errorf("cluster: the declarations %s: %w", key, err)
			}
			return string(e.Value()), nil
		}, Fetch: func(ctx context.Context, name string) ([]byte, error) {
			data, err := w.a.objects.GetBytes(ctx, journalFilePrefix+name)
			if err != nil {
				return nil, fmt.Errorf("cluster: the file %s of the declarations %s: %w", name, key, err)
			}
			return data, nil
		}}, t.fn)
	}
	if h, ok := fn.(Hosted); ok && err == nil {
		fn, f.hooks = h.Func, &h.Hooks
	}
	if err == nil {
		v := reflect.ValueOf(fn)
		if v.Kind() != reflect.Func {
			err = fmt.Errorf("%w: %q is a %T", ErrUnknownFunc, t.fn, fn)
		} else {
			f.fn, f.sig = v, signatureOf(v.Type())
		}
	}
	f.err = err
	if err != nil && ctx.Err() != nil {
		return f // a cancelled resolution is not cached
	}
	w.mu.Lock()
	w.fns[k] = f
	w.mu.Unlock()
	return f
}

// execute runs j on slot i and returns its note.
func (w *worker) execute(j *job, slot int) *note {
	// j.started was set by this goroutine (slot), under w.mu for others.
	n := &note{run: j.t.run, attempt: j.h.attempt, worker: w.cfg.Name, slot: uint64(slot), started: j.started}
	fail := func(status byte, err error, trace string) *note {
		n.status, n.err, n.trace, n.stopped = status, err.Error(), trace, time.Now().UnixNano()
		return n
	}
	if j.ctx.Err() != nil {
		return fail(noteCancelled, context.Canceled, "")
	}
	f := w.function(j.ctx, j.client, &j.t)
	if f.err != nil {
		return fail(noteError, f.err, "")
	}
	args, err := w.decodeArgs(j.ctx, f, j.t.args)
	if err != nil {
		if j.ctx.Err() != nil {
			return fail(noteCancelled, context.Canceled, "")
		}
		return fail(noteError, fmt.Errorf("cluster: task %s: %w", j.t.key, err), "")
	}
	if f.sig.wantsCtx {
		args = append([]reflect.Value{reflect.ValueOf(&j.ctx).Elem()}, args...)
	}
	out, perr, stack, frames := hostedCall(j.ctx, f, args)
	n.stopped = time.Now().UnixNano()
	if j.ctx.Err() != nil {
		return fail(noteCancelled, context.Canceled, "")
	}
	if perr != nil && len(frames) > 0 {
		return fail(notePanicFrames, perr, strings.Join(frames, "\n"))
	}
	if perr != nil {
		return fail(notePanic, perr, stack)
	}
	vals := make([]any, len(out))
	for i, o := range out {
		vals[i] = valueOf(o)
	}
	if f.sig.lastErr {
		last := vals[len(vals)-1]
		vals = vals[:len(vals)-1]
		if last != nil {
			err := last.(error)
			return fail(noteError, err, fmt.Sprintf("task %s returned an error from %s on worker %s\nerror: %v", j.t.key, j.t.fn, w.cfg.Name, err))
		}
	}
	if len(vals) == 0 {
		vals = []any{nil}
	}
	types := f.sig.out
	if len(types) == 0 {
		types = []reflect.Type{anyType}
	}
	data, err := encodeResults(vals, types)
	if err != nil {
		return fail(noteError, err, "")
	}
	n.typ = typeName(vals)
	n.size = uint64(len(data))
	n.status = noteOK
	if len(data) <= inlineResult {
		n.data = dataRef{inline: data} // kept by the client, with the report
		return n
	}
	n.data = dataRef{key: j.client + "." + strconv.FormatUint(j.t.run, 10) + "." + strconv.FormatUint(j.h.attempt, 10),
		object: len(data) > largeResult}
	if !n.data.object {
		// Stored without waiting: the confirmer reports once the server
		// has it, while this slot runs the next task.
		fut, err := w.a.js.PublishAsync("$KV."+resultBucket+"."+n.data.key, data)
		if err != nil {
			return fail(noteError, fmt.Errorf("cluster: storing the result of %s: %w", j.t.key, err), "")
		}
		j.stored = fut
	} else if err := w.store(j.ctx, n.data, data); err != nil {
		return fail(noteError, fmt.Errorf("cluster: storing the result of %s: %w", j.t.key, err), "")
	}
	w.mu.Lock()
	if w.keep == nil {
		w.keep = map[string]uint64{}
	}
	w.keep[n.data.key] = n.size
	w.stored += n.size
	w.mu.Unlock()
	return n
}

func typeName(vals []any) string {
	if len(vals) == 1 {
		return fmt.Sprintf("%T", vals[0])
	}
	return "[]interface {}"
}

func (w *worker) store(ctx context.Context, d dataRef, data []byte) error {
	if d.object {
		_, err := w.a.objects.PutBytes(ctx, d.key, data)
		return err
	}
	_, err := w.a.results.Put(ctx, d.key, data)
	return err
}

// hostedCall calls f, through its host's hooks when it has them: a panic
// becomes an error with the stack, and the host's frames when it names
// them.
func hostedCall(ctx context.Context, f *function, args []reflect.Value) (out []reflect.Value, perr error, stack string, frames []string) {
	h := f.hooks
	if h == nil || h.RunTask == nil {
		out, perr, stack = call(f, args, h)
		return out, perr, stack, nil
	}
	ran := false
	func() {
		defer func() {
			if r := recover(); r != nil && !ran { // the hook's own panic
				perr, stack = fmt.Errorf("%v", r), string(debug.Stack())
			}
		}()
		h.RunTask(ctx, func() {
			ran = true
			out, perr, stack = call(f, args, h)
			if perr != nil {
				frames = hostTraceback(h, perr)
			}
		})
	}()
	if !ran && perr == nil {
		perr = errors.New("cluster: the host's RunTask did not run the task")
	}
	return out, perr, stack, frames
}

// hostTraceback asks the host where the panic that became perr was; a
// panic of the hook names nothing.
func hostTraceback(h *futures.Hooks, perr error) (frames []string) {
	p, ok := perr.(*recovered)
	if !ok || h.Traceback == nil {
		return nil
	}
	defer func() {
		if recover() != nil {
			frames = nil
		}
	}()
	return h.Traceback(p.value)
}

// recovered is the error call makes of a panic, keeping its value for
// the host's Traceback.
type recovered struct{ value any }

func (r *recovered) Error() string { return fmt.Sprint(r.value) }

// call calls f, turning a panic into an error with the stack.
func call(f *function, args []reflect.Value, h *futures.Hooks) (out []reflect.Value, perr error, stack string) {
	defer func() {
		if r := recover(); r != nil {
			stack = string(debug.Stack())
			if i := strings.Index(stack, "panic("); i >= 0 {
				stack = stack[i:]
			}
			if v, ok := r.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
				r = v.Interface() // an interpreted panic's value
			}
			perr = fmt.Errorf("%v", r)
			if h != nil && h.Traceback != nil {
				perr = &recovered{r}
			}
		}
	}()
	if f.sig.variadic && len(args) > 0 && args[len(args)-1].Type() == f.fn.Type().In(f.fn.Type().NumIn()-1) &&
		len(args) == f.fn.Type().NumIn() {
		return f.fn.CallSlice(args), nil, ""
	}
	return f.fn.Call(args), nil, ""
}

// decodeArgs makes the call's arguments from their encoded forms.
func (w *worker) decodeArgs(ctx context.Context, f *function, as []arg) ([]reflect.Value, error) {
	s := f.sig
	switch {
	case s.variadic && len(as) < len(s.in)-1:
		return nil, fmt.Errorf("%d arguments for %d parameters", len(as), len(s.in))
	case !s.variadic && len(as) != len(s.in):
		return nil, fmt.Errorf("%d arguments for %d parameters", len(as), len(s.in))
	}
	out := make([]reflect.Value, len(as))
	for i, a := range as {
		t := s.param(i, len(as))
		v, err := w.decodeArg(ctx, a, t)
		if err != nil && s.variadic && i == len(s.in)-1 && len(as) == len(s.in) {
			// One value for the variadic parameter, not the slice.
			v, err = w.decodeArg(ctx, a, t.Elem())
		}
		if err != nil {
			return nil, fmt.Errorf("argument %d: %w", i+1, err)
		}
		out[i] = v
	}
	return out, nil
}

func (w *worker) decodeArg(ctx context.Context, a arg, t reflect.Type) (reflect.Value, error) {
	switch a.kind {
	case argValue:
		return decodeValue(&reader{b: a.value}, t)
	case argDep:
		data, err := w.a.fetch(ctx, a.dep)
		if err != nil {
			return reflect.Value{}, fmt.Errorf("fetching dependency %s: %w", a.dep.key, err)
		}
		v, err := decodeResultValue(data, t)
		return v, err
	case argList:
		switch t.Kind() {
		case reflect.Slice, reflect.Interface:
		default:
			return reflect.Value{}, fmt.Errorf("a list of futures for a %v", t)
		}
		et, st := anyType, reflect.TypeOf([]any(nil))
		if t.Kind() == reflect.Slice {
			et, st = t.Elem(), t
		}
		out := reflect.MakeSlice(st, len(a.list), len(a.list))
		for i, e := range a.list {
			v, err := w.decodeArg(ctx, e, et)
			if err != nil {
				return reflect.Value{}, fmt.Errorf("element %d: %w", i, err)
			}
			out.Index(i).Set(v)
		}
		if t.Kind() == reflect.Interface {
			return fit(out, t)
		}
		return out, nil
	}
	return reflect.Value{}, fmt.Errorf("argument kind %d", a.kind)
}

// decodeResultValue decodes a stored result into t: a single value as is,
// several as the []any they become.
func decodeResultValue(data []byte, t reflect.Type) (reflect.Value, error) {
	if len(data) > 0 && data[0] == tagList {
		v, err := decodeResults(data, nil)
		if err != nil {
			return reflect.Value{}, err
		}
		return fit(reflect.ValueOf(v), t)
	}
	return decodeValue(&reader{b: data}, t)
}

// Errors.
var (
	// ErrUnknownFunc fails a task whose function the worker cannot find:
	// not registered there, or not declared in the session's cells.
	ErrUnknownFunc = errors.New("cluster: unknown function")
	// ErrNotRemote fails a task whose function cannot run on a worker:
	// neither registered nor declared in a cell.
	ErrNotRemote = errors.New("cluster: function cannot run on workers")
	// ErrLocalOnly is returned by Scale for a cluster that Connect opened.
	ErrLocalOnly = errors.New("cluster: only a local cluster can scale")
)

var idMu sync.Mutex

// newID returns 8 random bytes in hex.
func newID() string {
	var b [8]byte
	idMu.Lock()
	_, _ = rand.Read(b[:])
	idMu.Unlock()
	return hex.EncodeToString(b[:])
}

func appendUvarint(b []byte, v uint64) []byte { return binary.AppendUvarint(b, v) }
