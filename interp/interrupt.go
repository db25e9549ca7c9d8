package interp

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/internal/rt"
)

// Interrupts do not use yaegi's own cancellation, which stops every
// interpreted goroutine of the interpreter and leaves closures made before
// it returning zero values. Instead every cell runs on a goroutine
// registered with an rt.Task, the rewritten code calls rt.Check at loop
// heads and function entries, and cancelling the cell stops its task: the
// next checkpoint panics with rt.ErrInterrupted, which unwinds the cell
// and nothing else.
//
// A goroutine blocked in a channel operation or in compiled code reaches
// no checkpoint. Execute does not wait for it: it returns ErrInterrupted
// after a short grace period, and the goroutine dies at its next
// checkpoint, if it ever gets there. Goroutines that do reach one within
// the grace period have stopped when Execute returns.

// An interrupt while a cell runs stops that cell and the goroutines it
// started, nothing else, as IPython's stops only the main thread: a
// goroutine an earlier cell started keeps running, so that background
// work (a ticker updating a display, a server) survives an interrupt of
// the cell that inspects it. An interrupt while no cell runs, which the
// kernel passes to InterruptIdle, stops the goroutines of every earlier
// cell; without it a runaway goroutine would need a kernel restart.
// Futures tasks (runTask) and the goroutines they start belong to their
// own tasks and are stopped by cancelling them, never by either kind of
// interrupt; functions and closures of earlier cells keep working, since
// stopping is a property of the goroutine's task, not of the code.

// background holds the tasks of cells that ended while goroutines they
// started were still running.
type background struct {
	mu    sync.Mutex
	tasks []*rt.Task
}

// keep records t, the task of a cell that has just ended, if goroutines
// are still registered with it, and forgets tasks whose goroutines have
// all returned. A task that no goroutine belongs to gets no new ones: only
// its own goroutines start goroutines in it.
func (b *background) keep(t *rt.Task) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.tasks = append(b.tasks, t)
	live := b.tasks[:0]
	for _, x := range b.tasks {
		if x.Running() {
			live = append(live, x)
		}
	}
	clear(b.tasks[len(live):])
	b.tasks = live
}

// stop stops every task kept and returns how many still had goroutines.
func (b *background) stop() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, t := range b.tasks {
		if t.Running() {
			t.Stop()
			n++
		}
	}
	b.tasks = nil
	return n
}

// InterruptIdle stops the goroutines that earlier cells started and that
// are still running: each panics with ErrInterrupted at its next
// checkpoint, silently, and runs its deferred calls. A goroutine blocked
// in a channel operation or a compiled call stops when it next reaches a
// checkpoint, if it does; until it does, every checkpoint costs a
// goroutine lookup. The kernel calls InterruptIdle for an interrupt that
// arrives while no cell runs; the running cell is interrupted through the
// ctx of Execute instead. Futures tasks are not stopped. It is safe from
// any goroutine.
func (s *Session) InterruptIdle() {
	if n := s.background.stop(); n > 0 {
		s.log.Info("interp: interrupt stopped the goroutines of earlier cells", "cells", n)
	}
}

// defaultGrace is how long Execute waits, after its context ends, for the
// cell to reach a checkpoint before it returns anyway.
const defaultGrace = 50 * time.Millisecond

// newTask makes the task of a cell or futures task writing to sink.
func (s *Session) newTask(sink display.Sink) (*rt.Task, *taskInfo) {
	info := &taskInfo{s: s, sink: sink}
	t := &rt.Task{Data: info}
	t.OnPanic = func(v any, stack []byte) {
		msg := fmt.Sprintf("panic in goroutine: %v\n", v)
		c := info.cell
		if c == nil {
			c = &cell{no: -1, lookup: s.cellAt}
		}
		for _, f := range c.frames(info.takeFrames()) {
			msg += "\t" + f + "\n"
		}
		s.log.Warn("recovered goroutine panic", "value", fmt.Sprint(v), "stack", string(stack))
		if sink != nil {
			sink.Stream("stderr", msg)
		} else {
			fmt.Fprint(s.opts.Stderr, msg)
		}
	}
	return t, info
}

// runOnTask runs fn on a new goroutine registered with t and waits for it
// or for ctx. When ctx ends first, t is stopped, and runOnTask waits up to
// grace for fn and the goroutines registered with t to notice before it
// returns ErrInterrupted.
func runOnTask[T any](ctx context.Context, t *rt.Task, grace time.Duration, fn func() (T, error)) (T, error) {
	type outcome struct {
		v   T
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		leave := t.Enter()
		defer leave()
		returned := false
		defer func() {
			var zero T
			if r := recover(); r != nil { // a bug of ours; the process lives on
				done <- outcome{zero, &Error{Kind: InternalError, Msg: fmt.Sprintf("interp: %v", rt.Unwrap(r))}}
			} else if !returned { // fn called runtime.Goexit, which recover does not stop
				done <- outcome{zero, errGoexit}
			}
		}()
		v, err := fn()
		returned = true
		done <- outcome{v, err}
	}()
	select {
	case o := <-done:
		return o.v, o.err
	case <-ctx.Done():
	}
	t.Stop()
	deadline := time.Now().Add(grace)
	timer := time.NewTimer(grace)
	defer timer.Stop()
	var o outcome
	finished := false
	select {
	case o = <-done:
		finished = true
	case <-timer.C:
	}
	// The goroutines the cell started stop at their next checkpoints too.
	// Waiting for them, within the same grace, keeps them from running
	// beside the next cell, which may declare globals (see the package doc).
	for t.Running() && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if finished && o.err == nil {
		return o.v, nil // it finished before noticing
	}
	var zero T
	return zero, &Error{Kind: Interrupted, Msg: "interrupted"}
}

// errGoexit ends a cell that called runtime.Goexit, which ends the cell's
// goroutine after its deferred calls, without a panic.
var errGoexit = &Error{Kind: Panic, Msg: "runtime.Goexit called: the cell's goroutine ended before the cell did"}

// taskFrames is the futures hook (Hooks.Traceback) that names where a
// task panicked in cell terms, as a cell's own panic is named: from the
// frames yaegi printed while the panic unwound on the worker goroutine,
// which runTask registered. It returns nil for an interrupt.
func (s *Session) taskFrames(v any) []string {
	t := rt.Current()
	if t == nil {
		return nil
	}
	info, _ := t.Data.(*taskInfo)
	if info == nil {
		return nil
	}
	frames := info.takeFrames()
	if v = rt.Unwrap(v); v == rt.ErrInterrupted || errors.Is(asError(v), rt.ErrInterrupted) {
		return nil
	}
	return (&cell{no: -1, lookup: s.cellAt}).frames(frames)
}
