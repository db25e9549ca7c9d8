package futures

import (
	"context"
	"sync"
	"time"
)

// taskCtx is the context of one task run: cancelled when the task is. It is
// lighter than context.WithCancel (one allocation, the Done channel made
// only when asked for) and implements AfterFunc, so that context.AfterFunc
// and derived contexts register with it instead of starting a goroutine.
type taskCtx struct {
	c      *Client // for GetClient
	mu     sync.Mutex
	done   chan struct{}
	err    error
	first  afterFunc // the first AfterFunc, most often the only one (Hooks.RunTask's)
	afters []*afterFunc
}

type afterFunc struct {
	f    func()
	used bool // first only: it was handed out (f is nil once it ran or was stopped)
}

var closedChan = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

func (c *taskCtx) Deadline() (time.Time, bool) { return time.Time{}, false }
func (c *taskCtx) Value(key any) any {
	if key == (clientKey{}) {
		return c.c
	}
	return nil
}

// clientKey is the context key under which a task's context holds its
// client.
type clientKey struct{}

// GetClient returns the client running the task whose context ctx is (or
// derives from), as Dask's get_client does inside a task: a task whose
// function takes a context.Context first may submit work to its own
// client and wait for it. It returns nil for a context of no task.
func GetClient(ctx context.Context) *Client {
	if ctx == nil {
		return nil
	}
	c, _ := ctx.Value(clientKey{}).(*Client)
	return c
}

func (c *taskCtx) Done() <-chan struct{} {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.done == nil {
		if c.err != nil {
			return closedChan
		}
		c.done = make(chan struct{})
	}
	return c.done
}

func (c *taskCtx) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}

// AfterFunc arranges for f to run in its own goroutine once c is
// cancelled; stop prevents that and reports whether it did.
func (c *taskCtx) AfterFunc(f func()) (stop func() bool) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		go f()
		return func() bool { return false }
	}
	var a *afterFunc
	if !c.first.used {
		a = &c.first // no allocation but the stop function's
		a.f, a.used = f, true
	} else {
		a = &afterFunc{f: f}
		c.afters = append(c.afters, a)
	}
	c.mu.Unlock()
	return func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		if a == &c.first {
			ok := a.f != nil
			a.f = nil
			return ok
		}
		for i, b := range c.afters {
			if b == a {
				c.afters = append(c.afters[:i], c.afters[i+1:]...)
				return true
			}
		}
		return false
	}
}

func (c *taskCtx) cancel(err error) {
	c.mu.Lock()
	if c.err != nil {
		c.mu.Unlock()
		return
	}
	c.err = err
	if c.done != nil {
		close(c.done)
	}
	first := c.first.f
	c.first.f = nil
	afters := c.afters
	c.afters = nil
	c.mu.Unlock()
	if first != nil {
		go first()
	}
	for _, a := range afters {
		go a.f()
	}
}
