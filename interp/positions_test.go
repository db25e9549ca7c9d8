package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// panicCase is a cell that panics, with the traceback it must produce.
type panicCase struct {
	name  string
	cell  string
	msg   string   // the panic message
	trace []string // the frames and quoted lines, innermost first
}

// TestPanicPositions checks that a runtime panic names the line that
// panicked in every interpreted frame, not the first line of the function.
func TestPanicPositions(t *testing.T) {
	s := newSession(t)
	if _, err := s.Execute(context.Background(), `import "fmt"`, &recorder{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []panicCase{
		{
			name: "an index out of range names the return line and the call",
			cell: "func f(xs []int) int {\n    a := 1\n    return xs[5] + a\n}\n\nf(nil)",
			msg:  "reflect: slice index out of range", // yaegi indexes through reflect
			trace: []string{
				"In [2], line 3, in f", "   3 |     return xs[5] + a",
				"In [2], line 6", "   6 | f(nil)",
			},
		},
		{
			name: "a chain of three calls names each call line",
			cell: "func c(n int) int {\n\tx := n * 2\n\ty := 0\n\treturn x / y\n}\nfunc b(n int) int {\n\tn++\n\treturn c(n) + 1\n}\nfunc a() int {\n\tv := 3\n\tv = b(v)\n\treturn v\n}\nx := 1\na()",
			msg:  "runtime error: integer divide by zero",
			trace: []string{
				"In [3], line 4, in c", "   4 | \treturn x / y",
				"In [3], line 8, in b", "   8 | \treturn c(n) + 1",
				"In [3], line 12, in a", "  12 | \tv = b(v)",
				"In [3], line 16", "  16 | a()",
			},
		},
		{
			name: "a write to a nil map names the assignment",
			cell: "func put(k string) {\n\tvar m map[string]int\n\tfmt.Sprint(k)\n\tm[k] = 1\n}\nput(\"a\");",
			msg:  "assignment to entry in nil map",
			trace: []string{
				"In [4], line 4, in put", "   4 | \tm[k] = 1",
				"In [4], line 6", "   6 | put(\"a\");",
			},
		},
		{
			name: "a nil pointer dereference names the field access",
			cell: "type node struct{ next *node; v int }\nfunc second(n *node) int {\n\tfirst := n.v\n\treturn first + n.next.v\n}\nsecond(&node{v: 1})",
			msg:  "reflect: call of reflect.Value.Field on zero Value",
			trace: []string{
				"In [5], line 4, in second", "   4 | \treturn first + n.next.v",
				"In [5], line 6", "   6 | second(&node{v: 1})",
			},
		},
		{
			name: "an explicit panic names its line",
			cell: "func check(n int) {\n\tif n > 0 {\n\t\tfmt.Sprint(n)\n\t}\n\tpanic(fmt.Sprintf(\"bad %d\", n))\n}\nfmt.Sprint(1)\ncheck(2)\nfmt.Sprint(3)",
			msg:  "bad 2",
			trace: []string{
				"In [6], line 5, in check", "   5 | \tpanic(fmt.Sprintf(\"bad %d\", n))",
				"In [6], line 8", "   8 | check(2)",
			},
		},
		{
			name: "a method of a cell type names its line",
			cell: "type stack struct{ xs []int }\nfunc (s *stack) pop() int {\n\tn := len(s.xs)\n\tv := s.xs[n-1]\n\ts.xs = s.xs[:n-1]\n\treturn v\n}\nst := &stack{}\nst.pop()",
			msg:  "reflect: slice index out of range",
			trace: []string{
				"In [7], line 4, in pop", "   4 | \tv := s.xs[n-1]",
				"In [7], line 9", "   9 | st.pop()",
			},
		},
		{
			name: "a function whose first statement is the only one that may panic",
			cell: "func get(xs []int, i int) int {\n\treturn 2 * xs[min(i, 9)]\n}\nys := []int{1}\nget(ys, 3)",
			msg:  "reflect: slice index out of range",
			trace: []string{
				"In [8], line 2, in get", "   2 | \treturn 2 * xs[min(i, 9)]",
				"In [8], line 5", "   5 | get(ys, 3)",
			},
		},
		{
			name: "a first statement right after the brace is found too",
			cell: "func tight(xs []int) string {fmt.Sprint(xs)\n\treturn fmt.Sprint(xs[1])\n}\ntight(nil)",
			msg:  "reflect: slice index out of range",
			trace: []string{
				"In [9], line 2, in tight", "   2 | \treturn fmt.Sprint(xs[1])",
				"In [9], line 4", "   4 | tight(nil)",
			},
		},
		{
			name: "a function of an earlier cell names its line there",
			cell: "func g(xs []int) int {\n\ts := 0\n\tfor i := 0; i <= len(xs); i++ {\n\t\ts += xs[i]\n\t}\n\treturn s\n}",
		},
		{
			name: "and the line in the cell that calls it",
			cell: "ys := []int{1, 2}\nz := 0\nz = g(ys)",
			msg:  "reflect: slice index out of range",
			trace: []string{
				"In [10], line 4, in g", "   4 | \t\ts += xs[i]",
				"In [11], line 3", "   3 | z = g(ys)",
			},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Execute(context.Background(), tc.cell, &recorder{})
			if tc.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			var e *Error
			if !errors.As(err, &e) || e.Kind != "panic" {
				t.Fatalf("got %v, want a panic", err)
			}
			if e.Msg != tc.msg {
				t.Errorf("message %q, want %q", e.Msg, tc.msg)
			}
			if got, want := strings.Join(e.Trace, "\n"), strings.Join(tc.trace, "\n"); got != want {
				t.Errorf("trace\n%s\nwant\n%s", got, want)
			}
		})
	}
}

// TestGoroutinePanicPosition checks that a panic in a goroutine the cell
// started is reported with the goroutine's line, and that the session
// lives on. The goroutine waits for the test to open its gate after the
// cell has ended, and the test waits for the report before the next cell
// (see TestPanicInGoroutineIsReported).
func TestGoroutinePanicPosition(t *testing.T) {
	s := newSession(t)
	open := gate(t, s, "gate")
	rec := &recorder{}
	cell := "work := func(xs []int) {\n\t<-gate\n\tn := len(xs)\n\txs[n] = 1\n}\nvar none []int\ngo work(none)"
	if _, err := s.Execute(context.Background(), cell, rec); err != nil {
		t.Fatal(err)
	}
	open()
	want := "panic in goroutine: reflect: slice index out of range\n" +
		"\tIn [2], line 4\n\t   4 | \txs[n] = 1\n"
	var got string
	waitFor(func() bool {
		rec.mu.Lock()
		defer rec.mu.Unlock()
		got = rec.stderr.String()
		return strings.Contains(got, "\n\t")
	})
	if !strings.HasPrefix(got, want) {
		t.Errorf("stderr\n%s\nwant it to start with\n%s", got, want)
	}
	if b, err := s.Execute(context.Background(), "40 + 2", rec); err != nil || b == nil {
		t.Errorf("session after a goroutine panic: %v, %v", b, err)
	}
}

// TestRecursivePanicPosition checks the frames of a recursive function:
// the innermost names the panicking line, the outer ones the recursive
// call.
func TestRecursivePanicPosition(t *testing.T) {
	s := newSession(t)
	cell := "func down(n int) int {\n\tif n == 0 {\n\t\tpanic(\"bottom\")\n\t}\n\treturn down(n-1) + 1\n}\ndown(3)"
	_, err := s.Execute(context.Background(), cell, &recorder{})
	var e *Error
	if !errors.As(err, &e) || e.Kind != "panic" {
		t.Fatalf("got %v, want a panic", err)
	}
	want := strings.Join([]string{
		"In [1], line 3, in down", "   3 | \t\tpanic(\"bottom\")",
		"In [1], line 5, in down", "   5 | \treturn down(n-1) + 1",
		"     (the frame above repeats 2 more times)",
		"In [1], line 7", "   7 | down(3)",
	}, "\n")
	if got := strings.Join(e.Trace, "\n"); got != want {
		t.Errorf("trace\n%s\nwant\n%s", got, want)
	}
}

// TestSafeFunctions checks what the session remembers of functions that
// cannot panic, whose calls need no mark in later cells.
func TestSafeFunctions(t *testing.T) {
	s := newSession(t)
	for _, step := range []struct {
		cell string
		safe map[string]bool
	}{
		{"func inc(n int) int { return n + 1 }\nfunc at(xs []int) int { return xs[0] }\nfunc twice(n int) int { return inc(inc(n)) }",
			map[string]bool{"inc": true, "at": false, "twice": true}},
		{"func inc(n int) int { return 10 / n }", map[string]bool{"inc": false, "twice": true}},
		{"twice := 3", map[string]bool{"twice": false}},
		{"func at(xs []int) int { return len(xs) }\nnope()", map[string]bool{"at": false}},
	} {
		s.Execute(context.Background(), step.cell, &recorder{})
		for name, want := range step.safe {
			if got := s.isSafe(name); got != want {
				t.Errorf("after %q: %s safe %v, want %v", step.cell, name, got, want)
			}
		}
	}
}
