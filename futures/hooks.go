package futures

import (
	"context"
	"sync/atomic"
)

// Hooks let a host (the notebook's interpreter) take part in the runtime
// without futures knowing about it. Any field may be nil.
type Hooks struct {
	// RunTask is called on the worker goroutine around each task; it must
	// call run exactly once. ctx is cancelled when the task is cancelled; a
	// task whose ctx was cancelled ends cancelled whatever it returns.
	RunTask func(ctx context.Context, run func())
	// Progress renders progress for fs (blocking until they are done when
	// block is true) and reports whether it did; when it returns false,
	// futures prints a text bar on standard error instead.
	Progress func(fs []*Future, block bool) bool
	// ProgressBars renders one bar per function name, when Progress is
	// given futures whose graph runs several functions, as Dask's
	// progress does; when it is nil or returns false, Progress is called
	// with every future of the graph instead.
	ProgressBars func(bars []ProgressBar, block bool) bool
	// NewClient is called with each client NewClient creates, once it is ready.
	NewClient func(*Client)
	// Traceback names where a task panicked, in the host's terms (the
	// interpreter's cells and lines), innermost frame first. It is called
	// on the worker goroutine that recovered the panic, inside RunTask,
	// with the recovered value; what it returns becomes the Frames of the
	// task's *PanicError and the future's Traceback. Returning nil keeps
	// the Go stack.
	Traceback func(value any) []string
}

// ProgressBar is one bar of Hooks.ProgressBars: the tasks of one function.
type ProgressBar struct {
	Title   string // the function's name, as in the keys
	Futures []*Future
}

var hooks atomic.Pointer[Hooks]

// SetHooks installs h for every client made without WithHooks and returns
// a function that restores the previous hooks. It is safe to call at any
// time; tasks already started keep the hooks they started with.
func SetHooks(h Hooks) (restore func()) {
	old := hooks.Swap(&h)
	return func() { hooks.Store(old) }
}

func currentHooks() *Hooks { return hooks.Load() }

// WithHooks gives the client hooks of its own, in place of those SetHooks
// installs for the process: its tasks run through them, and Progress of
// futures it made draws through them. A host that runs several sessions in
// one process gives each session's clients that session's hooks.
func WithHooks(h Hooks) ClientOption { return func(c *clientConfig) { c.hooks = &h } }

// hooks returns the client's own hooks, or else the process's; a nil
// client has the process's.
func (c *Client) hooks() *Hooks {
	if c != nil && c.ownHooks != nil {
		return c.ownHooks
	}
	return currentHooks()
}
