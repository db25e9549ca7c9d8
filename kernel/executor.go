package kernel

import (
	"context"

	"github.com/gofutures/gofutures/display"
)

// Executor runs cells for the kernel. The kernel does the protocol
// bookkeeping (execution counts, busy/idle, execute_input, replies, history);
// the executor only executes. interp.Session satisfies it.
//
// Calls are serialized by the kernel except Complete, Inspect and
// IsComplete, which may run while Execute is in progress.
type Executor interface {
	// Execute runs one cell. Output goes to out while the cell runs (out
	// also implements display.Prompter and display.CommOpener when the
	// frontend supports them). The returned bundle, if not nil, is the
	// cell's execute_result. ctx is cancelled on interrupt. A returned error
	// that implements ErrorDetails supplies ename, evalue and traceback.
	Execute(ctx context.Context, code string, out display.Sink) (*display.Bundle, error)
	// Evaluate computes one user_expression for execute_reply.
	Evaluate(ctx context.Context, expr string) (display.Bundle, error)
	// Complete returns candidates replacing code[start:end] (positions in
	// Unicode code points, as the protocol counts them) at cursor.
	Complete(code string, cursor int) (matches []string, start, end int)
	// Inspect returns help for the symbol at cursor, and whether one was found.
	Inspect(code string, cursor, detailLevel int) (display.Bundle, bool)
	// IsComplete reports "complete", "incomplete", "invalid" or "unknown",
	// with the indent to offer on the next line when incomplete.
	IsComplete(code string) (status, indent string)
	// Close releases the executor's resources. It is idempotent.
	Close() error
}

// IdleInterrupter is implemented by executors that act on an interrupt
// arriving while no cell runs (an interrupt of a running cell cancels the
// ctx of its Execute instead). interp.Session stops the goroutines that
// earlier cells started. InterruptIdle must be safe from any goroutine
// and must not block.
type IdleInterrupter interface {
	InterruptIdle()
}

// ErrorDetails is implemented by errors that know how Jupyter should show
// them. Errors that do not implement it are shown with ename "Error".
type ErrorDetails interface {
	error
	Ename() string
	Evalue() string
	Traceback() []string
}
