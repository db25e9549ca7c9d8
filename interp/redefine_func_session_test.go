package interp

import (
	"context"
	"fmt"
	"go/ast"
	"strings"
	"testing"
)

const fCell = "func f(x int) int { return x + 1 }\nfunc g() int { return f(1) }\nfmt.Println(g())"

func TestRedefinedFunctionsReachEarlierCode(t *testing.T) {
	checkPrints(t, []printCase{
		{"a function an earlier cell calls", []string{fCell,
			"func f(x int) int { return x * 100 }\nfmt.Println(g(), f(2))"}, "100 200\n"},
		{"a third body replaces the second everywhere", []string{fCell,
			"func f(x int) int { return x * 100 }\nfunc h() int { return f(3) }",
			"func f(x int) int { return -x }\nfmt.Println(g(), h(), f(4))"}, "-1 -3 -4\n"},
		{"re-running the first cell brings back the first body", []string{fCell,
			"func f(x int) int { return x * 100 }", fCell}, "2\n"},
		{"closures, func values and method bodies made earlier", []string{
			"func f(x int) int { return x + 1 }\ntype R struct{}\nfunc (R) M() int { return f(10) }\nfv := f\nc := func() int { return f(20) }",
			"func f(x int) int { return x * 2 }\nfmt.Println(R{}.M(), fv(30), c())"}, "20 60 40\n"},
		{"a recursive function declared again", []string{
			"func fact(n int) int { if n <= 1 { return 1 }; return n * fact(n-1) }\nfunc use() int { return fact(4) }",
			"func fact(n int) int { if n <= 1 { return 1 }; return n + fact(n-1) }\nfmt.Println(use(), fact(5))"}, "10 15\n"},
		{"unnamed, blank and variadic parameters", []string{
			"func v(_ int, _ string, xs ...int) int { return 0 }\nfunc u(int, string) int { return 0 }\nfunc w() int { return v(1, \"a\", 2, 3) + u(5, \"b\") }",
			"func v(a int, s string, xs ...int) int { return a + len(s) + len(xs) }\nfunc u(a int, _ string) int { return 10 * a }\nfmt.Println(w())"}, "54\n"},
		{"a function without results", []string{
			"func say() { fmt.Println(\"old\") }\nfunc twice() { say(); say() }",
			"func say() { fmt.Println(\"new\") }\ntwice()"}, "new\nnew\n"},
		{"named results", []string{
			"func div(a, b int) (q int, err error) { q = a / b; return }\nfunc use() (int, error) { return div(7, 0) }",
			"func div(a, b int) (q int, err error) {\n\tif b == 0 {\n\t\treturn 0, fmt.Errorf(\"divide %d by zero\", a)\n\t}\n\treturn a / b, nil\n}\nfmt.Println(use())"}, "0 divide 7 by zero\n"},
		{"declared again in the same cell", []string{
			"func k() int { return 1 }\nfunc use() int { return k() }\nfmt.Println(use())\nfunc k() int { return 2 }\nfmt.Println(use())"}, "1\n2\n"},
		{"a signature changed and changed back", []string{fCell,
			"func f(s string) string { return s + \"!\" }\nfmt.Println(f(\"a\"))",
			"func f(x int) int { return x * 7 }\nfmt.Println(g())"}, "7\n"},
		{"a body ranging over a global whose type only compiling reveals", []string{
			"n := 4\nfunc sum() int { s := 0; for i := range n { s += i }; return s }\nfunc use() int { return sum() }",
			"func sum() int { s := 0; for i := range n { s += 2 * i }; return s }\nfmt.Println(use())"}, "12\n"},
		{"a function first declared in a cell that failed", []string{
			"func p() int { return 1 }\nfunc bad() int { return nope }",
			"func p() int { return 2 }\nfunc q() int { return p() }",
			"func p() int { return 3 }\nfmt.Println(q())"}, "3\n"},
		{"a generic function declared again alike", []string{
			"func first[T any](xs []T) T { return xs[0] }\nfunc use() int { return first([]int{1, 2}) }",
			"func first[T any](xs []T) T { return xs[0] }\nfmt.Println(use(), first([]string{\"a\"}))"}, "1 a\n"},
	})
}

// TestCallersOfAnOldSignaturePanicClearly: code compiled against a
// function whose signature a later cell changed cannot call the new one;
// calling it is a panic that says so, with the caller's position.
func TestCallersOfAnOldSignaturePanicClearly(t *testing.T) {
	_, err := cellsOutput(t, fCell, "func f(s string) string { return s }", "g()")
	e, ok := err.(*Error)
	if !ok || e.Kind != "panic" {
		t.Fatalf("error %v, want a panic", err)
	}
	if want := "f was declared again with another signature, func(string) string: run again the cells that call it as func(int) int"; !strings.Contains(e.Msg, want) {
		t.Errorf("message %q, want %q", e.Msg, want)
	}
	if tb := strings.Join(e.Traceback(), "\n"); !strings.Contains(tb, "in g") || !strings.Contains(tb, "return f(1)") {
		t.Errorf("traceback %q, want the caller g and its line", tb)
	}
}

// TestGenericFunctionsCannotChange: yaegi keeps the instances it made of a
// generic function, so another text is refused, and callers of a function
// declared again as a generic one panic clearly.
func TestGenericFunctionsCannotChange(t *testing.T) {
	_, err := cellsOutput(t,
		"func first[T any](xs []T) T { return xs[0] }\nfmt.Println(first([]int{1, 2}))",
		"func first[T any](xs []T) T { return xs[len(xs)-1] }")
	e, ok := err.(*Error)
	if !ok || e.Kind != "CompileError" || !strings.Contains(e.Msg, "cell:1:6: function first is generic and already defined differently") {
		t.Errorf("error %v, want a CompileError at first", err)
	}

	_, err = cellsOutput(t, fCell, "func f[T any](x T) T { return x }", "g()")
	if e, ok := err.(*Error); !ok || e.Kind != "panic" || !strings.Contains(e.Msg, "f was declared again as a generic function: run again the cells that call it as func(int) int") {
		t.Errorf("error %v, want a panic saying f is generic now", err)
	}
}

// TestRedeclaringOftenStaysCheap: a function declared again and again,
// with two signatures in turn, keeps reaching its callers, and its
// declaration sets a guard per signature, not per earlier declaration.
func TestRedeclaringOftenStaysCheap(t *testing.T) {
	s := newSession(t)
	execCell(t, s, "func f(x int) int { return x }\nfunc g() int { return f(1) }")
	for i := range 30 {
		if i%10 == 5 {
			execCell(t, s, "func f(s string) string { return s }")
		}
		execCell(t, s, fmt.Sprintf("func f(x int) int { return x + %d }", i))
	}
	b, err := s.Execute(context.Background(), "g()", &recorder{})
	if err != nil || b == nil || b.Data["text/plain"] != "30" {
		t.Fatalf("g() = %v, %v; want 30", b, err)
	}
	latest := s.function("f")
	c, err := parseCell("func f(x int) int { return -x }")
	if err != nil {
		t.Fatal(err)
	}
	def, err := c.planFunc(&c.items[0], c.items[0].decl.(*ast.FuncDecl), latest, 1e6, s.guardFlag)
	if err != nil {
		t.Fatal(err)
	}
	// The flag of the declaration before, and the function of each of the
	// two signatures.
	if got := strings.Count(def.redirect(latest, "f", ""), ";"); got > 1+3 {
		t.Errorf("the next declaration sets %d things, want at most 3: %s", got-1, def.redirect(latest, "f", ""))
	}
}
