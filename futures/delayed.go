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
// does. Options (Key, Pure, Retries, Priority) may appear among args.
func Delay(fn any, args ...any) *Delayed {
	args, o := splitOptions(args)
	return &Delayed{fn: fn, args: args, opts: o}
}

// String names the call, as in delayed(inc).
func (d *Delayed) String() string {
	name, _, _ := funcParts(d.fn)
	return fmt.Sprintf("Delayed(%s)", name)
}

// Compute submits d and the Delayed values it depends on, and returns the
// future of d. Shared parts of the graph are submitted once.
func (c *Client) Compute(d *Delayed) *Future {
	return c.compute(d, map[*Delayed]*Future{})
}

// Persist submits each of ds as Compute does, sharing common parts, and
// returns their futures, whose results then stay in memory.
func (c *Client) Persist(ds ...*Delayed) []*Future {
	memo := map[*Delayed]*Future{}
	out := make([]*Future, len(ds))
	for i, d := range ds {
		out[i] = c.compute(d, memo)
	}
	return out
}

func (c *Client) compute(d *Delayed, memo map[*Delayed]*Future) *Future {
	if f := memo[d]; f != nil {
		return f
	}
	args := make([]any, len(d.args))
	for i, a := range d.args {
		args[i] = c.replaceDelayed(a, memo)
	}
	f := c.submit(d.fn, args, d.opts, "")
	memo[d] = f
	return f
}

// computeDelayed submits the Delayed values in a (at the top level or in a
// slice) and returns a with futures in their place.
func (c *Client) computeDelayed(a any) any {
	switch a.(type) {
	case *Delayed, []*Delayed, []any:
		return c.replaceDelayed(a, map[*Delayed]*Future{})
	}
	return a
}

func (c *Client) replaceDelayed(a any, memo map[*Delayed]*Future) any {
	switch x := a.(type) {
	case *Delayed:
		return c.compute(x, memo)
	case []*Delayed:
		out := make([]*Future, len(x))
		for i, d := range x {
			out[i] = c.compute(d, memo)
		}
		return out
	case []any:
		var out []any
		for i, e := range x {
			r := c.replaceDelayed(e, memo)
			if out == nil && r != e {
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
