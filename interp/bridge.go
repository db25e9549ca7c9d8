package interp

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"time"
	"weak"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/widget"
	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/futures/cluster"
	"github.com/gofutures/gofutures/interp/internal/rt"
)

// The bridge is the glue from the futures runtime to the notebook, the one
// place that knows both: it installs futures.Hooks so that tasks run
// interruptibly on the session (runTask), futures.Progress draws a live
// display/widget.Progress in the running cell, and the clients that cells
// create are closed with the session; and showLive draws futures, clients
// and task streams that a cell returns or passes to display.Show as
// widgets that redraw in place.
//
// The session wires it in three places: New calls s.startBridge(), Close
// calls s.stopBridge(), and the code that shows a cell's final value calls
// s.showLive(v, sink) first and shows no execute_result when it returns
// true (the widget went out as display_data with its own display id).
// display.Show reaches showLive through the live shower the session
// registers (showShown).
//
// Everything here is the session's own, so that sessions in one process
// (tests make many) do not see each other: the clients its cells make get
// its hooks (futures.WithHooks, through its futures.NewClient and
// cluster.NewLocal and Connect: futuresSymbols, clusterSymbols), and its
// live shower draws only for goroutines of its cells and tasks. A client
// that compiled code makes (a plugin calling futures.NewClient) has the
// process's hooks, which no session installs: its tasks run without
// interrupt checkpoints, Progress of its futures draws a text bar, and no
// session closes it.

// bridge is a session's part of the glue.
type bridge struct {
	hooks futures.Hooks
	// sink returns the sink of the running cell, where Progress draws;
	// nil means display.Current().
	sink func() display.Sink
	// unshow removes the session's live shower from display's.
	unshow func()

	mu     sync.Mutex
	closed bool
	// clients are those the session's cells made, held weakly: a client a
	// cell closed and dropped is collected. One it dropped without closing
	// is not (its idle workers hold it, as they would in a program), and
	// is closed with the session.
	clients []weak.Pointer[futures.Client]
	stops   map[*int]func() // subscriptions and timers of live widgets
}

// startBridge makes the session's hooks and registers its live shower.
// New calls it. It is idempotent.
func (s *Session) startBridge() {
	s.bridgeMu.Lock()
	defer s.bridgeMu.Unlock()
	if s.br != nil {
		return
	}
	b := newBridge(s.runTask)
	b.hooks.Traceback = s.taskFrames
	b.sink = s.cellSink
	b.unshow = display.RegisterLive(s.showShown)
	s.br = b
}

// stopBridge stops the session's live widgets and closes the clients its
// cells created, waiting for their workers. Close calls it; it is
// idempotent.
func (s *Session) stopBridge() {
	if b := s.bridge(); b != nil {
		b.close()
	}
}

// bridge returns the session's bridge; nil before startBridge.
func (s *Session) bridge() *bridge {
	s.bridgeMu.Lock()
	defer s.bridgeMu.Unlock()
	return s.br
}

// futuresSymbols is futures.NewClient with the session's hooks (an option
// the cell passes comes after; cells cannot pass hooks of their own).
func (s *Session) futuresSymbols() map[string]map[string]reflect.Value {
	return map[string]map[string]reflect.Value{futuresPath + "/futures": {
		"NewClient": reflect.ValueOf(func(opts ...futures.ClientOption) *futures.Client {
			return futures.NewClient(append(s.clientHooks(), opts...)...)
		}),
	}}
}

// clientHooks are the client options that give a client the session's
// hooks: none before startBridge.
func (s *Session) clientHooks() []futures.ClientOption {
	if b := s.bridge(); b != nil {
		return []futures.ClientOption{futures.WithHooks(b.hooks)}
	}
	return nil
}

// showLive renders v to out as a live widget when v is a value that changes
// over time, and reports whether it did: a *futures.Future becomes a status
// card, a *futures.Client a summary of its tasks (a cluster's client its
// cluster's card), a *cluster.Cluster a card of its workers and tasks, and
// a *futures.TaskStream a timeline of its client's workers, each redrawn in place (coalesced,
// final state always sent) as the tasks move.
func (s *Session) showLive(v any, out display.Sink) bool {
	b := s.bridge()
	if b == nil {
		b = &bridge{} // no bridge: live, but nothing will stop it
	}
	if c, ok := v.(*futures.Client); ok && c != nil { // a cluster's client shows its cluster
		if cl := s.clusters.of(c); cl != nil {
			v = cl
		}
	}
	return b.showLive(v, out)
}

// showShown is the session's live shower for display.Show: in a cell (a
// sink other than the plain-text one of a program), it shows what
// showLive knows, when the calling goroutine works for one of the
// session's cells or tasks, or belongs to none and out is the sink of the
// session's latest cell. Other sessions' showers decline the rest.
func (s *Session) showShown(v any, out display.Sink) bool {
	if _, plain := out.(*display.TextSink); plain || out == nil {
		return false
	}
	if t := rt.Current(); t != nil {
		if info, ok := t.Data.(*taskInfo); !ok || info.s != s {
			return false
		}
	} else if box := s.last.Load(); box == nil || box.s != out {
		return false
	}
	return s.showLive(v, out)
}

func (b *bridge) showLive(v any, out display.Sink) bool {
	if out == nil {
		return false
	}
	switch x := v.(type) {
	case *futures.Future:
		if x == nil {
			return false
		}
		b.lease(func(release func()) func() { return showFuture(x, out, release) })
	case []*futures.Future:
		if x == nil || slices.Contains(x, nil) {
			return false
		}
		b.lease(func(release func()) func() { return showFutures(x, out, release) })
	case *futures.Client:
		if x == nil {
			return false
		}
		b.keep(showClient(x, out))
	case *futures.TaskStream:
		if x == nil {
			return false
		}
		b.keep(showTaskStream(x, out))
	case *cluster.Cluster:
		if x == nil {
			return false
		}
		b.keep(showCluster(x, out))
	default:
		return false
	}
	return true
}

func newBridge(runTask func(ctx context.Context, run func())) *bridge {
	b := &bridge{}
	b.hooks = futures.Hooks{RunTask: runTask, Progress: b.progress, ProgressBars: b.progressBars, NewClient: b.track}
	return b
}

// track remembers a client to close with the session.
func (b *bridge) track(c *futures.Client) {
	b.hold(func() {
		if len(b.clients) == cap(b.clients) { // forget collected ones before growing
			b.clients = slices.DeleteFunc(b.clients, func(p weak.Pointer[futures.Client]) bool { return p.Value() == nil })
		}
		b.clients = append(b.clients, weak.Make(c))
	}, func() { c.Close() })
}

// keep remembers a subscription to stop with the session.
func (b *bridge) keep(stop func()) {
	key := new(int)
	b.hold(func() {
		if b.stops == nil {
			b.stops = map[*int]func(){}
		}
		b.stops[key] = stop
	}, stop)
}

// lease lets a widget that ends by itself (when its futures are final) be
// stopped with the session until then, and forgotten after: start shows
// the widget, receives release, which the widget calls once it has ended,
// and returns the widget's stop.
func (b *bridge) lease(start func(release func()) (stop func())) {
	key := new(int)
	released := false // guarded by b.mu
	stop := start(func() {
		b.mu.Lock()
		released = true
		delete(b.stops, key)
		b.mu.Unlock()
	})
	b.mu.Lock()
	closed := b.closed
	if !closed && !released {
		if b.stops == nil {
			b.stops = map[*int]func(){}
		}
		b.stops[key] = stop
	}
	b.mu.Unlock()
	if closed {
		stop()
	}
}

// hold runs add under the lock while the bridge is open, or else undo.
func (b *bridge) hold(add, undo func()) {
	b.mu.Lock()
	closed := b.closed
	if !closed {
		add()
	}
	b.mu.Unlock()
	if closed {
		undo()
	}
}

func (b *bridge) close() {
	b.mu.Lock()
	if b.closed {
		b.mu.Unlock()
		return
	}
	if b.unshow != nil {
		b.unshow()
	}
	b.closed = true
	stops, clients := b.stops, b.clients
	b.stops, b.clients = nil, nil
	b.mu.Unlock()
	for _, stop := range stops {
		stop()
	}
	for _, p := range clients {
		if c := p.Value(); c != nil {
			c.Close()
		}
	}
}

// interruptPoll is how often a blocking progress bar looks whether its
// cell was interrupted.
const interruptPoll = 20 * time.Millisecond

// progress is the Progress hook: a live bar in the running cell that
// counts the futures as they end (errors and cancellations as errors). It
// is an ipywidgets widget when widget.WantComms says so (by default, when
// the frontend runs a widgets manager), HTML otherwise.
// Outside a cell it declines, and futures prints its text bar. With block,
// it waits for every future or for the cell's interrupt.
//
// The first frame is the state when it is called: futures already final
// are counted in it, and the time shown is the tasks' own span (from the
// earliest start to the latest stop of those counted, or to now while some
// remain), not the life of the bar.
//
// With block, once every future is final it also writes the final state
// as one line on stdout. Frontends that ignore display updates (jupyter
// console) would otherwise show the bar's first frame, "0/6 done", as the
// last word; the kernel cannot tell them from those that redraw, and a
// line printed when a blocking call returns reads right in every frontend,
// as a line printed after a loop does. Progress, which returns at once,
// prints nothing on stdout, since its end may come while another cell runs:
// its bar settles instead (display.Handle.Settle), and the kernel shows the
// final state as a line only to the frontends that ignore updates.
func (b *bridge) progress(fs []*futures.Future, block bool) bool {
	return b.progressBars([]futures.ProgressBar{{Futures: fs}}, block)
}

// progressBars is the ProgressBars hook: one titled bar per function of
// the graph, each drawn and counted as progress draws its single bar.
// With block, it waits for every bar and then prints each final state as
// one line on stdout.
func (b *bridge) progressBars(bars []futures.ProgressBar, block bool) bool {
	sink := display.Current()
	if b.sink != nil {
		sink = b.sink()
	}
	if _, plain := sink.(*display.TextSink); plain || sink == nil {
		return false
	}
	ps := make([]*widget.Progress, len(bars))
	dones := make([]chan struct{}, len(bars))
	for i, bar := range bars {
		ps[i], dones[i] = liveBar(sink, bar.Title, bar.Futures, !block)
	}
	if block {
		for _, done := range dones {
			waitOrInterrupt(done)
		}
		for _, p := range ps {
			p.Flush()
			sink.Stream("stdout", p.State().String()+"\n")
		}
	}
	return true
}

// liveBar shows a bar titled title that counts fs as they end; done is
// closed once every one of them is final. With settle, the final state is
// settled (widget.ProgressOptions.Settle).
func liveBar(sink display.Sink, title string, fs []*futures.Future, settle bool) (p *widget.Progress, done chan struct{}) {
	start := time.Now()
	var finished []widget.Task
	var running []*futures.Future
	for _, f := range fs {
		i := f.Info()
		if !i.Started.IsZero() && i.Started.Before(start) {
			start = i.Started
		}
		if i.Status.Done() {
			finished = append(finished, taskOf(i))
		} else {
			running = append(running, f)
		}
	}
	p = widget.NewProgress(widget.ProgressOptions{
		Title: title, Total: len(fs), Sink: sink, Comms: widget.WantComms(sink), Start: start, Finished: finished,
		Settle: settle,
	})
	done = make(chan struct{})
	var left atomic.Int64
	left.Store(int64(len(running)))
	if len(running) == 0 {
		close(done)
	}
	for _, f := range running {
		f.AddDoneCallback(func(f *futures.Future) {
			p.Finish(taskOf(f.Info()))
			if left.Add(-1) == 0 {
				close(done)
			}
		})
	}
	return p, done
}

// taskOf is a final task as a progress bar counts it.
func taskOf(i futures.TaskInfo) widget.Task {
	t := widget.Task{Start: i.Started, Stop: i.Stopped}
	if i.Status != futures.Finished {
		t.Err = i.Err
		if t.Err == nil {
			t.Err = errors.New(i.Status.String())
		}
	}
	return t
}

// waitOrInterrupt waits until done is closed or the calling goroutine's
// task (its cell) is stopped, and then unwinds it as a checkpoint does.
func waitOrInterrupt(done <-chan struct{}) {
	t := rt.Current()
	if t == nil {
		<-done
		return
	}
	tick := time.NewTicker(interruptPoll)
	defer tick.Stop()
	for {
		select {
		case <-done:
			return
		case <-tick.C:
			if t.Stopped() {
				rt.Check() // panics with rt.ErrInterrupted
				return
			}
		}
	}
}

// showClient shows c's summary and redraws it as its tasks move, until
// stop is called.
func showClient(c *futures.Client, out display.Sink) (stop func()) {
	h := display.NewHandle(display.HandleOptions{Sink: out})
	h.Show(clientSummary{c})
	return c.Subscribe(func(futures.Event) { h.Update(clientSummary{c}) })
}

// clientSummary renders the client's counts when the handle sends it, so
// that coalesced updates cost nothing until then.
type clientSummary struct{ c *futures.Client }

func (s clientSummary) Bundle() display.Bundle {
	n := s.c.Counts()
	return widget.ClientSummary{
		Workers: n.Workers, Threads: n.Workers, ResultBytes: s.c.ResultBytes(), Pending: n.Pending, Running: n.Running,
		Finished: n.Finished, Errors: n.Errors, Cancelled: n.Cancelled,
	}.Bundle()
}
