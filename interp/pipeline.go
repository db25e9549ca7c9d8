package interp

import (
	"context"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/internal/rt"
)

// The path of a Go cell, top to bottom. Execute hands run a cell without
// magics (magic*.go split those off), and run takes it through the stages
// below, each a function that takes what the stage before gave:
//
//	code ─enter→ code ─parse→ *cell ─check→ *cell (types) ─lower→ *plan ─evaluate→ bundle ─finish
//
// A stage that fails ends the cell with its error: a cell that fails to
// parse, check or lower has run nothing and declared nothing.

// run executes code, Go without magics, as one cell and returns its result
// bundle, if it shows one; the caller holds s.mu.
func (s *Session) run(ctx context.Context, code string, out display.Sink) (*display.Bundle, error) {
	code, err := s.enter(ctx, code, out)
	if err != nil {
		return nil, err
	}
	c, p, err := s.front(code)
	if err != nil {
		return nil, err
	}
	b, t, err := s.evaluate(ctx, c, p, out)
	s.finish(c, p, t, err)
	return b, err
}

// front is the front end, parse, check and lower: it takes the code of a
// cell and gives the cell and its plan, or the error that stops it before
// anything of it runs. Functions declared again after a failed cell
// (restore.go) go through it too.
func (s *Session) front(code string) (*cell, *plan, error) {
	c, err := s.parse(code)
	if err != nil {
		return nil, nil, err
	}
	if err := s.check(c); err != nil {
		c.forgetFiles()
		return nil, nil, err
	}
	s.record(c)
	p, err := s.lower(c)
	if err != nil {
		return nil, nil, err
	}
	return c, p, nil
}

// enter takes the code of a cell and gives the Go the session runs for it:
// first, functions compiled in the background since the last cell take
// over (tier.go); then a compiled cell is compiled and replaced by
// interpreted declarations calling it, and the cell's version pins are
// kept (native.go). Other code is given back as it came.
func (s *Session) enter(ctx context.Context, code string, out display.Sink) (string, error) {
	if !s.tier.swapping {
		s.tierSwap()
	}
	return s.beginNative(ctx, code, out)
}

// parse takes a cell's code and gives the cell: its items (imports,
// declarations, statements) in source order, each with its syntax tree and
// its place in the cell (cell.go), parsed into the checker's file set. A
// syntax error is an *Error of kind SyntaxError.
func (s *Session) parse(code string) (*cell, error) {
	return parseCellIn(code, s.tc.FileSet())
}

// record numbers the checked cell c and keeps it, for the positions that
// tracebacks of its functions name (see cell_forget.go for what is kept
// after it ran).
func (s *Session) record(c *cell) {
	s.meta.Lock()
	defer s.meta.Unlock()
	s.cellNo = (s.cellNo + 1) % (wrapperLine / cellLines)
	c.no, c.lookup, c.safeGlobal, c.imports, c.importsAll = s.cellNo, s.cellAt, s.isSafe, s.importedAs, s.Imports
	c.count = s.count
	if s.opts.Journals {
		c.origins = journalOrigins(c.src)
	}
	c.newSlot = s.lines.NewSlot
	s.cells[c.no] = c
}

// lower takes a checked cell and gives its plan, the steps that yaegi
// evaluates one at a time (lower.go, lower_typed.go), after rewriting the
// cell's text around what the interpreter gets wrong (rewrite.go and the
// files the table in workarounds.go names) and marking the functions that
// may be compiled in the background (tier.go). Methods declared again with
// another signature are an error here.
func (s *Session) lower(c *cell) (*plan, error) {
	if err := c.planMethods(s.method, s.guardTaken, s.function, rt.NewGuard, s.guardFlag); err != nil {
		return nil, err
	}
	hasMain := c.rewrite(s.isUser, s.isIntGlobal, s.global, s.Source)
	s.tierPrepare(c)
	return c.lower(hasMain), nil
}

// evaluate takes a lowered cell and runs its plan on a task of its own
// (interrupt.go), whose goroutine evaluates the steps (evalSteps, run.go)
// and shows the final expression (show); it gives the result bundle, if
// any, and the task, which goroutines the cell started may still use.
// When ctx ends first, the cell stops at its next checkpoint and the error
// is of kind Interrupted.
func (s *Session) evaluate(ctx context.Context, c *cell, p *plan, out display.Sink) (*display.Bundle, *rt.Task, error) {
	t, info := s.newTask(out)
	info.cell = c
	b, err := runOnTask(ctx, t, s.grace, func() (*display.Bundle, error) { return s.evalSteps(c, p, info) })
	if err == nil && ctx.Err() != nil && info.killed.Load() {
		b, err = nil, interruptedError() // it went on after its command was killed
	}
	return b, t, err
}

// finish does what follows the evaluation of cell c, which ran on task t
// and ended with err: the checker keeps its declarations unless it failed
// to compile (typecheck.go), its functions queue for background compiling
// (tier.go), its task joins those whose goroutines may outlive it
// (interrupt.go), the functions it declared that cannot panic are noted,
// the session's record of it shrinks to what tracebacks need
// (cell_forget.go), and its output reaches the frontend before the cell's
// reply: what compiled code wrote, and paced display updates.
func (s *Session) finish(c *cell, p *plan, t *rt.Task, err error) {
	s.commitCheck(c, err)
	s.tierCell(c, err == nil)
	s.background.keep(t)
	s.keepSafe(c, p, err == nil)
	s.settle(c, t)
	s.syncStdio()
	display.Flush()
}
