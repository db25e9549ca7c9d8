package futures

import (
	"fmt"
	"html"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Client runs tasks in this process: a scheduler that tracks the graph of
// tasks by key, and an Executor (by default a pool of worker goroutines)
// that runs the ready ones. All its methods are safe for concurrent use.
type Client struct {
	mu    sync.Mutex
	cond  sync.Cond // workers wait here for ready tasks
	tasks map[string]*task
	ready readyQueue
	count [Cancelled + 1]int // tasks in the graph by status
	idle  int                // workers waiting in next
	exec  Executor
	// taskCtx gives every run a context: an executor other than the
	// LocalExecutor learns of cancellations through it (Job.Context).
	taskCtx bool

	evq   []note // notifications to deliver once mu is released
	evMu  sync.Mutex
	subs  map[int]func(Event)
	nsubs int
	subID int

	stream ring // ring of task runs (stream.go)

	coordOnce sync.Once
	coord     *coord // named Variables, Queues, Locks... (coord.go)

	workers   int
	scattered int // values scattered, to place the next one
	tasksPeak int // most entries in tasks since it was made (unindex)
	created   time.Time
	ownHooks  *Hooks // WithHooks; nil for the process's (SetHooks)
	closed    bool
	closeOnce sync.Once
}

// ClientOption configures NewClient.
type ClientOption func(*clientConfig)

type clientConfig struct {
	workers int
	stream  int
	exec    Executor
	hooks   *Hooks
}

// Workers sets how many workers the client has: how many tasks run at
// once. The default is one per CPU (runtime.GOMAXPROCS). It is a count
// only; where a task runs is an option of the task (an Option of Submit),
// never of Workers.
func Workers(n int) ClientOption { return func(c *clientConfig) { c.workers = n } }

// TaskStreamSize sets how many task runs Client.TaskStream keeps (the
// latest to start). The default is 10,000; 0 keeps none.
func TaskStreamSize(n int) ClientOption { return func(c *clientConfig) { c.stream = n } }

// WithExecutor runs tasks on e instead of the local worker pool.
func WithExecutor(e Executor) ClientOption { return func(c *clientConfig) { c.exec = e } }

// NewClient starts a client with its workers. It cannot fail: the client is
// ready when NewClient returns. Close it when done.
func NewClient(opts ...ClientOption) *Client {
	cfg := clientConfig{workers: runtime.GOMAXPROCS(0), stream: 10000}
	for _, o := range opts {
		o(&cfg)
	}
	if cfg.workers < 1 {
		cfg.workers = 1
	}
	if cfg.stream < 0 {
		cfg.stream = 0
	}
	c := &Client{
		tasks:    make(map[string]*task),
		subs:     make(map[int]func(Event)),
		stream:   ring{size: min(cfg.stream, maxLanes)},
		created:  time.Now(),
		ownHooks: cfg.hooks,
	}
	c.cond.L = &c.mu
	c.exec = cfg.exec
	if c.exec == nil {
		c.exec = NewLocalExecutor(cfg.workers)
	}
	_, local := c.exec.(*LocalExecutor)
	c.taskCtx = !local
	c.workers = c.exec.Workers()
	c.exec.Start(queue{c})
	if h := c.hooks(); h != nil && h.NewClient != nil {
		h.NewClient(c)
	}
	return c
}

// Close cancels the tasks that have not run, asks running ones to stop,
// and waits for the workers to return. Work submitted afterwards fails with
// ErrClosed. Close is idempotent; it returns nil.
func (c *Client) Close() error {
	c.closeOnce.Do(func() {
		c.mu.Lock()
		c.closed = true
		var live []*task
		for _, t := range c.tasks {
			if !t.final() {
				live = append(live, t)
			}
		}
		for _, t := range live {
			c.cancelTask(t, ErrClosed)
		}
		c.cond.Broadcast()
		c.mu.Unlock()
		c.flush()
		c.exec.Close()
	})
	return nil
}

// unlock releases c.mu and delivers what the locked section queued.
func (c *Client) unlock() {
	pending := len(c.evq) > 0
	c.mu.Unlock()
	if pending {
		c.flush()
	}
}

// note is one queued notification: an event, or done callbacks to run.
type note struct {
	ev        Event
	subs      bool
	listeners []*listener
	callbacks []func()
}

// flush delivers queued notifications in order, on one goroutine at a time.
// A callback that submits work queues more; the goroutine already flushing
// delivers it.
func (c *Client) flush() {
	for {
		if !c.evMu.TryLock() {
			return
		}
		for {
			c.mu.Lock()
			q := c.evq
			c.evq = nil
			var subs []func(Event)
			if len(q) > 0 && c.nsubs > 0 {
				subs = make([]func(Event), 0, c.nsubs)
				for _, fn := range c.subs {
					subs = append(subs, fn)
				}
			}
			c.mu.Unlock()
			if len(q) == 0 {
				break
			}
			for _, n := range q {
				deliver(n, subs)
			}
		}
		c.evMu.Unlock()
		c.mu.Lock()
		empty := len(c.evq) == 0
		c.mu.Unlock()
		if empty {
			return
		}
	}
}

func deliver(n note, subs []func(Event)) {
	for _, cb := range n.callbacks {
		protect(cb)
	}
	if n.subs {
		for _, fn := range subs {
			protect(func() { fn(n.ev) })
		}
	}
	for _, l := range n.listeners {
		protect(func() { l.fn(l.f) })
	}
}

// protect runs a callback, ignoring its panic: a callback must not take a
// worker down.
func protect(fn func()) {
	defer func() { _ = recover() }()
	fn()
}

// Subscribe calls fn with every status change of every task of c, in
// order, until stop is called. fn runs on the goroutine that changed the
// status (a worker, or the caller of Submit or Cancel) after the client's
// lock is released, never on two goroutines at once; it must not block.
func (c *Client) Subscribe(fn func(Event)) (stop func()) {
	c.mu.Lock()
	id := c.subID
	c.subID++
	c.subs[id] = fn
	c.nsubs++
	c.mu.Unlock()
	var once sync.Once
	return func() {
		once.Do(func() {
			c.mu.Lock()
			delete(c.subs, id)
			c.nsubs--
			c.mu.Unlock()
		})
	}
}

// Counts is a snapshot of a client's tasks by status.
type Counts struct {
	Workers   int
	Pending   int
	Running   int
	Finished  int
	Errors    int
	Cancelled int
}

// Counts returns how many tasks the client holds in each status.
func (c *Client) Counts() Counts {
	c.mu.Lock()
	defer c.mu.Unlock()
	return Counts{
		Workers: c.workers, Pending: c.count[Pending], Running: c.count[Running],
		Finished: c.count[Finished], Errors: c.count[Error], Cancelled: c.count[Cancelled],
	}
}

// String describes the client in one line.
func (c *Client) String() string {
	n := c.Counts()
	return fmt.Sprintf("<Client: %d workers, %d pending, %d running, %d finished, %d errors>",
		n.Workers, n.Pending, n.Running, n.Finished, n.Errors)
}

// HTML describes the client as a small table, for a notebook.
func (c *Client) HTML() string {
	n := c.Counts()
	var b strings.Builder
	b.WriteString(`<table class="gofutures-client"><caption>Client</caption>`)
	for _, r := range []struct {
		k string
		v int
	}{{"Workers", n.Workers}, {"Pending", n.Pending}, {"Running", n.Running}, {"Finished", n.Finished}, {"Errors", n.Errors}} {
		fmt.Fprintf(&b, "<tr><th>%s</th><td>%d</td></tr>", html.EscapeString(r.k), r.v)
	}
	b.WriteString("</table>")
	return b.String()
}
