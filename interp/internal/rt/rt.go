// Package rt is the runtime that rewritten notebook cells call: cheap
// interrupt checkpoints, goroutines that cannot kill the process, and the
// builtins yaegi v0.16.1 lacks. Cells reach it through a hand-written yaegi
// symbol table (interp/runtime.go), never by importing it themselves.
//
// Every goroutine that runs interpreted code on behalf of a cell or a task
// is registered with a Task. Check, inserted at loop heads and function
// entries, costs one atomic load while no task is stopped; only when some
// task has been stopped does it look up the calling goroutine's Task and
// panic with ErrInterrupted if that task is the stopped one.
package rt

import (
	"context"
	"errors"
	"reflect"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"unsafe"
)

// ErrInterrupted is the panic value Check raises in a stopped task.
var ErrInterrupted = errors.New("interp: interrupted")

// Task is a unit of interruptible work: a cell or a futures task, and the
// goroutines it started with Go.
type Task struct {
	// OnPanic receives panics of goroutines started with Go (unwrapped
	// from yaegi's reflect.Value), with the goroutine's stack.
	OnPanic func(v any, stack []byte)
	// Data is the owner's: the session keeps the task's output sink here.
	Data any

	stopped atomic.Bool
	live    atomic.Int32 // registered goroutines
	counted atomic.Bool  // whether this task is in pending

	mu     sync.Mutex // guards ctx, cancel and result
	ctx    context.Context
	cancel context.CancelFunc
	result any // see Result
}

var (
	pending counter  // stopped tasks that still have live goroutines
	tasks   sync.Map // goroutineKey() -> *Task
)

// Flag mirrors whether any task is stopped, for checkpoints cheaper than a
// call of Check: interpreted code reads it as a plain variable (yaegi has
// no atomic read of a package variable) and calls Check only when it is
// set. It is written atomically; a plain read of an aligned int32 sees
// either value, and a loop sees the change at its next iteration. Builds
// with the race detector do not read it (it would report the plain read).
var Flag int32

// FlagP points at Flag. yaegi reads a package variable once, when it
// compiles the code that reads it; through a pointer it reads it each time.
var FlagP = &Flag

// counter is an atomic count that keeps Flag in step.
type counter struct {
	mu sync.Mutex
	n  atomic.Int32
}

func (c *counter) Load() int32 { return c.n.Load() }

func (c *counter) Add(d int32) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.n.Add(d) != 0 {
		atomic.StoreInt32(&Flag, 1)
	} else {
		atomic.StoreInt32(&Flag, 0)
	}
}

// Check panics with ErrInterrupted when the calling goroutine belongs to a
// stopped task. It is what rewritten cells call at loop heads and function
// entries.
func Check() {
	if pending.Load() != 0 {
		checkSlow()
	}
}

func checkSlow() {
	if t := Current(); t != nil && t.stopped.Load() {
		panic(ErrInterrupted)
	}
}

// Stop marks t stopped: its goroutines panic at their next checkpoint.
// Stop is idempotent and safe from any goroutine.
func (t *Task) Stop() {
	if t.stopped.Swap(true) {
		return
	}
	if t.live.Load() > 0 && !t.counted.Swap(true) {
		pending.Add(1)
	}
	t.mu.Lock()
	if t.cancel != nil {
		t.cancel()
	}
	t.mu.Unlock()
}

// Context returns a context cancelled when t is stopped, for compiled
// calls that cannot reach a checkpoint but can watch a context (a command
// a cell runs). It is safe from any goroutine.
func (t *Task) Context() context.Context {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.ctx == nil {
		t.ctx, t.cancel = context.WithCancel(context.Background())
		if t.stopped.Load() {
			t.cancel()
		}
	}
	return t.ctx
}

// Stopped reports whether Stop was called.
func (t *Task) Stopped() bool { return t.stopped.Load() }

// Running reports whether goroutines registered with t (or about to be)
// have not all left it.
func (t *Task) Running() bool { return t.live.Load() > 0 }

// Enter registers the calling goroutine with t until leave is called.
// A goroutine belongs to at most one task; Enter replaces an earlier one
// and leave restores it.
func (t *Task) Enter() (leave func()) {
	prev := t.Join()
	return func() { t.Leave(prev) }
}

// Join registers the calling goroutine with t, as Enter does, without
// allocating a leave function: Leave, called on the same goroutine with
// what Join returned, undoes it. A futures worker joins a task per run.
func (t *Task) Join() (prev *Task) {
	id := goroutineKey()
	if p, ok := tasks.Load(id); ok {
		prev = p.(*Task)
	}
	tasks.Store(id, t)
	t.live.Add(1)
	if t.stopped.Load() && !t.counted.Swap(true) {
		pending.Add(1)
	}
	return prev
}

// Leave undoes Join; prev is what Join returned.
func (t *Task) Leave(prev *Task) {
	id := goroutineKey()
	if prev != nil {
		tasks.Store(id, prev)
	} else {
		tasks.Delete(id)
	}
	t.release()
}

// Fresh reports whether t is as good as new: never stopped, no goroutine
// registered with it (or about to be), and no Context or Result asked
// for, so that its owner may use it for another run instead of making a
// new one. Nothing else may hold t then, since only a registered goroutine
// can reach it through Current.
func (t *Task) Fresh() bool {
	if t.stopped.Load() || t.live.Load() != 0 {
		return false
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.ctx == nil && t.result == nil
}

// Current returns the task of the calling goroutine, or nil.
func Current() *Task {
	if t, ok := tasks.Load(goroutineKey()); ok {
		return t.(*Task)
	}
	return nil
}

// Spawned is a goroutine that a rewritten go statement is about to start,
// counted in its task by Spawn and not yet adopted.
type Spawned struct {
	t       *Task
	release func()
	leave   func()
}

// Spawn is what a rewritten go statement calls before it starts its
// goroutine: it counts the goroutine in the caller's task (or, for a
// caller in no task, in a new one whose panics go to orphan, which may be
// nil; each session binds its own in the symbol table cells see),
// so that a Stop before the goroutine starts still reaches it. The
// goroutine hands the result to Adopt and, when it ends, to Exit:
//
//	func __go(s any, fn func()) { Adopt(s); defer __goexit(s); fn() }
//	func __goexit(s any)        { Exit(s, recover()) }
//
// Adopt and Exit take any, as the interpreted code holds s: yaegi v0.16.1
// works out the reflect type of a parameter of another type the first
// time the function is deferred, on whichever goroutine gets there first,
// and caches it without a lock.
//
// The goroutine stays interpreted: an interpreted closure handed to
// compiled code and run there races with the interpreter (see
// interp/rewrite_go.go).
func Spawn(orphan func(v any, stack []byte)) *Spawned {
	t := Current()
	if t == nil {
		t = &Task{OnPanic: orphan}
	}
	return &Spawned{t: t, release: t.register()}
}

// Adopt registers the calling goroutine, the one a rewritten go statement
// started, with the task of the goroutine that called Spawn.
func Adopt(sp any) {
	s, ok := sp.(*Spawned)
	if !ok || s.leave != nil {
		return
	}
	s.leave = s.t.Enter()
	s.release() // Enter holds the count now
}

// Exit ends the registration Adopt made and reports r, what the
// goroutine's deferred recover returned, to the task's OnPanic unless it
// is nil or an interrupt.
func Exit(sp any, r any) {
	s, ok := sp.(*Spawned)
	if !ok {
		return
	}
	if s.leave != nil {
		s.leave()
		s.leave = nil
	}
	if r = Unwrap(r); r != nil && r != ErrInterrupted && s.t.OnPanic != nil {
		buf := make([]byte, 8<<10)
		s.t.OnPanic(r, buf[:runtime.Stack(buf, false)])
	}
}

// First waits until a or b can be received from and reports whether it
// was a. Offer sends on a, unless b can be received from first, and
// reports whether it sent. Interpreted code that several goroutines may
// run at once uses them instead of a select statement: yaegi v0.16.1 keeps
// the cases of a select in the compiled statement, shared by every
// goroutine that runs it, so that two of them at once race, and one may
// wait on the other's channels.
func First(a, b chan struct{}) bool {
	select {
	case <-a:
		return true
	case <-b:
		return false
	}
}

// Offer: see First.
func Offer(a, b chan struct{}) bool {
	select {
	case a <- struct{}{}:
		return true
	case <-b:
		return false
	}
}

// register counts a goroutine about to start, so that a Stop between go and
// Enter still sees it; the returned func undoes the count.
func (t *Task) register() (leave func()) {
	t.live.Add(1)
	return t.release
}

// release undoes one registration.
func (t *Task) release() {
	if t.live.Add(-1) == 0 && t.counted.Swap(false) {
		pending.Add(-1)
	}
}

// Unwrap returns the value inside a panic that crossed from interpreted to
// compiled code, which yaegi wraps in a reflect.Value.
func Unwrap(r any) any {
	if v, ok := r.(reflect.Value); ok && v.IsValid() && v.CanInterface() {
		return v.Interface()
	}
	return r
}

// Goid returns the calling goroutine's id, read from its stack header.
func Goid() int64 {
	var buf [64]byte
	b := buf[:runtime.Stack(buf[:], false)]
	b = b[len("goroutine "):]
	n := 0
	for n < len(b) && b[n] >= '0' && b[n] <= '9' {
		n++
	}
	id, _ := strconv.ParseInt(string(b[:n]), 10, 64)
	return id
}

// Clear implements the clear builtin for maps and slices.
func Clear(x any) {
	v := reflect.ValueOf(x)
	switch v.Kind() {
	case reflect.Map, reflect.Slice:
		v.Clear()
	}
}

// Concrete returns the value inside x when x is how yaegi v0.16.1 hands an
// interpreted interface value to compiled code: a struct
// github.com/traefik/yaegi/interp.valueInterface{node, value reflect.Value}.
// Values of any other type are returned as they are.
func Concrete(x any) any {
	for range 8 { // valueInterface may nest
		rv := reflect.ValueOf(x)
		if !rv.IsValid() || rv.Kind() != reflect.Struct || rv.Type().Name() != "valueInterface" ||
			rv.Type().PkgPath() != "github.com/traefik/yaegi/interp" {
			return x
		}
		f, ok := rv.Type().FieldByName("value")
		if !ok || f.Type != reflect.TypeOf(reflect.Value{}) {
			return x
		}
		cp := reflect.New(rv.Type()).Elem()
		cp.Set(rv)
		inner := *(*reflect.Value)(unsafe.Pointer(cp.FieldByIndex(f.Index).UnsafeAddr()))
		if !inner.IsValid() || !inner.CanInterface() {
			return nil
		}
		x = inner.Interface()
	}
	return x
}

// Pending returns the number of stopped tasks whose goroutines have not
// all returned yet; while it is not zero, every checkpoint looks up its
// goroutine's task.
func Pending() int { return int(pending.Load()) }

// Result keeps v, the value of a cell's final expression, in the calling
// goroutine's task until the session takes it with TakeResult. The session
// evaluates the final expression inside a function that passes it here,
// rather than as a statement of yaegi's REPL, which would keep the value
// and every temporary of the expression in the interpreter's global frame
// for as long as the session lives (see interp/result_mem.go).
func Result(v any) {
	if t := Current(); t != nil {
		t.mu.Lock()
		t.result = v
		t.mu.Unlock()
	}
}

// TakeResult returns and forgets what Result kept.
func (t *Task) TakeResult() any {
	t.mu.Lock()
	defer t.mu.Unlock()
	v := t.result
	t.result = nil
	return v
}

// Zero sets *p to its zero value; p is a pointer of any type.
func Zero(p any) {
	if v := reflect.ValueOf(p); v.Kind() == reflect.Pointer && !v.IsNil() {
		v.Elem().SetZero()
	}
}
