package interp

import (
	"errors"
	"fmt"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/rt"
	"github.com/gofutures/gofutures/interp/internal/yaegimsg"
)

// ErrInterrupted is returned by Execute when its context ends before the
// cell does. The cell's goroutines stop at their next checkpoint.
var ErrInterrupted = rt.ErrInterrupted

// ErrorKind says what kind of failure an Error is. Its text is the ename
// Jupyter shows.
type ErrorKind string

const (
	SyntaxError   ErrorKind = "SyntaxError"   // the cell does not parse
	CompileError  ErrorKind = "CompileError"  // go/types rejected it (one message line per error), or yaegi did, or it imports an unavailable package
	Panic         ErrorKind = "panic"         // a runtime panic; Value holds the panic value
	Interrupted   ErrorKind = "Interrupted"   // the cell was interrupted; the Error matches ErrInterrupted
	InternalError ErrorKind = "InternalError" // a panic inside yaegi
	UsageError    ErrorKind = "UsageError"    // a magic used wrongly, an unknown magic
	OSError       ErrorKind = "OSError"       // %cd to a missing directory, a shell that could not start
)

// Error is a cell's failure as Jupyter shows it. It implements the kernel's
// ErrorDetails (Ename, Evalue, Traceback).
type Error struct {
	Kind  ErrorKind
	Msg   string
	Value any      // the panic value, for Kind Panic
	Trace []string // cell positions and source lines, innermost first

	compileNilType bool // yaegi's "nil type" panic while compiling (see evalRanges)
}

func (e *Error) Error() string { return e.Msg }

// Ename is the error's kind.
func (e *Error) Ename() string { return string(e.Kind) }

// Evalue is the message without the kind.
func (e *Error) Evalue() string { return e.Msg }

// Traceback is the message followed by the cell positions involved.
func (e *Error) Traceback() []string {
	return append([]string{string(e.Kind) + ": " + e.Msg}, e.Trace...)
}

// Unwrap exposes a panic value that is an error, and ErrInterrupted.
func (e *Error) Unwrap() error {
	if e.Kind == Interrupted {
		return ErrInterrupted
	}
	err, _ := e.Value.(error)
	return err
}

// errorAt builds an error of kind at cell offset off, quoting the line.
func (c *cell) errorAt(off int, kind ErrorKind, msg string) *Error {
	line, col := c.position(off)
	return &Error{
		Kind:  kind,
		Msg:   fmt.Sprintf("cell:%d:%d: %s", line, col, msg),
		Trace: c.quote(line, col),
	}
}

// quote shows line n of the cell with a caret under column col.
func (c *cell) quote(n, col int) []string {
	text := c.line(n)
	if text == "" && n > len(c.lines) {
		return nil
	}
	pad := strings.Map(func(r rune) rune {
		if r == '\t' {
			return '\t'
		}
		return ' '
	}, text[:min(max(col-1, 0), len(text))])
	_, shown := c.named(n)
	return []string{fmt.Sprintf("%4d | %s", shown, text), fmt.Sprintf("     | %s^", pad)}
}

// compileError turns a yaegi compile error into an Error that names the
// cell position, quoting the cell line.
func (c *cell) compileError(err error) *Error {
	msg := strings.ReplaceAll(err.Error(), "__tp_", "") // see rewrite_typeparams.go
	e := &Error{Kind: CompileError, Msg: msg}
	if abs, col, rest, ok := yaegimsg.Pos(msg); ok {
		if in, line := c.resolve(abs); abs < wrapperLine && in != nil {
			e.Msg = fmt.Sprintf("%s: %s", c.where(in, line, col), rest)
			e.Trace = in.quote(line, col)
		} else {
			e.Msg = rest
		}
	}
	return e
}

// panicError turns a recovered panic value into an Error, with frames
// from the lines yaegi printed, mapped to cell lines.
func (c *cell) panicError(v any, frames []panicFrame) *Error {
	v = rt.Unwrap(v)
	if v == rt.ErrInterrupted || errors.Is(asError(v), rt.ErrInterrupted) {
		return &Error{Kind: Interrupted, Msg: "interrupted"}
	}
	e := &Error{Kind: Panic, Msg: fmt.Sprint(v), Value: v}
	if err, ok := v.(error); ok {
		e.Msg = err.Error()
	}
	e.Trace = c.frames(frames)
	return e
}

// panicFrame is a frame line yaegi printed while a panic unwound, with
// what the function's slot of rt.Lines held then.
type panicFrame struct {
	text string
	slot int // the function's slot, or -1
	at   int // offset+1 in the function's cell of the statement it was at; 0 if unknown
	self int // see funcEntry

	wrapper bool // see funcEntry

	omitted int // if not 0, this stands for so many frames left out (see maxFrames)
}

// panicFrame reads the slot of the function that a frame line names.
func (s *Session) panicFrame(text string) panicFrame {
	f := panicFrame{text: text, slot: -1}
	fr, ok := yaegimsg.ParseFrame(text)
	if !ok {
		return f
	}
	abs, col := fr.Line, fr.Col
	if abs >= wrapperLine {
		return f
	}
	in := s.cellAt(abs / cellLines)
	if in == nil {
		return f
	}
	line := abs % cellLines
	top := fr.Func == "init" || fr.Func == "main"
	switch e, ok := in.funcs[linecol{line, col}]; {
	case ok && e.slot < 0:
		f.at, f.wrapper = e.fixed, e.wrapper
		return f
	case ok:
		f.slot, f.self = e.slot, e.self
	case top && in.top > 0:
		f.slot = in.top - 1 // the cell's top-level code
	case !top:
		f.at = in.firstAt(line, col)
		return f
	default:
		return f
	}
	f.at = int(s.lines.Line(f.slot))
	return f
}

// firstAt returns offset+1 of the statement of c.firsts that yaegi's
// report at line:col falls in: the last one on that line that starts
// before it (edits inside a statement only move its later columns right).
// It returns 0 if there is none.
func (c *cell) firstAt(line, col int) int {
	if line < 1 || line > len(c.lines) {
		return 0
	}
	off, at := c.lines[line-1]+col-1, 0
	for _, start := range c.firsts[line] {
		if start <= off && start >= at {
			at = start + 1
		}
	}
	return at
}

// frames maps the panic lines yaegi printed to cell positions, innermost
// first, skipping our own wrapper code and folding repeats (recursion).
// A frame is at the statement its function's slot named; the outer
// frames of a recursive function, whose slot the innermost one took, are
// at the statement where it calls itself, when there is one.
func (c *cell) frames(fs []panicFrame) []string {
	var out []string
	prev, repeats := "", 0
	via := "" // the method a redefined body just named (rewrite_method.go)
	flush := func() {
		if repeats > 0 {
			out = append(out, fmt.Sprintf("     (the frame above repeats %d more times)", repeats))
		}
		repeats = 0
	}
	seen := map[int]bool{}
	for _, f := range fs {
		if f.omitted > 0 {
			flush()
			out = append(out, fmt.Sprintf("     (%d more frames left out)", f.omitted))
			continue
		}
		fr, ok := yaegimsg.ParseFrame(f.text)
		if !ok || f.wrapper && len(out) > 0 {
			continue
		}
		abs, col := fr.Line, fr.Col
		in, line := c.resolve(abs)
		if abs >= wrapperLine || in == nil {
			continue
		}
		fn := strings.TrimSuffix(fr.Func, ".func")
		if l := in.methodLabel(fn); l != "" {
			fn, via = l, l[strings.IndexByte(l, '.')+1:]
		} else if fn == via {
			via = "" // the first body of the method, which called the new one
			continue
		} else {
			via = ""
		}
		if fn == "" || fn == "main" || fn == "init" || fn == "func" || strings.HasPrefix(fn, "init.") {
			fn = "cell"
		}
		if fn == "__main" || strings.HasPrefix(fn, "__main.") { // a program's main (rewrite.go)
			fn = strings.TrimPrefix(fn, "__")
		}
		at := f.at
		if f.slot >= 0 {
			if seen[f.slot] {
				at = f.self
			}
			seen[f.slot] = true
		}
		switch {
		case at > 0:
			line, col = in.position(at - 1)
		case fn == "cell":
			line, col = in.statementAt(line, col)
		}
		frame := in.frame(line, fn)
		if frame == prev {
			repeats++
			continue
		}
		flush()
		prev = frame
		out = append(out, frame)
		if q := in.quote(line, col); len(q) > 0 {
			out = append(out, q[0])
		}
	}
	flush()
	return out
}

// statementAt returns the position of the top-level statement that holds
// line:col, or line:col: yaegi reports the first node that a cell's
// top-level code ran, which may lie inside the statement.
func (c *cell) statementAt(line, col int) (int, int) {
	if line < 1 || line > len(c.lines) {
		return line, col
	}
	off := c.lines[line-1] + col - 1
	for _, it := range c.items {
		if it.start <= off && off < it.end {
			return c.position(it.start)
		}
	}
	return line, col
}

func asError(v any) error {
	err, _ := v.(error)
	return err
}
