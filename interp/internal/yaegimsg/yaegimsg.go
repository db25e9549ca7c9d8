// Package yaegimsg reads the messages of yaegi v0.16.1: every format of
// its errors, panics and log lines that the session parses is here, and
// yaegimsg_test.go pins each with the message plain yaegi gives. Parsing
// another program's messages is a last resort; where the type checker can
// answer instead, ask it.
package yaegimsg

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// pos matches the position at the start of yaegi's compile errors, "L:C: "
// ("_.go:L:C: " for a syntax error).
var pos = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): `)

// Pos splits msg, an error of yaegi's compiler, into the line and column
// it starts with and the rest; ok is false when it starts with none.
func Pos(msg string) (line, col int, rest string, ok bool) {
	m := pos.FindStringSubmatch(msg)
	if m == nil {
		return 0, 0, msg, false
	}
	line, _ = strconv.Atoi(m[1])
	col, _ = strconv.Atoi(m[2])
	return line, col, msg[len(m[0]):], true
}

// Frame is a line yaegi prints to its Stderr for each interpreted frame
// while a panic unwinds: "L:C: panic: main.f(...)".
type Frame struct {
	Line, Col int
	Func      string // "f" for main.f; "main" or "init" at the top level
}

var frame = regexp.MustCompile(`^(?:_\.go:)?(\d+):(\d+): panic: (?:main\.)?([^(\s]*)\(\.\.\.\)\s*$`)

// ParseFrame reads a frame line, without its newline or with it.
func ParseFrame(text string) (Frame, bool) {
	m := frame.FindStringSubmatch(text)
	if m == nil {
		return Frame{}, false
	}
	line, _ := strconv.Atoi(m[1])
	col, _ := strconv.Atoi(m[2])
	return Frame{Line: line, Col: col, Func: m[3]}, true
}

// IsFrame reports whether p, a write to yaegi's Stderr without its
// newline, is a frame line.
func IsFrame(p []byte) bool { return frame.Match(p) }

// notInt matches the error of compiling `x % 1` where x is no integer.
var notInt = regexp.MustCompile(`(?:mismatched types (.+) and (?:untyped )?int|operator % not defined on (.+))$`)

// NotInt returns the type of x that msg, the error of compiling `x % 1`,
// names when x is no integer.
func NotInt(msg string) (typ string, ok bool) {
	m := notInt.FindStringSubmatch(msg)
	if m == nil {
		return "", false
	}
	return m[1] + m[2], true
}

// LenRefused reports whether msg is yaegi refusing to compile len(x), or
// a range over x, for a pointer x that is not to an array: its error for
// len, or its compiler's panic for a pointer to a compiled type.
func LenRefused(msg string) bool {
	return strings.HasSuffix(msg, "invalid argument for len") || strings.Contains(msg, "reflect: Elem of invalid type")
}

// DefinitionLoop reports whether msg is the error yaegi gives a
// declaration that reads a global of an earlier REPL statement:
// "variable definition loop" or "constant definition loop", which also
// stands for a name that is undefined.
func DefinitionLoop(msg string) bool { return strings.Contains(msg, "definition loop") }

// NilType reports whether r, recovered from yaegi's compiler, is its
// log.Panic("nil type"), which it raises on constructs it cannot type,
// such as a range over an integer.
func NilType(r any) bool { return fmt.Sprint(r) == "nil type" }

// IsNilTypeLog reports whether p is the line that log.Panic("nil type")
// writes to the standard logger, with or without the date and time.
func IsNilTypeLog(p []byte) bool {
	return bytes.HasSuffix(p, []byte(" nil type\n")) || string(p) == "nil type\n"
}
