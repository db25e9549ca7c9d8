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
	p    *Placement // OnWorkers, Resources, AllowOtherWorkers
}

const (
	optKey = iota + 1
	optPure
	optRetries
	optPriority
	optBroadcast
	optWorkers
	optResources
	optLoose
)

// Key sets the task's key instead of one derived from the function and the
// arguments. Submitting with a key already known returns its future.
func Key(k string) Option { return Option{kind: optKey, s: k} }

// Pure(false) gives the task a key of its own, so that it runs even if the
// same function was already submitted with the same arguments (for
// functions with side effects or randomness). Submit and Map make pure
// tasks by default; Delay makes impure ones unless given Pure(true), as
// dask.delayed does.
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

// Broadcast makes Scatter and ScatterEach put the data on every worker, as
// Dask's scatter(broadcast=True) does. Other calls ignore it.
func Broadcast() Option { return Option{kind: optBroadcast, n: 1} }

type taskOptions struct {
	key       string
	impure    bool
	retries   int
	priority  int
	broadcast bool
	placement *Placement // nil: anywhere
	set       uint16     // which options were given: 1<<optKey, ...
}

func (o taskOptions) has(kind int) bool { return o.set&(1<<kind) != 0 }

// apply sets opt in o.
func (o *taskOptions) apply(opt Option) {
	switch opt.kind {
	case optKey:
		o.key = opt.s
	case optPure:
		o.impure = opt.n == 0
	case optRetries:
		o.retries = opt.n
	case optPriority:
		o.priority = opt.n
	case optBroadcast:
		o.broadcast = true
	case optWorkers, optResources, optLoose:
		o.place(opt)
	default:
		return
	}
	o.set |= 1 << opt.kind
}

// under returns o completed by the options of outer that o does not set
// (the options of a Compute, say, under those of each Delayed).
func (o taskOptions) under(outer taskOptions) taskOptions {
	if !o.has(optPure) && outer.has(optPure) {
		o.impure = outer.impure
		o.set |= 1 << optPure
	}
	if !o.has(optRetries) && outer.has(optRetries) {
		o.retries = outer.retries
		o.set |= 1 << optRetries
	}
	if !o.has(optPriority) && outer.has(optPriority) {
		o.priority = outer.priority
		o.set |= 1 << optPriority
	}
	if o.placement == nil && outer.placement != nil {
		o.placement = outer.placement
	}
	return o
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
		o.apply(opt)
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
// first. Options (Key, Pure, Retries, Priority, and the placement options
// OnWorkers, Resources and AllowOtherWorkers) may appear among args.
//
// Tasks are pure by default: the same function with the same arguments
// gets the same key and runs once, and Submit returns a new handle on the
// existing task. Submit costs about a microsecond for simple arguments.
func (c *Client) Submit(fn any, args ...any) *Future {
	// A variable of its own for the copy, so that args does not escape
	// and the caller's variadic slice stays on its stack.
	own, o := splitOptions(args)
	return c.submit(fn, own, o, "")
}

// submit creates or finds the task for fn(args...). prefix, when not empty,
// replaces the function name in the key.
func (c *Client) submit(fn any, args []any, o taskOptions, prefix string) *Future {
	name, body, f := funcParts(fn)
	var g *graph
	for i, a := range args {
		switch a.(type) {
		case *Delayed, []*Delayed, []any:
			if g == nil {
				g = c.newGraph(taskOptions{})
			}
			args[i] = g.replace(a)
		}
	}
	if g != nil {
		defer g.release(nil) // once the task holds its dependencies
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
	if o.placement != nil {
		t.x().place = o.placement
	}
	if wantsCtx(body) {
		t.flags |= flagWantsCtx
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

// wantsCtx reports whether fn is a function whose first parameter is a
// context.Context. The shapes fastCall knows are answered without reflect
// and the cache of signatures, a tenth of a Submit's cost.
func wantsCtx(fn any) bool {
	switch fn.(type) {
	case nil, func(int) int, func(int, int) int, func(float64) float64,
		func(any) any, func(any, any) any, func() any, func() error, func():
		return false
	}
	ft := reflect.TypeOf(fn)
	return ft.Kind() == reflect.Func && describe(ft).wantsCtx
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

// Map submits fn once per element of the slices (or arrays) among args,
// zipped: fn(a[0], b[0]), fn(a[1], b[1]), ... up to the shortest. Any other
// argument (a number, a string, a future, a struct) is passed whole to
// every task, as Dask's keyword arguments are: c.Map(scale, xs, 10) calls
// scale(x, 10) for each x of xs. To pass a slice whole to every task, wrap
// it in a future (Scatter) or use Submit. With no slice among args, Map
// makes one task. Futures are dependencies as in Submit. Options among
// args apply to every task; a Key becomes the prefix of the keys.
func (c *Client) Map(fn any, args ...any) []*Future {
	args, o := splitOptions(args)
	prefix := o.key
	o.key = ""
	n := -1
	vals := make([]reflect.Value, len(args))
	for i, s := range args {
		v := reflect.ValueOf(s)
		if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
			continue // broadcast
		}
		vals[i] = v
		if n < 0 || v.Len() < n {
			n = v.Len()
		}
	}
	if n < 0 {
		n = 1
	}
	out := make([]*Future, n)
	for i := range out {
		targs := make([]any, len(args))
		for j, v := range vals {
			if v.IsValid() {
				targs[j] = v.Index(i).Interface()
			} else {
				targs[j] = args[j]
			}
		}
		out[i] = c.submit(fn, targs, o, prefix)
	}
	return out
}

// Scatter puts v in the client's memory and returns a finished future
// holding it, to pass to many tasks. Its key is derived from v when v can
// be hashed, as a pure task's is, or is Key's. With Broadcast, v is held
// by every worker (Client.WhoHas lists them all). A slice stays one
// future; ScatterEach makes one per element.
func (c *Client) Scatter(v any, opts ...Option) *Future {
	o := optionsOf(opts)
	name := fmt.Sprintf("%T", v)
	if name == "<nil>" {
		name = "nil"
	}
	key := o.key
	if key == "" {
		key = makeKey(name, Func{Name: name}, []any{v}, o.impure)
	}
	c.mu.Lock()
	defer c.unlock()
	if old := c.tasks[key]; old != nil {
		return c.handle(old)
	}
	t := &task{key: key, name: name, c: c, flags: flagScattered}
	if o.broadcast {
		t.flags |= flagBroadcast
	}
	t.worker = int32(c.scattered % c.workers) // where its data lives, round robin
	c.scattered++
	if c.add(t) {
		c.finish(t, v)
	}
	return c.handle(t)
}

// ScatterEach scatters each element of the slice (or array) xs and returns
// one future per element, in order, as Dask's scatter of a list does.
// Options apply to each element; a Key becomes the prefix of the keys
// (key-0, key-1, ...). A value that is not a slice is scattered whole.
func (c *Client) ScatterEach(xs any, opts ...Option) []*Future {
	v := reflect.ValueOf(xs)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return []*Future{c.Scatter(xs, opts...)}
	}
	o := optionsOf(opts)
	out := make([]*Future, v.Len())
	for i := range out {
		eo := opts
		if o.has(optKey) {
			eo = append(append([]Option(nil), opts...), Key(o.key+"-"+itoa(i)))
		}
		out[i] = c.Scatter(v.Index(i).Interface(), eo...)
	}
	return out
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
