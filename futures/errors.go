package futures

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// Errors returned by futures. Compare with errors.Is.
var (
	// ErrCancelled is the error of a future whose task was cancelled, by
	// Cancel, by Close, or because a task it depends on was cancelled.
	ErrCancelled = errors.New("futures: cancelled")
	// ErrReleased is returned by Result after Release on the same handle.
	ErrReleased = errors.New("futures: future released")
	// ErrClosed is the error of work submitted to a closed Client.
	ErrClosed = errors.New("futures: client closed")
	// ErrTimeout is returned by ResultWithTimeout when the time runs out.
	ErrTimeout = errors.New("futures: timeout")
	// ErrNotFunc is the error of a task whose function is not a func.
	ErrNotFunc = errors.New("futures: not a function")
	// ErrGoexit is the error of a task that called runtime.Goexit.
	ErrGoexit = errors.New("futures: task called runtime.Goexit")
)

// DependencyError is the error of a task that did not run because a task
// it depends on, directly or not, failed: Key is the task that failed
// first and Err its error, which errors.Is and errors.As see through.
type DependencyError struct {
	Key string
	Err error
}

// Error names the failed task and its error.
func (e *DependencyError) Error() string {
	return fmt.Sprintf("futures: dependency %s failed: %v", e.Key, e.Err)
}

// Unwrap returns the failed task's error.
func (e *DependencyError) Unwrap() error { return e.Err }

// PanicError is the error of a task that panicked. Value is what was passed
// to panic (a reflect.Value, as the interpreter delivers interpreted panics,
// is unwrapped first) and Stack the stack of the worker goroutine at the
// time of the panic. Frames is where the task panicked in its host's terms,
// when the host names it (Hooks.Traceback): the interpreter running a
// notebook names its cells' lines, where Stack shows only the
// interpreter's own functions. Unlike errgroup, which lets a panic crash
// the program, futures turns it into this error, so a notebook survives its
// tasks.
type PanicError struct {
	Value  any
	Stack  string
	Frames []string // innermost first; nil when the host names none
}

// Error reports the panic value, followed by the Frames, one a line.
func (e *PanicError) Error() string {
	msg := fmt.Sprintf("futures: panic: %v", e.Value)
	if len(e.Frames) == 0 {
		return msg
	}
	return msg + "\n" + strings.Join(e.Frames, "\n")
}

// Unwrap returns the panic value when it is an error, so that errors.Is and
// errors.As see through the panic.
func (e *PanicError) Unwrap() error {
	if err, ok := e.Value.(error); ok {
		return err
	}
	return nil
}

// unwrapPanic turns a recovered value into what the user panicked with.
func unwrapPanic(r any) any {
	if v, ok := r.(reflect.Value); ok {
		if !v.IsValid() {
			return nil
		}
		if v.CanInterface() {
			return v.Interface()
		}
	}
	return r
}
