package futures

import "fmt"

// Delayed is a lazy call: a function and its arguments, which may be other
// Delayed values or futures. Nothing runs until Client.Compute or
// Client.Persist submits the graph. A Delayed is immutable and safe to share.
type Delayed struct {
	fn   any
	args []any
	opts taskOptions
}

var delayedType = typeOf[*Delayed]()

// Delay builds a lazy call of fn with args, as dask.delayed(fn)(*args)
// does. Options (Key, Pure, Retries, Priority) may appear among args. As
// in Dask, each Delayed gets a key of its own when computed, so it never
// shares a task with a Submit of the same call, unless given Pure(true):
// then its key derives from fn and args as a Submit's does. A Delayed
// used twice in one Compute or Persist is one task.
func Delay(fn any, args ...any) *Delayed {
	args, o := splitOptions(args)
	if !o.has(optPure) {
		o.impure = true
	}
	return &Delayed{fn: fn, args: args, opts: o}
}

// String names the call, as in delayed(inc).
func (d *Delayed) String() string {
	name, _, _ := funcParts(d.fn)
	return fmt.Sprintf("Delayed(%s)", name)
}

// Compute submits d and the Delayed values it depends on, and returns the
// future of d. Shared parts of the graph are submitted once. Options apply
// as in Submit: Key names d's task; Pure, Retries and Priority apply to
// every task of the graph whose Delayed does not set them itself.
//
// The intermediate tasks are held only by the tasks that need them, as in
// Dask: each result is dropped as soon as the last task that needs it has
// run, so computing the same graph again computes it again.
func (c *Client) Compute(d *Delayed, opts ...Option) *Future {
	g := c.newGraph(optionsOf(opts))
	f := g.compute(d, true)
	g.release(f)
	return f
}

// Persist submits each of ds as Compute does, sharing common parts, and
// returns their futures, whose results then stay in memory while the
// futures are held. Options apply as in Compute, a Key to the first.
func (c *Client) Persist(ds []*Delayed, opts ...Option) []*Future {
	g := c.newGraph(optionsOf(opts))
	out := make([]*Future, len(ds))
	for i, d := range ds {
		out[i] = g.compute(d, i == 0)
	}
	g.release(out...)
	return out
}

func optionsOf(opts []Option) taskOptions {
	var o taskOptions
	for _, opt := range opts {
		o.apply(opt)
	}
	return o
}

// graph is one submission of Delayed values: the futures made so far, by
// Delayed, and the options of the Compute or Persist.
type graph struct {
	c    *Client
	o    taskOptions
	memo map[*Delayed]*Future
}

func (c *Client) newGraph(o taskOptions) *graph {
	return &graph{c: c, o: o, memo: map[*Delayed]*Future{}}
}

// compute submits d and what it depends on; root says whether d takes the
// graph's Key.
func (g *graph) compute(d *Delayed, root bool) *Future {
	if f := g.memo[d]; f != nil {
		return f
	}
	args := make([]any, len(d.args))
	for i, a := range d.args {
		args[i] = g.replace(a)
	}
	o := d.opts.under(g.o)
	if root && g.o.has(optKey) {
		o.key = g.o.key
	}
	f := g.c.submit(d.fn, args, o, "")
	g.memo[d] = f
	return f
}

// replace submits the Delayed values in a (at the top level or in a slice)
// and returns a with futures in their place.
func (g *graph) replace(a any) any {
	switch x := a.(type) {
	case *Delayed:
		return g.compute(x, false)
	case []*Delayed:
		out := make([]*Future, len(x))
		for i, d := range x {
			out[i] = g.compute(d, false)
		}
		return out
	case []any:
		var out []any
		for i, e := range x {
			r := g.replace(e)
			if out == nil && replaced(e) {
				out = make([]any, len(x))
				copy(out, x[:i])
			}
			if out != nil {
				out[i] = r
			}
		}
		if out != nil {
			return out
		}
	}
	return a
}

// replaced reports whether replace gives another value for a: whether a
// holds a *Delayed, at the top or in []any values. (Comparing the value
// replace gives with a would panic on a slice or map in a []any.)
func replaced(a any) bool {
	switch x := a.(type) {
	case *Delayed, []*Delayed:
		return true
	case []any:
		for _, e := range x {
			if replaced(e) {
				return true
			}
		}
	}
	return false
}

// release lets go of the handles the graph made, but those in keep: the
// tasks that need an intermediate hold it until they have run.
func (g *graph) release(keep ...*Future) {
	kept := make(map[*Future]bool, len(keep))
	for _, k := range keep {
		kept[k] = true
	}
	for _, f := range g.memo {
		if !kept[f] {
			f.Release()
		}
	}
}
