package futures

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Executor runs the tasks that the scheduler finds ready. The scheduler
// (graph, states, keys, events) lives in Client; an executor only takes
// work from a Scheduler and reports outcomes, so that executors elsewhere
// (other processes, other machines) can be added without changing the API.
type Executor interface {
	// Start begins taking work from s and returns at once.
	Start(s Scheduler)
	// Workers reports how many tasks the executor runs at once.
	Workers() int
	// Close returns once the executor has stopped taking work (s.Next
	// reports false after the client closes) and its running tasks have
	// returned. It is called once, by Client.Close.
	Close()
}

// Scheduler is the client's scheduler as an executor sees it: where ready
// tasks come from and where their outcomes go.
type Scheduler interface {
	// Next blocks until a task is ready, marks it running on worker w (a
	// slot number, for the task stream) and returns it; ok is false once
	// the client is closed.
	Next(w int) (j Job, ok bool)
	// Done reports the outcome of a Job returned by Next.
	Done(j Job, o Outcome)
	// Started reports that a Job returned by Next began to run at at on a
	// worker that is not one of the client's slots (named as
	// Outcome.Worker is): the task stream shows the run on that worker's
	// row from then, and events and Info name it. It is ignored once the
	// run has ended.
	Started(j Job, worker string, at time.Time)
}

// Job is a task handed to an executor.
type Job struct {
	t *task
	// Read under the client's lock when the job was taken:
	ctx   context.Context
	args  []any
	subst bool // args hold futures
	deps  []*task
	vals  []any // results of deps
	// started is when Next marked the task running (unix nanoseconds):
	// Run takes it as the run's start rather than reading the clock again.
	started int64
	place   *Placement
}

// Key returns the task's key.
func (j Job) Key() string { return j.t.key }

// Func returns the task's short function name.
func (j Job) Func() string { return j.t.name }

// Outcome is the result of running a Job.
type Outcome struct {
	Value     any
	Err       error
	Traceback string
	Started   time.Time
	Stopped   time.Time
	// Stored, when set, is the result, kept by the executor; Value is
	// then ignored.
	Stored Stored
	// Worker names the worker thread that ran the task, when it is not one
	// of the client's own slots (a remote worker's name and slot:
	// "w1/0"): the task stream shows the run on that row.
	Worker string
}

func (q queue) Started(j Job, worker string, at time.Time) {
	c := q.c
	c.mu.Lock()
	t := j.t
	if t.state == Running && t.started == j.started && worker != "" {
		t.x().remote = worker
		c.recordMove(t, worker, at.UnixNano())
		c.emit(t)
	}
	c.unlock()
}

// queue adapts Client to Scheduler.
type queue struct{ c *Client }

func (q queue) Next(w int) (Job, bool) {
	c := q.c
	c.mu.Lock()
	t, ok := c.next(w)
	var j Job
	if ok {
		j = c.job(t)
	}
	c.unlock()
	return j, ok
}

// next is Next for a worker of a LocalExecutor, which the task records so
// that cancelling it frees the worker's slot.
func (q queue) next(w *localWorker) (Job, bool) {
	c := q.c
	c.mu.Lock()
	t, ok := c.next(w.slot)
	var j Job
	if ok {
		t.owner = w
		j = c.job(t)
	}
	c.unlock()
	return j, ok
}

// job describes t, which next has just marked running; c.mu is held.
func (c *Client) job(t *task) Job {
	j := Job{t: t, args: t.args, subst: t.flags&flagFutures != 0, started: t.started}
	if j.subst {
		j.deps = t.deps
		j.vals = make([]any, len(t.deps))
		for i, d := range t.deps {
			j.vals[i] = d.result
		}
	}
	if t.ctx != nil {
		j.ctx = t.ctx
	}
	if t.ext != nil {
		j.place = t.ext.place
	}
	return j
}

func (q queue) Done(j Job, o Outcome) {
	c := q.c
	if o.Stored != nil && o.Err == nil {
		o.Value = stored{o.Stored}
	}
	c.mu.Lock()
	c.done(j.t, o)
	if s, ok := o.Value.(stored); ok && j.t.state != Finished {
		s.s.Release() // cancelled while it ran: nobody will ask for it
	}
	c.unlock()
}

// Run runs the job on the calling goroutine: it replaces futures among the
// arguments by their results, calls the function (inside Hooks.RunTask when
// set) and turns a panic into a *PanicError.
func (j Job) Run() (o Outcome) {
	t := j.t
	if j.started != 0 {
		o.Started = time.Unix(0, j.started)
	} else {
		o.Started = time.Now()
	}
	if j.ctx != nil && j.ctx.Err() != nil { // cancelled before it started
		o.Err, o.Stopped = ErrCancelled, o.Started
		return o
	}
	args := j.args
	if j.subst {
		if err := j.loadStored(); err != nil {
			o.Err, o.Stopped = err, time.Now()
			return o
		}
		get := j.lookup()
		resolved := make([]any, len(args))
		for i, a := range args {
			resolved[i] = substitute(a, get)
		}
		args = resolved
	}
	ctx := j.ctx
	h := j.t.c.hooks()
	if h != nil && h.RunTask != nil {
		if ctx == nil {
			ctx = context.Background()
		}
		r := &hookedRun{ctx: ctx, t: t, args: args, h: h}
		r.runHook(h.RunTask)
		o.Value, o.Err, o.Traceback = r.v, r.err, r.trace
	} else {
		o.Value, o.Err, o.Traceback = safeCall(ctx, t, args)
		o.Traceback = hostFrames(h, o.Err, o.Traceback)
	}
	o.Stopped = time.Unix(0, now())
	return o
}

// lookup returns a function giving the result of a dependency, from the
// results taken under the lock.
func (j Job) lookup() func(*Future) any {
	if len(j.deps) <= 8 {
		return func(f *Future) any {
			for i, d := range j.deps {
				if d == f.t {
					return j.vals[i]
				}
			}
			return nil
		}
	}
	m := make(map[*task]any, len(j.deps))
	for i, d := range j.deps {
		m[d] = j.vals[i]
	}
	return func(f *Future) any { return m[f.t] }
}

// hookedRun is one run inside Hooks.RunTask; its run method is the func
// the hook calls.
type hookedRun struct {
	ctx   context.Context
	t     *task
	args  []any
	h     *Hooks
	ran   bool
	v     any
	err   error
	trace string
}

func (r *hookedRun) run() {
	r.ran = true
	r.v, r.err, r.trace = safeCall(r.ctx, r.t, r.args)
	r.trace = hostFrames(r.h, r.err, r.trace)
}

// hostFrames asks the host (Hooks.Traceback) where a task that panicked
// with err was, on the goroutine that recovered it, and returns the
// traceback the future keeps: the host's frames, or else trace. A panic
// of the hook keeps trace.
func hostFrames(h *Hooks, err error, trace string) (out string) {
	p, ok := err.(*PanicError)
	if !ok || h == nil || h.Traceback == nil {
		return trace
	}
	defer func() {
		if recover() != nil {
			p.Frames, out = nil, trace
		}
	}()
	if p.Frames = h.Traceback(p.Value); len(p.Frames) == 0 {
		p.Frames = nil
		return trace
	}
	return strings.Join(p.Frames, "\n")
}

// runHook calls the hook; a panic of the hook itself, outside the task,
// fails the task too.
func (r *hookedRun) runHook(hook func(context.Context, func())) {
	defer func() {
		if p := recover(); p != nil && !r.ran {
			r.err, r.trace = panicked(p)
		}
	}()
	hook(r.ctx, r.run)
	if !r.ran {
		r.err = errors.New("futures: Hooks.RunTask did not run the task")
	}
}

func safeCall(ctx context.Context, t *task, args []any) (v any, err error, trace string) {
	defer func() {
		if r := recover(); r != nil {
			v = nil
			err, trace = panicked(r)
		}
	}()
	v, err = call(ctx, t.name, t.fn, args)
	if err != nil {
		trace = errorTrace(t, err)
	}
	return v, err, trace
}

// errorTrace says where a task's returned error came from: the task, and
// the function with its source position when the runtime knows it.
func errorTrace(t *task, err error) string {
	where := t.name
	if fv := reflect.ValueOf(t.fn); fv.Kind() == reflect.Func {
		if f := runtime.FuncForPC(fv.Pointer()); f != nil && !strings.HasPrefix(f.Name(), "reflect.") {
			file, line := f.FileLine(f.Entry())
			where = fmt.Sprintf("%s\n\t%s:%d", f.Name(), file, line)
		}
	}
	return fmt.Sprintf("task %s returned an error from\n%s\nerror: %v", t.key, where, err)
}

func panicked(r any) (error, string) {
	stack := trimStack(string(debug.Stack()))
	return &PanicError{Value: unwrapPanic(r), Stack: stack}, stack
}

// trimStack keeps the frames between the panic and the runtime's call.
func trimStack(s string) string {
	lines := strings.Split(s, "\n")
	start := 0
	for i, l := range lines {
		if strings.HasPrefix(l, "panic(") {
			start = i + 2
		}
	}
	end := len(lines)
	for i := start; i < len(lines); i++ {
		if isRuntimeFrame(lines[i]) {
			end = i
			break
		}
	}
	if start >= end {
		return s
	}
	return lines[0] + "\n" + strings.Join(lines[start:end], "\n")
}

// isRuntimeFrame reports whether a stack line is the frame that called the
// task's function: the stack above it is the runtime's, not the user's.
func isRuntimeFrame(line string) bool {
	for _, f := range []string{"gofutures/futures.fastCall(", "gofutures/futures.call(", "reflect.Value.call(", "reflect.Value.Call(", "gofutures/futures.safeCall("} {
		if strings.HasPrefix(line, "github.com/gofutures/"+f) || strings.HasPrefix(line, f) {
			return true
		}
	}
	return false
}

// LocalExecutor runs tasks on worker goroutines of this process, one per
// slot. A task that blocks on other futures (Result, Gather, Wait, an
// AsCompleted iterator) gives its slot to a new worker goroutine until it
// resumes, as Dask's secede and rejoin do, so that tasks may submit tasks
// and wait for them without deadlocking the pool. A running task that is
// cancelled, or that calls runtime.Goexit, gives its slot to a new worker
// at once: Go cannot stop a goroutine, so a cancelled task blocked for
// ever (in select {}, say) stays blocked, but no longer holds a slot.
type LocalExecutor struct {
	slots  int
	q      Scheduler
	own    *queue // q when it is the client's own: tasks then know their worker
	wg     sync.WaitGroup
	strays sync.WaitGroup // goroutines of cancelled tasks still running
	mu     sync.Mutex
	active int   // goroutines taking work
	excess int32 // active - slots when positive, read without mu
}

type localWorker struct {
	e         *LocalExecutor
	slot      int
	seceded   bool        // guarded by e.mu
	abandoned atomic.Bool // its task was cancelled while running; set under e.mu
}

// workerGoroutines maps the goroutine ids of every LocalExecutor's workers
// to their worker, so that a task blocking on futures of any client frees
// its own slot.
var workerGoroutines sync.Map // uint64 -> *localWorker

// NewLocalExecutor returns an executor with n worker slots.
func NewLocalExecutor(n int) *LocalExecutor {
	if n < 1 {
		n = 1
	}
	return &LocalExecutor{slots: n}
}

// Workers returns the number of slots.
func (e *LocalExecutor) Workers() int { return e.slots }

// Start starts one worker goroutine per slot.
func (e *LocalExecutor) Start(s Scheduler) {
	e.q = s
	if own, ok := s.(queue); ok {
		e.own = &own
	}
	e.mu.Lock()
	for i := 0; i < e.slots; i++ {
		e.spawn(i)
	}
	e.mu.Unlock()
}

// spawn starts a worker goroutine for slot; e.mu is held.
func (e *LocalExecutor) spawn(slot int) {
	e.active++
	atomic.StoreInt32(&e.excess, int32(e.active-e.slots))
	e.wg.Add(1)
	go e.loop(slot)
}

func (e *LocalExecutor) loop(slot int) {
	id := goid()
	w := &localWorker{e: e, slot: slot}
	workerGoroutines.Store(id, w)
	defer func() {
		workerGoroutines.Delete(id)
		if w.abandoned.Load() {
			e.strays.Done()
		} else {
			e.wg.Done()
		}
	}()
	for {
		var j Job
		var ok bool
		if e.own != nil {
			j, ok = e.own.next(w)
		} else {
			j, ok = e.q.Next(w.slot)
		}
		if !ok || !e.run(w, j) {
			return
		}
	}
}

// run runs j on worker w and reports whether w goes on taking work.
func (e *LocalExecutor) run(w *localWorker, j Job) bool {
	returned := false
	defer func() {
		if !returned { // runtime.Goexit: this goroutine is ending
			stop := time.Now()
			start := stop
			if j.started != 0 {
				start = time.Unix(0, j.started)
			}
			e.q.Done(j, Outcome{Err: ErrGoexit, Traceback: "task " + j.Key() + " called runtime.Goexit",
				Started: start, Stopped: stop})
			e.replace(w)
		}
	}()
	o := j.Run()
	returned = true
	e.q.Done(j, o)
	if w.abandoned.Load() {
		return false
	}
	return atomic.LoadInt32(&e.excess) <= 0 || !e.leave()
}

// replace gives w's slot to a new worker, unless w gave it up already.
func (e *LocalExecutor) replace(w *localWorker) {
	e.mu.Lock()
	defer e.mu.Unlock()
	if !w.seceded && !w.abandoned.Load() {
		e.active--
		e.spawn(w.slot)
	}
}

// abandon gives the slot of w, whose task was cancelled while running, to a
// new worker; w ends once its task returns, if ever. The client's lock is
// held.
func (w *localWorker) abandon() {
	e := w.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if w.abandoned.Load() {
		return
	}
	if !w.seceded {
		e.active--
		e.spawn(w.slot)
	}
	w.seceded = true
	e.strays.Add(1)
	w.abandoned.Store(true)
	e.wg.Done() // Close no longer waits for it but in strays
}

// leave reports whether this worker should exit because a task rejoined
// and the pool is over its slots.
func (e *LocalExecutor) leave() bool {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.active <= e.slots {
		return false
	}
	e.active--
	atomic.StoreInt32(&e.excess, int32(e.active-e.slots))
	return true
}

// closeGrace is how long Close waits for cancelled tasks that are still
// running to return.
const closeGrace = 2 * time.Second

// Close waits for the worker goroutines to return, and up to two seconds
// for the tasks cancelled while running (Close cancels every running
// task): a task that never returns is left behind rather than hang Close.
func (e *LocalExecutor) Close() {
	e.wg.Wait()
	done := make(chan struct{})
	go func() {
		e.strays.Wait()
		close(done)
	}()
	t := time.NewTimer(closeGrace)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// secede is called by a goroutine about to block on futures. On a worker
// goroutine of any LocalExecutor, it hands the slot to a new worker and
// returns the function to call once unblocked; elsewhere it returns nil.
func secede() (rejoin func()) {
	v, ok := workerGoroutines.Load(goid())
	if !ok {
		return nil
	}
	w := v.(*localWorker)
	e := w.e
	e.mu.Lock()
	defer e.mu.Unlock()
	if w.seceded {
		return nil
	}
	w.seceded = true
	e.active--
	e.spawn(w.slot)
	return func() {
		e.mu.Lock()
		if !w.abandoned.Load() {
			w.seceded = false
			e.active++
			atomic.StoreInt32(&e.excess, int32(e.active-e.slots))
		}
		e.mu.Unlock()
	}
}

// goid returns the calling goroutine's id, read from its stack header
// ("goroutine 18 [running]:"). It costs about a microsecond, so it is only
// called by worker goroutines starting and by waits that must block.
func goid() uint64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = b[len("goroutine "):]
	var id uint64
	for _, ch := range b {
		if ch < '0' || ch > '9' {
			break
		}
		id = id*10 + uint64(ch-'0')
	}
	return id
}
