package interp

import (
	"context"

	"github.com/gofutures/gofutures/interp/internal/rt"
)

// runTask runs a futures task on the calling worker goroutine, registered
// so that cancelling ctx (the task's cancellation) stops the interpreted
// code it runs at its next checkpoint: run then panics with
// ErrInterrupted, which the futures runtime records as the task's failure.
// Goroutines the task starts belong to it too. Output the task writes goes
// to the sink of the latest cell.
//
// It is the futures runtime's Hooks.RunTask, called once per task, so it
// keeps its cost down: a task that ended as new (never stopped, no
// goroutine of it left, see rt.Task.Fresh) serves the next run of the
// session, and a context that schedules its own callbacks, as the
// runtime's do, gets the stop directly rather than through
// context.AfterFunc, which would wrap it in a context of its own. Together
// these took the hook from 9 allocations per task to 2, and the Stop func
// kept with the pooled task to 1.
func (s *Session) runTask(ctx context.Context, run func()) {
	p, _ := s.taskPool.Get().(*pooledTask)
	if p == nil {
		t, _ := s.newTask(nil)
		p = &pooledTask{t: t, stop: t.Stop}
	}
	t := p.t
	prev := t.Join()
	var stop func() bool
	if a, ok := ctx.(afterFuncer); ok {
		stop = a.AfterFunc(p.stop)
	} else {
		stop = context.AfterFunc(ctx, p.stop)
	}
	reuse := false
	defer func() {
		if !stop() {
			reuse = false // t.Stop has run or will: t is spent
		}
		t.Leave(prev)
		if reuse && t.Fresh() {
			t.Data.(*taskInfo).takeFrames()
			s.taskPool.Put(p)
		}
	}()
	run()
	reuse = true // run returned: no panic left t in an unknown state
}

// pooledTask is a task of the session's pool with its Stop method as a
// func, made once rather than for every run.
type pooledTask struct {
	t    *rt.Task
	stop func()
}

// afterFuncer is a context that schedules callbacks on its cancellation
// itself (see context.AfterFunc).
type afterFuncer interface {
	AfterFunc(func()) (stop func() bool)
}
