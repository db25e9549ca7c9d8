package interp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
)

// cellsOutput runs cells in a new session (after `import "fmt"`) and
// returns what the last one printed and its error; the others must pass,
// unless they use the undefined name nope.
func cellsOutput(t *testing.T, cells ...string) (string, error) {
	t.Helper()
	s := newSession(t)
	cells = append([]string{`import "fmt"`}, cells...)
	for i, c := range cells {
		rec := &recorder{}
		_, err := s.Execute(context.Background(), c, rec)
		if i == len(cells)-1 {
			return rec.out(), err
		}
		if err != nil && !strings.Contains(c, "nope") {
			t.Fatalf("cell %d %q: %v", i, c, err)
		}
	}
	return "", nil
}

const rCell = "type R struct{ w int }\nfunc (r R) A() int { return r.w }\nr := R{3}\nfmt.Println(r.A())"

// printCase is cells run in a new session and what the last one prints.
type printCase struct {
	name  string
	cells []string
	want  string
}

// checkPrints runs each case with cellsOutput.
func checkPrints(t *testing.T, tests []printCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := cellsOutput(t, tt.cells...)
			if err != nil {
				t.Fatalf("last cell: %v", err)
			}
			if got != tt.want {
				t.Errorf("printed %q, want %q", got, tt.want)
			}
		})
	}
}

func TestRedefinedMethodsRunTheirNewBody(t *testing.T) {
	checkPrints(t, []printCase{
		{"a method declared again runs its new body", []string{rCell,
			"func (r R) A() int { return r.w * 100 }\nfmt.Println(r.A(), R{2}.A())"}, "300 200\n"},
		{"re-running the first cell brings back the first body", []string{rCell,
			"func (r R) A() int { return r.w * 100 }", rCell, "fmt.Println(r.A())"}, "3\n"},
		{"a third body replaces the second", []string{rCell,
			"func (r R) A() int { return r.w * 100 }", "func (r R) A() int { return -r.w }\nfmt.Println(r.A())"}, "-3\n"},
		{"a pointer receiver", []string{
			"type C struct{ n int }\nfunc (c *C) Inc() { c.n++ }\nc := &C{}\nc.Inc()",
			"func (c *C) Inc() { c.n += 10 }\nc.Inc()\nv := C{}\nv.Inc()\nfmt.Println(c.n, v.n)"}, "11 10\n"},
		{"unnamed and blank receivers and parameters", []string{
			"type R struct{ w int }\nfunc (R) B(int, string) int { return 1 }\nfunc (_ R) C(_ int) int { return 2 }",
			"func (_ R) B(x int, _ string) int { return x }\nfunc (R) C(x int) int { return -x }\nfmt.Println(R{}.B(5, \"\"), R{}.C(6))"}, "5 -6\n"},
		{"named results", []string{
			"type R struct{ w int }\nfunc (r R) Div(b int) (q int, err error) { q = r.w / b; return }",
			"func (r R) Div(b int) (q int, err error) {\n\tif b == 0 {\n\t\treturn 0, fmt.Errorf(\"divide %d by zero\", r.w)\n\t}\n\treturn r.w / b, nil\n}\nfmt.Println(R{7}.Div(0))"}, "0 divide 7 by zero\n"},
		{"variadic parameters", []string{
			"type R struct{ w int }\nfunc (r R) Sum(xs ...int) int { return r.w }",
			"func (r R) Sum(xs ...int) int { for _, x := range xs { r.w += x }; return r.w }\nfmt.Println(R{1}.Sum(2, 3), R{1}.Sum())"}, "6 1\n"},
		{"a method without results", []string{
			"type R struct{ w int }\nfunc (r R) Say() { fmt.Println(\"old\") }",
			"func (r R) Say() { fmt.Println(\"new\", r.w) }\nR{4}.Say()"}, "new 4\n"},
		{"a recursive body calls itself through the method", []string{
			"type N int\nfunc (n N) F() int { if n <= 1 { return 1 }; return int(n) * (n - 1).F() }",
			"func (n N) F() int { if n <= 1 { return 1 }; return int(n) + (n - 1).F() }\nfmt.Println(N(4).F())"}, "10\n"},
		{"method values, interface values and closures made earlier see the new body", []string{
			rCell + "\nf := r.A\nvar i interface{ A() int } = r\ng := func() int { return r.A() }\nfunc h() int { return R{5}.A() }",
			"func (r R) A() int { return r.w + 1000 }\nfmt.Println(f(), i.A(), g(), h(), R.A(r))"}, "1003 1003 1003 1005 1003\n"},
		{"fmt.Println calls the new String method", []string{
			"type R struct{ w int }\nfunc (r R) String() string { return \"old\" }\nfmt.Println(R{})",
			"func (r R) String() string { return fmt.Sprintf(\"R(%d)\", r.w) }\nfmt.Println(R{8}, &R{9})"}, "R(8) R(9)\n"},
		{"sort.Sort calls the new Less", []string{
			"import \"sort\"\ntype byLen []string\nfunc (s byLen) Len() int { return len(s) }\nfunc (s byLen) Swap(i, j int) { s[i], s[j] = s[j], s[i] }\nfunc (s byLen) Less(i, j int) bool { return len(s[i]) < len(s[j]) }",
			"func (s byLen) Less(i, j int) bool { return len(s[i]) > len(s[j]) }\nx := byLen{\"a\", \"ccc\", \"bb\"}\nsort.Sort(x)\nfmt.Println(x)"}, "[ccc bb a]\n"},
		{"a method declared again in the same cell", []string{
			"type R struct{ w int }\nfunc (r R) A() int { return 1 }\nfmt.Println(R{}.A())\nfunc (r R) A() int { return 2 }\nfmt.Println(R{}.A())"}, "1\n2\n"},
		{"a body ranging over a field, whose type only compiling reveals", []string{
			"type G struct{ n int }\nfunc (g G) C() int { s := 0; for i := range g.n { s += i }; return s }",
			"func (g G) C() int { s := 0; for i := range g.n { s += 2 * i }; return s }\nfmt.Println(G{4}.C())"}, "12\n"},
		// Learning what g.n is compiles copies of the cell, which must not
		// give the earlier cell's type the method.
		{"a first method of an earlier cell's type ranging over a field", []string{
			"type G struct{ n int }",
			"func (g G) C() int { s := 0; for i := range g.n { s += i }; return s }\nfmt.Println(G{4}.C())"}, "6\n"},
		{"a generic type's method declared again alike", []string{
			"type S[T any] struct{ v T }\nfunc (s S[T]) G() T { return s.v }",
			"type S[T any] struct{ v T }\nfunc (s S[T]) G() T { return s.v }\nfmt.Println(S[int]{4}.G())"}, "4\n"},
	})
}

func TestMethodsThatCannotChangeAreRefused(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		want  []string
	}{
		{"a generic type's method", []string{
			"type S[T any] struct{ v T }\nfunc (s S[T]) G() T { return s.v }",
			"func (s S[T]) G() T { var z T; return z }"},
			[]string{"cell:1:15: method S.G is already defined differently", "generic type", "restart the kernel, or give the type another name"}},
		{"a method whose result changes", []string{rCell, "func (r R) A() string { return \"x\" }"},
			[]string{"cell:1:12: method R.A is already defined as func (r R) A() int;", "not its receiver, parameters or results"}},
		{"a method whose receiver becomes a pointer", []string{rCell, "func (r *R) A() int { return 0 }"},
			[]string{"method R.A is already defined as func (r R) A() int;"}},
		// yaegi keeps a method of a cell that failed to compile, and that
		// method returns zero values or panics inside yaegi.
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := cellsOutput(t, tt.cells...)
			var e *Error
			if !errors.As(err, &e) || e.Kind != "CompileError" {
				t.Fatalf("error %v, want a CompileError", err)
			}
			for _, w := range tt.want {
				if !strings.Contains(e.Msg, w) {
					t.Errorf("message %q, want it to contain %q", e.Msg, w)
				}
			}
		})
	}
}

func TestRedefinedMethodsKeepCellPositions(t *testing.T) {
	t.Run("a panic in a new body names its line and not the first body", func(t *testing.T) {
		_, err := cellsOutput(t, rCell, "func (r R) A() int {\n\tpanic(\"boom\")\n}", "fmt.Println(r.A())")
		var e *Error
		if !errors.As(err, &e) || e.Kind != "panic" {
			t.Fatalf("error %v, want a panic", err)
		}
		trace := strings.Join(e.Trace, "\n")
		if !strings.Contains(trace, ", line 2, in R.A\n   2 | \tpanic(\"boom\")") || !strings.Contains(trace, ", line 1\n   1 | fmt.Println(r.A())") {
			t.Errorf("trace\n%s\nwant the new body's line in R.A, then the cell", trace)
		}
		if strings.Contains(trace, "return r.w") {
			t.Errorf("trace\n%s\nquotes the first body", trace)
		}
	})
	t.Run("a panic in a first body names its line", func(t *testing.T) {
		_, err := cellsOutput(t, "type R struct{ w int }\nfunc (r R) A() int {\n\tx := r.w\n\tpanic(x)\n}", "R{}.A()")
		var e *Error
		if !errors.As(err, &e) || e.Kind != "panic" {
			t.Fatalf("error %v, want a panic", err)
		}
		// The guard runs first, at the position of the body's first
		// statement: the frame must still name the panicking one.
		if trace := strings.Join(e.Trace, "\n"); !strings.Contains(trace, ", line 4, in A\n   4 | \tpanic(x)") {
			t.Errorf("trace\n%s\nwant the line of the panic", trace)
		}
	})
	t.Run("a compile error in a new body names its line", func(t *testing.T) {
		_, err := cellsOutput(t, rCell, "x := 1\nfunc (r R) A() int {\n\treturn r.w + nope\n}")
		if err == nil || !strings.HasPrefix(err.Error(), "cell:3:15: undefined: nope") {
			t.Fatalf("error %v, want cell:3:15: undefined: nope", err)
		}
	})
}

func TestARedefinedMethodIsInterruptible(t *testing.T) {
	s := newSession(t)
	execCell(t, s, "type R struct{ w int }\nfunc (r R) Spin() int { return r.w }")
	execCell(t, s, "func (r R) Spin() int { for { r.w++ } }")
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	_, err := s.Execute(ctx, "R{}.Spin()", &recorder{})
	if !errors.Is(err, ErrInterrupted) {
		t.Fatalf("error %v, want ErrInterrupted", err)
	}
	execCell(t, s, "func (r R) Spin() int { return r.w + 1 }")
	b, err := s.Execute(context.Background(), "R{}.Spin()", &recorder{})
	if err != nil || b == nil || b.Data[display.MIMEText] != "1" {
		t.Fatalf("after the interrupt: %v, %v; want 1", b, err)
	}
}

func TestARedefinedHTMLMethodRenders(t *testing.T) {
	s := newSession(t)
	execCell(t, s, "type H struct{}\nfunc (H) HTML() string { return \"<b>old</b>\" }\nfunc (H) String() string { return \"old\" }\nh := H{}")
	execCell(t, s, "func (H) HTML() string { return \"<i>new</i>\" }")
	b, err := s.Execute(context.Background(), "h", &recorder{})
	if err != nil || b == nil || b.Data[display.MIMEHTML] != "<i>new</i>" || b.Data[display.MIMEText] != "old" {
		t.Fatalf("bundle %v, %v; want text/html <i>new</i> and text/plain old", b, err)
	}
}
