package cluster

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofutures/gofutures/futures"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// executor is the futures.Executor of a cluster: the client's scheduler
// hands it ready tasks, which it publishes to the task stream in batches;
// workers run them and report on the client's note subject. A run is
// taken once: the first report of a run ends it, later ones (a task
// redelivered after its worker stalled) are dropped with their data.
type executor struct {
	nc      *nats.Conn
	a       *assets
	id      string // the client's id in the cluster
	slots   int
	window  int // runs dispatched and not reported, at most
	log     *slog.Logger
	jsrc    JournalSource
	reg     *roster
	ackWait time.Duration

	q     futures.Scheduler
	sem   chan struct{} // a token per dispatched run
	out   chan *dispatch
	notes jetstream.ConsumeContext // the workers' reports
	adv   *nats.Subscription       // advisories of tasks delivered too often
	start *nats.Subscription       // workers' start reports (starts.go)
	quit  chan struct{}
	wg    sync.WaitGroup

	mu       sync.Mutex
	runs     map[uint64]*dispatch
	nextRun  uint64
	closing  bool                     // Close started: no more advisory handlers
	journals map[string]bool          // the journals put in the cluster
	files    map[string]bool          // the journals' files put in the cluster
	groups   map[string]bool          // the placement groups made
	dur      map[string]time.Duration // recent run time by function, for batching

	gc      gcQueue
	dropped atomic.Int64 // reports of runs already taken: late duplicates
}

// dispatch is a run handed to the cluster.
type dispatch struct {
	run  uint64
	job  futures.Job
	msg  taskMsg
	subj string // the task stream's subject it goes to
	sig  signature
	stop func() bool // stops the cancel watch
	err  error       // set when the task cannot be sent
	// resent is set (under the executor's lock) when the task went to the
	// shared queue after its group lost its workers (orphans.go).
	resent bool
}

func newExecutor(nc *nats.Conn, a *assets, reg *roster, ackWait time.Duration, slots int, log *slog.Logger, jsrc JournalSource) *executor {
	e := &executor{
		nc: nc, a: a, reg: reg, ackWait: ackWait, id: newID(), slots: slots, log: log, jsrc: jsrc,
		groups:   map[string]bool{},
		window:   max(256, 64*slots),
		runs:     map[uint64]*dispatch{},
		dur:      map[string]time.Duration{},
		journals: map[string]bool{},
		files:    map[string]bool{},
		quit:     make(chan struct{}),
	}
	e.sem = make(chan struct{}, e.window)
	e.out = make(chan *dispatch, e.window)
	e.gc.init(a)
	return e
}

// Workers returns the slots the cluster had when the client started.
func (e *executor) Workers() int { return e.slots }

func (e *executor) Start(q futures.Scheduler) {
	e.q = q
	var err error
	if e.notes, err = e.consumeNotes(); err != nil {
		e.log.Error("reading reports", "err", err)
	}
	if e.adv, err = e.watchDeliveries(); err != nil {
		e.log.Error("subscribing to delivery advisories", "err", err)
	}
	if e.start, err = e.watchStarts(); err != nil {
		e.log.Error("subscribing to start reports", "err", err)
	}
	e.wg.Add(3)
	go e.pull()
	go e.publish()
	go e.watchOrphans()
}

// pull takes ready tasks from the scheduler while the window has room.
func (e *executor) pull() {
	defer e.wg.Done()
	defer close(e.out)
	slot := 0
	for {
		select {
		case e.sem <- struct{}{}:
		case <-e.quit:
			return
		}
		j, ok := e.q.Next(slot)
		if !ok {
			<-e.sem
			return
		}
		slot = (slot + 1) % max(1, e.slots)
		e.out <- e.prepare(j)
	}
}

// prepare numbers a run and encodes its task.
func (e *executor) prepare(j futures.Job) *dispatch {
	d := &dispatch{job: j}
	e.mu.Lock()
	e.nextRun++
	d.run = e.nextRun
	e.mu.Unlock()
	d.msg = taskMsg{run: d.run, key: j.Key()}
	fn := j.Fn()
	if name, ok := registeredName(fn); ok {
		d.msg.fn = name
	} else if e.jsrc != nil && e.jsrc.Declared(j.Func()) {
		d.msg.fn = j.Func()
		d.msg.journal, d.err = e.journal(j.Func())
	} else {
		what := j.Func()
		if what == "func" {
			what = "a function literal or closure"
		}
		d.err = fmt.Errorf("%w: %s is neither registered (cluster.Register) nor declared in a cell", ErrNotRemote, what)
	}
	if d.err != nil {
		return d
	}
	if d.subj, d.err = e.route(j.Placement()); d.err != nil {
		return d
	}
	d.sig = signatureOf(reflect.TypeOf(fn))
	var depErr error
	args := j.Args(func(key string, v any) any {
		if s, ok := v.(*stored); ok && s.e == e {
			return depArg{s.ref}
		}
		return v // a result in the client's memory (Scatter): sent with the task
	})
	d.msg.args = make([]arg, len(args))
	for i, a := range args {
		d.msg.args[i], depErr = encodeArg(a, d.sig.param(i, len(args)))
		if depErr != nil {
			d.err = fmt.Errorf("cluster: task %s argument %d: %w", j.Key(), i+1, depErr)
			return d
		}
	}
	return d
}

type depArg struct{ ref dataRef }

func encodeArg(a any, t reflect.Type) (arg, error) {
	switch x := a.(type) {
	case depArg:
		return arg{kind: argDep, dep: x.ref}, nil
	case []any:
		if hasDep(x) {
			et := anyType
			if t != nil && t.Kind() == reflect.Slice {
				et = t.Elem()
			}
			l := arg{kind: argList, list: make([]arg, len(x))}
			for i, e := range x {
				var err error
				if l.list[i], err = encodeArg(e, et); err != nil {
					return l, err
				}
			}
			return l, nil
		}
	}
	if t != nil && t.Kind() != reflect.Interface && a != nil && !reflect.TypeOf(a).AssignableTo(t) {
		// Convert as a local run would ([]any of results to []int, int to
		// float64), so that the worker decodes the parameter's own type.
		if v, err := convertTo(a, t); err == nil {
			a = v
		}
	}
	b, err := appendValue(nil, a, t)
	return arg{kind: argValue, value: b}, err
}

func hasDep(xs []any) bool {
	for _, x := range xs {
		switch y := x.(type) {
		case depArg:
			return true
		case []any:
			if hasDep(y) {
				return true
			}
		}
	}
	return false
}

// publish sends prepared runs, batching those of short functions.
func (e *executor) publish() {
	defer e.wg.Done()
	var pending []*dispatch
	for d := range e.out {
		pending = append(pending[:0], d)
		limit := e.batchLimit(d)
	drain:
		for len(pending) < limit {
			select {
			case d2, ok := <-e.out:
				if !ok {
					break drain
				}
				if d2.subj != pending[0].subj { // placed elsewhere: a batch of its own
					e.send(pending)
					pending, limit = append(pending[:0], d2), e.batchLimit(d2)
					continue
				}
				pending = append(pending, d2)
			default:
				break drain
			}
		}
		e.send(pending)
	}
}

// batchLimit is how many tasks may share a message with d's: many when
// its function has been quick, one when it is slow or unknown, so that
// long tasks spread over the workers.
func (e *executor) batchLimit(d *dispatch) int {
	e.mu.Lock()
	dur, ok := e.dur[d.msg.fn]
	e.mu.Unlock()
	switch {
	case !ok || dur > 5*time.Millisecond:
		return 1
	case dur > 200*time.Microsecond:
		return 8
	}
	return 256
}

func (e *executor) send(ds []*dispatch) {
	b := batch{client: e.id, tasks: make([]taskMsg, 0, len(ds))}
	subj := ""
	for _, d := range ds {
		if d.err != nil {
			e.finish(d, futures.Outcome{Err: d.err, Started: time.Now(), Stopped: time.Now()})
			continue
		}
		e.mu.Lock()
		e.runs[d.run] = d
		e.mu.Unlock()
		if ctx := d.job.Context(); ctx != nil {
			run := d.run
			d.stop = context.AfterFunc(ctx, func() { e.cancelRun(run) })
		}
		b.tasks = append(b.tasks, d.msg)
		subj = d.subj
	}
	if len(b.tasks) == 0 {
		return
	}
	// The message ID lets the server drop a copy sent again after its
	// acknowledgement was lost (see resend).
	id := e.id + "-" + strconv.FormatUint(b.tasks[0].run, 10)
	if _, err := e.a.js.PublishAsync(subj, b.marshal(), jetstream.WithMsgID(id)); err != nil {
		for _, t := range b.tasks {
			if d := e.take(t.run); d != nil {
				e.finish(d, futures.Outcome{Err: fmt.Errorf("cluster: sending task %s: %w", t.key, err)})
			}
		}
	}
}

// take removes a run from the table, returning nil when it was taken already.
func (e *executor) take(run uint64) *dispatch {
	e.mu.Lock()
	defer e.mu.Unlock()
	d := e.runs[run]
	if d != nil {
		delete(e.runs, run)
	}
	return d
}

// finish reports a run's outcome to the scheduler and frees its token.
func (e *executor) finish(d *dispatch, o futures.Outcome) {
	if d.stop != nil {
		d.stop()
	}
	e.q.Done(d.job, o)
	<-e.sem
}

func (e *executor) cancelRun(run uint64) {
	d := e.take(run)
	if d == nil {
		return
	}
	_ = e.nc.Publish(cancelSubject, cancelMsg(e.id, run))
	now := time.Now()
	e.finish(d, futures.Outcome{Err: futures.ErrCancelled, Started: now, Stopped: now})
}

// onNote takes a worker's report.
func (e *executor) onNote(n *note) {
	d := e.take(n.run)
	if d == nil { // a late duplicate, or a run cancelled meanwhile
		e.dropped.Add(1)
		if n.status == noteOK {
			e.gc.add(n.data)
		}
		return
	}
	o := futures.Outcome{Started: time.Unix(0, n.started), Stopped: time.Unix(0, n.stopped)}
	if n.worker != "" {
		o.Worker = n.worker + "/" + strconv.FormatUint(n.slot, 10)
	}
	e.mu.Lock()
	e.dur[d.msg.fn] = o.Stopped.Sub(o.Started)
	e.mu.Unlock()
	switch n.status {
	case noteOK:
		o.Stored = &stored{e: e, ref: n.data, typ: n.typ, types: d.sig.out, size: n.size}
	case noteCancelled:
		o.Err = futures.ErrCancelled
	case notePanic:
		o.Err, o.Traceback = &futures.PanicError{Value: n.err, Stack: n.trace}, n.trace
	case notePanicFrames:
		o.Err, o.Traceback = &futures.PanicError{Value: n.err, Frames: strings.Split(n.trace, "\n")}, n.trace
	default:
		o.Err, o.Traceback = &RemoteError{Msg: n.err, Worker: n.worker}, n.trace
	}
	e.finish(d, o)
}

func (e *executor) Close() {
	e.mu.Lock()
	e.closing = true
	e.mu.Unlock()
	close(e.quit)
	if e.adv != nil {
		_ = e.adv.Unsubscribe()
	}
	if e.start != nil {
		_ = e.start.Unsubscribe()
	}
	e.wg.Wait()
	if e.notes != nil {
		e.notes.Stop()
		<-e.notes.Closed()
		e.dropNotes()
	}
	e.mu.Lock()
	left := make([]*dispatch, 0, len(e.runs))
	for _, d := range e.runs {
		left = append(left, d)
	}
	e.runs = map[uint64]*dispatch{}
	e.mu.Unlock()
	for _, d := range left {
		_ = e.nc.Publish(cancelSubject, cancelMsg(e.id, d.run))
		e.finish(d, futures.Outcome{Err: futures.ErrClosed})
	}
	e.gc.close()
}

// RemoteError is an error a task returned on a worker: its message, and
// the worker it ran on.
type RemoteError struct {
	Msg    string
	Worker string
}

func (e *RemoteError) Error() string { return e.Msg }

// stored is a result kept in the cluster (futures.Stored).
type stored struct {
	e     *executor
	ref   dataRef
	typ   string
	types []reflect.Type
	size  uint64
	once  sync.Once
}

func (s *stored) Load(ctx context.Context) (any, error) {
	data, err := s.e.a.fetch(ctx, s.ref)
	if err != nil {
		return nil, fmt.Errorf("cluster: fetching result %s: %w", s.ref.key, err)
	}
	types := s.types
	if len(types) == 0 {
		types = []reflect.Type{anyType}
	}
	return decodeResults(data, types)
}

func (s *stored) Type() string { return s.typ }

func (s *stored) Release() { s.once.Do(func() { s.e.gc.add(s.ref) }) }

// gcQueue deletes released results on a goroutine of its own, so that
// Release never blocks.
type gcQueue struct {
	a      *assets
	mu     sync.Mutex
	refs   []dataRef
	closed bool
	wake   chan struct{}
	done   chan struct{}
}

func (g *gcQueue) init(a *assets) {
	g.a = a
	g.wake = make(chan struct{}, 1)
	g.done = make(chan struct{})
	go g.loop()
}

func (g *gcQueue) add(d dataRef) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.closed {
		return // the client is gone; its results go with the broker's data
	}
	g.refs = append(g.refs, d)
	select {
	case g.wake <- struct{}{}:
	default:
	}
}

func (g *gcQueue) loop() {
	defer close(g.done)
	for range g.wake {
		g.mu.Lock()
		refs := g.refs
		g.refs = nil
		g.mu.Unlock()
		var freed []byte
		for _, d := range refs {
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			if err := g.a.remove(ctx, d); err != nil && !errors.Is(err, jetstream.ErrKeyNotFound) && !errors.Is(err, jetstream.ErrObjectNotFound) {
				_ = err // the broker may be gone; nothing else to do
			}
			cancel()
			if d.key != "" {
				freed = append(append(freed, d.key...), '\n')
			}
		}
		if len(freed) > 0 { // the workers that stored them count them no more
			_ = g.a.js.Conn().Publish(freedSubject, freed)
		}
	}
}

// close deletes what was released so far and stops.
func (g *gcQueue) close() {
	g.mu.Lock()
	g.closed = true
	close(g.wake)
	g.mu.Unlock()
	<-g.done
}

// journal puts the declarations fn needs in the cluster, unless they are
// there already, and returns their ID.
func (e *executor) journal(fn string) (string, error) {
	id, src, err := e.jsrc.Journal(fn)
	if err != nil {
		return "", fmt.Errorf("%w: %w", ErrNotRemote, err)
	}
	e.mu.Lock()
	have := e.journals[id]
	e.mu.Unlock()
	if have {
		return id, nil
	}
	if err := e.journalFiles(fn, src); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := e.a.journals.Put(ctx, id, []byte(src)); err != nil {
		return "", fmt.Errorf("%w: sharing the declarations of %s with the workers: %w", ErrNotRemote, fn, err)
	}
	e.mu.Lock()
	e.journals[id] = true
	e.mu.Unlock()
	return id, nil
}

// journalFiles puts in the object store the files the declarations src
// of fn refer to (JournalFiles) that the cluster does not hold yet.
func (e *executor) journalFiles(fn, src string) error {
	jf, ok := e.jsrc.(JournalFiles)
	if !ok {
		return nil
	}
	names, err := jf.JournalFiles(src)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrNotRemote, fn, err)
	}
	// Plugins weigh megabytes: time for a slow link.
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	for _, name := range names {
		e.mu.Lock()
		have := e.files[name]
		e.mu.Unlock()
		if have {
			continue
		}
		if _, err := e.a.objects.GetInfo(ctx, journalFilePrefix+name); err != nil {
			data, err := jf.JournalFile(name)
			if err != nil {
				return fmt.Errorf("%w: %s needs %s: %w", ErrNotRemote, fn, name, err)
			}
			if _, err := e.a.objects.PutBytes(ctx, journalFilePrefix+name, data); err != nil {
				return fmt.Errorf("%w: sharing %s, which %s needs, with the workers: %w", ErrNotRemote, name, fn, err)
			}
		}
		e.mu.Lock()
		e.files[name] = true
		e.mu.Unlock()
	}
	return nil
}
