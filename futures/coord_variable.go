package futures

import (
	"context"
	"sync"
	"time"
)

// Variable is a value shared by name (Client.Variable), as Dask's
// distributed.Variable: Set stores, Get waits until there is a value and
// returns it. A future stored keeps its result alive until it is replaced
// or deleted. Safe for concurrent use.
type Variable struct {
	name string
	s    *varState
}

type varState struct {
	mu      sync.Mutex
	set     bool
	v       any
	changed signal
}

// Variable returns the variable called name, made empty on first use.
func (c *Client) Variable(name string) *Variable {
	k := c.coordination()
	k.mu.Lock()
	defer k.mu.Unlock()
	s := k.vars[name]
	if s == nil {
		s = &varState{}
		k.vars[name] = s
	}
	return &Variable{name: name, s: s}
}

// Name returns the variable's name.
func (v *Variable) Name() string { return v.name }

// Set stores x, replacing the value before.
func (v *Variable) Set(x any) {
	x = hold(x)
	v.s.mu.Lock()
	old, had := v.s.v, v.s.set
	v.s.v, v.s.set = x, true
	v.s.changed.notify()
	v.s.mu.Unlock()
	if had {
		drop(old)
	}
}

// Get waits until the variable has a value and returns it (a future as a
// new handle on it). Called from a task, it frees the worker slot while it
// waits.
func (v *Variable) Get() (any, error) { return v.get(context.Background()) }

// GetWithTimeout is Get giving up after d with ErrTimeout.
func (v *Variable) GetWithTimeout(d time.Duration) (any, error) {
	ctx, cancel := timeoutContext(d)
	defer cancel()
	return v.get(ctx)
}

func (v *Variable) get(ctx context.Context) (any, error) {
	for {
		v.s.mu.Lock()
		if v.s.set {
			x := v.s.v
			v.s.mu.Unlock()
			return share(x), nil
		}
		ch := v.s.changed.wait()
		v.s.mu.Unlock()
		if err := block(ctx, ch); err != nil {
			return nil, waitErr(err)
		}
	}
}

// Delete empties the variable, releasing a future it held.
func (v *Variable) Delete() {
	v.s.mu.Lock()
	old, had := v.s.v, v.s.set
	v.s.v, v.s.set = nil, false
	v.s.mu.Unlock()
	if had {
		drop(old)
	}
}
