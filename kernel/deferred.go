package kernel

import (
	"context"

	"github.com/gofutures/gofutures/display"
)

// Deferred is an Executor still being made: NewDeferred makes it on a
// goroutine of its own and returns at once, so that the kernel can answer
// kernel_info_request (which frontends send first, and time out on) while
// the interpreter loads. Each method waits until the executor is made;
// Execute and Evaluate give up with ctx's error when ctx ends first. When
// making it fails, Execute and Evaluate return that error and the other
// methods answer as for unknown code.
type Deferred struct {
	ready chan struct{}
	exec  Executor
	err   error
}

var (
	_ Executor        = (*Deferred)(nil)
	_ IdleInterrupter = (*Deferred)(nil)
)

// NewDeferred starts start and returns the Deferred executor it will back.
func NewDeferred(start func() (Executor, error)) *Deferred {
	d := &Deferred{ready: make(chan struct{})}
	go func() {
		defer close(d.ready)
		d.exec, d.err = start()
	}()
	return d
}

// Wait waits for the executor and returns it, or why it could not be made.
func (d *Deferred) Wait() (Executor, error) {
	<-d.ready
	return d.exec, d.err
}

// waitCtx is Wait, giving up when ctx ends.
func (d *Deferred) waitCtx(ctx context.Context) (Executor, error) {
	select {
	case <-d.ready:
		return d.exec, d.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Execute implements Executor.
func (d *Deferred) Execute(ctx context.Context, code string, out display.Sink) (*display.Bundle, error) {
	e, err := d.waitCtx(ctx)
	if err != nil {
		return nil, err
	}
	return e.Execute(ctx, code, out)
}

// Evaluate implements Executor.
func (d *Deferred) Evaluate(ctx context.Context, expr string) (display.Bundle, error) {
	e, err := d.waitCtx(ctx)
	if err != nil {
		return display.Bundle{}, err
	}
	return e.Evaluate(ctx, expr)
}

// Complete implements Executor.
func (d *Deferred) Complete(code string, cursor int) ([]string, int, int) {
	if e, err := d.Wait(); err == nil {
		return e.Complete(code, cursor)
	}
	return nil, cursor, cursor
}

// Inspect implements Executor.
func (d *Deferred) Inspect(code string, cursor, detailLevel int) (display.Bundle, bool) {
	if e, err := d.Wait(); err == nil {
		return e.Inspect(code, cursor, detailLevel)
	}
	return display.Bundle{}, false
}

// IsComplete implements Executor.
func (d *Deferred) IsComplete(code string) (string, string) {
	if e, err := d.Wait(); err == nil {
		return e.IsComplete(code)
	}
	return "unknown", ""
}

// InterruptIdle implements IdleInterrupter: before the executor is made,
// there is nothing to interrupt.
func (d *Deferred) InterruptIdle() {
	select {
	case <-d.ready:
	default:
		return
	}
	if i, ok := d.exec.(IdleInterrupter); ok && d.err == nil {
		i.InterruptIdle()
	}
}

// Close waits for the executor and closes it.
func (d *Deferred) Close() error {
	if e, err := d.Wait(); err == nil {
		return e.Close()
	}
	return nil
}
