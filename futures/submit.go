package futures

import (
	"fmt"
	"reflect"
	"runtime"
)

// Option tunes one task. Options are passed among the arguments of Submit,
// Map and Delay, in any position; they are not passed to the function.
type Option struct {
	kind int
	s    string
	n    int
}

const (
	optKey = iota + 1
	optPure
	optRetries
	optPriority
)

// Key sets the task's key instead of one derived from the function and the
// arguments. Submitting with a key already known returns its future.
func Key(k string) Option { return Option{kind: optKey, s: k} }

// Pure(false) gives the task a key of its own, so that it runs even if the
// same function was already submitted with the same arguments (for
// functions with side effects or randomness). Tasks are pure by default.
func Pure(pure bool) Option {
	n := 0
	if pure {
		n = 1
	}
	return Option{kind: optPure, n: n}
}

// Retries re-runs a failing task up to n more times before it fails.
func Retries(n int) Option { return Option{kind: optRetries, n: n} }

// Priority orders ready tasks: higher runs first; the default is 0.
func Priority(p int) Option { return Option{kind: optPriority, n: p} }

type taskOptions struct {
	key      string
	impure   bool
	retries  int
	priority int
}

// splitOptions separates options from arguments. The arguments are copied,
// so that the caller may reuse its slice.
func splitOptions(args []any) ([]any, taskOptions) {
	var o taskOptions
	out := make([]any, 0, len(args))
	for _, a := range args {
		opt, ok := a.(Option)
		if !ok {
			out = append(out, a)
			continue
		}
		switch opt.kind {
		case optKey:
			o.key = opt.s
		case optPure:
			o.impure = opt.n == 0
		case optRetries:
			o.retries = opt.n
		case optPriority:
			o.priority = opt.n
		}
	}
	return out, o
}

// Submit schedules fn(args...) and returns its future at once. fn is any Go
// function, compiled or interpreted, or a Func naming one; its results may be
// (T), (T, error), (error) or none (several values become a []any), and a
// first parameter of type context.Context receives the task's context.
//
// Futures among args, also inside slices, maps and struct fields of
// interface type, are dependencies: the task runs once they are finished
// and receives their results in their place, converted to the parameter's
// type (a []*Future for a []int parameter becomes a []int). A dependency's
// error fails the task with the same error. *Delayed values are computed
// first. Options (Key, Pure, Retries, Priority) may appear among args.
//
// Tasks are pure by default: the same function with the same arguments
// gets the same key and runs once, and Submit returns a new handle on the
// existing task. Submit costs about a microsecond for simple arguments.
func (c *Client) Submit(fn any, args ...any) *Future {
	args, o := splitOptions(args)
	return c.submit(fn, args, o, "")
}

// submit creates or finds the task for fn(args...). prefix, when not empty,
// replaces the function name in the key.
func (c *Client) submit(fn any, args []any, o taskOptions, prefix string) *Future {
	name, body, f := funcParts(fn)
	for i, a := range args {
		args[i] = c.computeDelayed(a)
	}
	key := o.key
	if key == "" {
		if prefix == "" {
			prefix = name
		}
		key = makeKey(prefix, f, args, o.impure)
	}
	t := &task{key: key, name: name, fn: body, c: c, args: args,
		prio: int32(o.priority), retries: int32(o.retries)}
	if body != nil {
		if ft := reflect.TypeOf(body); ft.Kind() == reflect.Func && describe(ft).wantsCtx {
			t.flags |= flagWantsCtx
		}
	}
	var released bool
	for _, a := range args {
		visitFutures(a, func(d *Future) {
			t.flags |= flagFutures
			if d.released.Load() {
				released = true
			}
			for _, e := range t.deps {
				if e == d.t {
					return
				}
			}
			t.deps = append(t.deps, d.t)
		})
	}
	c.mu.Lock()
	if old := c.tasks[key]; old != nil {
		h := c.handle(old)
		c.unlock()
		return h
	}
	switch {
	case released:
		t.deps = nil
		if c.add(t) {
			c.fail(t, ErrReleased, "")
		}
	case body == nil || reflect.TypeOf(body).Kind() != reflect.Func:
		t.deps = nil
		if c.add(t) {
			c.fail(t, fmt.Errorf("%w: %T", ErrNotFunc, body), "")
		}
	default:
		if c.add(t) {
			c.enqueue(t)
		}
	}
	h := c.handle(t)
	c.unlock()
	return h
}

// funcParts returns the name, the function to call and the Func that
// identifies it in keys.
func funcParts(fn any) (string, any, Func) {
	if f, ok := fn.(Func); ok {
		if f.Name == "" {
			f.Name = funcName(f.Fn)
		}
		return f.Name, f.Fn, f
	}
	if fn == nil {
		return "nil", nil, Func{Name: "nil"}
	}
	n := funcName(fn)
	return n, fn, Func{Name: n, Fn: fn}
}

func makeKey(prefix string, f Func, args []any, impure bool) string {
	if impure {
		return uniqueKey(prefix)
	}
	h := newHasher()
	if !h.funcToken(f) {
		return uniqueKey(prefix)
	}
	for _, a := range args {
		if !h.value(a, 0) {
			return uniqueKey(prefix)
		}
	}
	var buf [96]byte
	b := append(buf[:0], prefix...)
	b = append(b, '-')
	return string(h.sum(b))
}

// handle makes a new Future on t, holding a reference to it; c.mu is held.
func (c *Client) handle(t *task) *Future {
	t.refs++
	f := &Future{t: t}
	f.cleanup = runtime.AddCleanup(f, releaseTask, t)
	return f
}

// releaseTask runs when a Future handle is garbage collected.
func releaseTask(t *task) {
	c := t.c
	c.mu.Lock()
	c.decref(t)
	c.unlock()
}

// Map submits fn once per element of seqs, zipped: fn(a[0], b[0]), fn(a[1],
// b[1]), ... up to the shortest. Each seq is a slice or array; futures in
// them are dependencies as in Submit. Options among seqs apply to every
// task; a Key becomes the prefix of the keys.
func (c *Client) Map(fn any, seqs ...any) []*Future {
	seqs, o := splitOptions(seqs)
	prefix := o.key
	o.key = ""
	n := -1
	vals := make([]reflect.Value, len(seqs))
	for i, s := range seqs {
		v := reflect.ValueOf(s)
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			v = reflect.ValueOf([]any{s})
		}
		vals[i] = v
		if n < 0 || v.Len() < n {
			n = v.Len()
		}
	}
	if n < 0 {
		n = 0
	}
	out := make([]*Future, n)
	for i := range out {
		args := make([]any, len(seqs))
		for j, v := range vals {
			args[j] = v.Index(i).Interface()
		}
		out[i] = c.submit(fn, args, o, prefix)
	}
	return out
}

// Scatter puts v in the client's memory and returns a finished future
// holding it, to pass to many tasks. Its key is derived from v when v can
// be hashed, as a pure task's is.
func (c *Client) Scatter(v any) *Future {
	name := fmt.Sprintf("%T", v)
	if name == "<nil>" {
		name = "nil"
	}
	key := makeKey(name, Func{Name: name}, []any{v}, false)
	c.mu.Lock()
	defer c.unlock()
	if old := c.tasks[key]; old != nil {
		return c.handle(old)
	}
	t := &task{key: key, name: name, c: c}
	if c.add(t) {
		c.finish(t, v)
	}
	return c.handle(t)
}

// Cancel cancels the tasks of fs: pending ones never run, running ones see
// their context cancelled and end cancelled, finished ones drop their
// results. Tasks waiting for a cancelled one are cancelled too.
func (c *Client) Cancel(fs ...*Future) {
	c.mu.Lock()
	for _, f := range fs {
		if f != nil && f.t.c == c {
			c.cancelTask(f.t, ErrCancelled)
		}
	}
	c.unlock()
}
