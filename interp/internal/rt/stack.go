package rt

import (
	"fmt"
	"sync/atomic"
)

// Go ends the process when a goroutine's stack passes its limit (1 GB on
// 64-bit systems): "fatal error: stack overflow" cannot be recovered. An
// interpreted call takes about 600 bytes of the Go stack, so a runaway
// recursion in a cell or a task reaches that limit after more than a
// million calls and tens of seconds, and then kills the kernel. Enter,
// which the rewrite puts at the entry of every interpreted function that
// calls another, panics with a StackOverflowError before: when the calling
// goroutine's stack holds more than MaxStack bytes. The panic unwinds the
// recursion as any panic does, so the cell or task fails and the process
// lives.
//
// The limit is low because of what unwinding costs: yaegi v0.16.1 recovers
// a panic in every interpreted frame and panics again from the deferred
// call, on top of the stack, so each frame's new panic walks all the
// frames the earlier ones left: unwinding n nested calls takes time in
// n². 1,700 calls unwind in about 0.3 s on a loaded 2-core machine, 3,500
// in 1.5 s, 80,000 would take most of an hour.

// MaxStack is how many bytes of stack a goroutine running interpreted code
// may use before Enter panics: 1 MiB, about 1,700 nested interpreted calls
// of a small function (Python allows 1,000).
const MaxStack = 1 << 20

// maxStack is MaxStack, or what a test sets.
var maxStack atomic.Uintptr

func init() { maxStack.Store(MaxStack) }

// SetMaxStack sets the limit Enter applies and returns the previous one;
// tests use it to recurse less deep.
func SetMaxStack(n uintptr) uintptr { return maxStack.Swap(n) }

// StackOverflowError is the panic value of Enter when the stack is too
// deep, most likely because of infinite recursion.
type StackOverflowError struct{ Used uintptr }

func (e *StackOverflowError) Error() string {
	return fmt.Sprintf("stack overflow: calls nested deeper than the interpreter allows (%d KiB of stack; infinite recursion?)", maxStack.Load()>>10)
}

// RuntimeError marks it as a runtime error, like Go's own.
func (e *StackOverflowError) RuntimeError() {}

// Enter is the checkpoint at the entry of an interpreted function that
// calls other functions: the interrupt check of Check, and the stack
// check above. A call from interpreted code costs about as much as
// reading Flag there, so function entries call it every time.
func Enter() {
	if used := stackUsed(); used > maxStack.Load() {
		panic(&StackOverflowError{Used: used})
	}
	if pending.Load() != 0 {
		checkSlow()
	}
}
