package interp

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/display"
)

// cellCase is one cell run after the setup cells of its table.
type cellCase struct {
	name   string
	cell   string
	result string // text/plain of the execute_result; "" for none
	stdout string
	err    string // substring of the error's traceback, joined by newlines
}

func newSession(t testing.TB) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// runCells runs the cases in order in one session.
func runCells(t *testing.T, cases []cellCase) {
	t.Helper()
	s := newSession(t)
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			b, err := s.Execute(context.Background(), tc.cell, rec)
			if tc.err != "" {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("got error %v, want an *Error containing %q", err, tc.err)
				}
				if tb := strings.Join(e.Traceback(), "\n"); !strings.Contains(tb, tc.err) {
					t.Fatalf("traceback\n%s\ndoes not contain %q", tb, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			got := ""
			if b != nil {
				got, _ = b.Data[display.MIMEText].(string)
			}
			if got != tc.result {
				t.Errorf("result %q, want %q", got, tc.result)
			}
			if out := rec.out(); out != tc.stdout {
				t.Errorf("stdout %q, want %q", out, tc.stdout)
			}
		})
	}
}

func TestCellsKeepState(t *testing.T) {
	runCells(t, []cellCase{
		{name: "a top-level := persists", cell: "x := 3", result: ""},
		{name: "a later cell reads it", cell: "x * 2", result: "6"},
		{name: "var after a top-level := works", cell: "var y = x * 10\ny", result: "30"},
		{name: "a func literal in a var is callable", cell: "var f = func(n int) int { return n + x }\nf(1)", result: "4"},
		{name: "imports are idempotent", cell: "import \"fmt\"\nimport \"fmt\"", result: ""},
		{name: "importing again in a later cell is fine", cell: "import \"fmt\"\nfmt.Sprint(x)", result: "3"},
		{name: "a function is defined", cell: "func g() int { return 1 }\ng()", result: "1"},
		{name: "a later cell redefines it", cell: "func g() int { return 2 }\ng()", result: "2"},
		{name: "a variable can change type", cell: "x := \"now a string\"\nx", result: "now a string"},
		{name: "declarations and statements mix in source order", cell: "a := 1\nfunc h() int { return a + 1 }\na = h()\nfunc k() int { return a * 10 }\nk()", result: "20"},
		{name: "a type is declared", cell: "type T struct{ A int }\nT{1}.A", result: "1"},
		{name: "the same cell can run again", cell: "type T struct{ A int }\nT{1}.A", result: "1"},
		{name: "a type with a different shape is refused clearly", cell: "type T struct{ A, B int }", err: "already defined differently"},
		{name: "multi-value := in a block works", cell: "import \"strconv\"\nif true { n, err := strconv.Atoi(\"7\"); fmt.Println(n, err) }", stdout: "7 <nil>\n"},
		{name: "a, b := T{}, v keeps b", cell: "t, w := T{1}, 5\nw", result: "5"},
		{name: "a package call defines a global", cell: "import \"strings\"\nr := strings.NewReader(\"abc\")\nr.Len()", result: "3"},
		{name: "and another one in a later cell", cell: "u := strings.ToUpper(\"x\")\nu", result: "X"},
		{name: "two results of a package function define two globals", cell: "n, err := strconv.Atoi(\"42\")\nfmt.Println(n, err)", stdout: "42 <nil>\n"},
		{name: "and again in the next cell", cell: "m, err2 := strconv.Atoi(\"x\")\nfmt.Println(m, err2 != nil, n)", stdout: "0 true 42\n"},
		{name: "a package type in a function", cell: "func sb() string { var b strings.Builder; b.WriteString(\"ok\"); return b.String() }\nsb()", result: "ok"},
	})
}

func TestResults(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import \"fmt\"\nimport \"strconv\"\nimport \"errors\""},
		{name: "fmt.Println's byte count is not shown", cell: "fmt.Println(\"hi\")", stdout: "hi\n"},
		{name: "a trailing semicolon suppresses the value", cell: "1 + 1;"},
		{name: "a final expression may end in a line comment", cell: "40 + 2 // the answer", result: "42"},
		{name: "or in a block comment", cell: "n := 6\nn * 7 /* the answer */", result: "42"},
		{name: "a blank assignment shows nothing", cell: "_ = 1 + 1"},
		{name: "a call returning only a nil error shows nothing", cell: "func ok() error { return nil }\nok()"},
		{name: "a non-nil error result is shown", cell: "errors.New(\"bad\")", result: "bad"},
		{name: "(int, error) results are hidden like fmt.Println's", cell: "strconv.Atoi(\"12\")"},
		{name: "two other results are shown together", cell: "func two() (int, string) { return 1, \"a\" }\ntwo()", result: "1 a"},
		{name: "a call returning nothing shows nothing", cell: "func nothing() {}\nnothing()"},
		{name: "a literal called in place runs once and shows nothing", cell: "func() { fmt.Println(\"once\") }()", stdout: "once\n"},
		{name: "a call through a map shows its value", cell: "fs := map[string]func() int{\"a\": func() int { return 7 }}\nfs[\"a\"]()", result: "7"},
		{name: "an interpreted String method is used", cell: "type P struct{ N int }\nfunc (p P) String() string { return fmt.Sprintf(\"P(%d)\", p.N) }\nP{4}", result: "P(4)"},
		{name: "a pointer receiver String method is used", cell: "type Q struct{}\nfunc (*Q) String() string { return \"Q!\" }\n&Q{}", result: "Q!"},
		{name: "a conversion to fmt.Stringer keeps the String method", cell: "s := fmt.Stringer(P{5})\ns", result: "P(5)"},
	})
}

func TestRichResult(t *testing.T) {
	s := newSession(t)
	b, err := s.Execute(context.Background(), "type H struct{}\nfunc (H) HTML() string { return \"<b>hi</b>\" }\nfunc (H) String() string { return \"hi\" }\nH{}", &recorder{})
	if err != nil || b == nil {
		t.Fatalf("got %v, %v", b, err)
	}
	if b.Data[display.MIMEHTML] != "<b>hi</b>" || b.Data[display.MIMEText] != "hi" {
		t.Errorf("bundle %v, want text/html from the interpreted HTML method and text/plain from String", b.Data)
	}
}

func TestErrors(t *testing.T) {
	runCells(t, []cellCase{
		{name: "a syntax error names the cell line and shows it", cell: "x := 1\ny := (", err: "cell:2:7"},
		{name: "an undefined name is a compile error with its line", cell: "a := 1\nb := nope + a", err: "   2 | b := nope + a"},
		{name: "an unavailable import names what is available", cell: "import \"no/such\"", err: "gonum.org/v1/gonum/mat"},
		{name: "a runtime panic carries its value", cell: "var m map[string]int\nm[\"a\"] = 1", err: "assignment to entry in nil map"},
		{name: "a panic in a function names the cell line of the call", cell: "func boom() { panic(\"boom\") }\n\nboom()", err: ", line 3\n   3 | boom()"},
		{name: "a function from an earlier cell is declared", cell: "func explode() {\n\tpanic(\"from an earlier cell\")\n}"},
		{name: "its panic quotes the earlier cell's line", cell: "explode()", err: ", line 2, in explode\n   2 | \tpanic(\"from an earlier cell\")"},
		{name: "range over an unlowerable value still fails cleanly", cell: "for i := range nope { _ = i }", err: "nope"},
	})
}

func TestPanicInGoroutineIsReported(t *testing.T) {
	s := newSession(t)
	if _, err := s.Execute(context.Background(), `
type box struct{ xs []int }

func (b *box) start(g chan bool) {
	go func() { <-g; _ = b.xs[5] }()
}

func run(g chan bool) {
	go func() { <-g; panic("in goroutine") }()
}

func nilMap(g chan bool) {
	<-g
	var m map[string]int
	m["x"] = 1
}`, &recorder{}); err != nil {
		t.Fatal(err)
	}
	// Each goroutine waits for the test to open its gate after the cell
	// has ended, and the test waits for the report before the next cell:
	// yaegi prints a panicking goroutine's frames reading what compiling
	// the next evaluation writes, a race inside yaegi.
	for _, tc := range []struct{ name, cell, want string }{
		{"a panic in a goroutine a function started", "run(gate)", "panic in goroutine: in goroutine"},
		{"an index out of range in a goroutine a method started", "(&box{}).start(gate)", "panic in goroutine: reflect: slice index out of range"},
		{"a nil map write in a goroutine the cell started", "go nilMap(gate)", "panic in goroutine: assignment to entry in nil map"},
		{"a nil pointer in a goroutine a closure started", "f := func(g chan bool) { go func() { <-g; var b *box; _ = b.xs }() }\nf(gate)", "panic in goroutine:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			open := gate(t, s, "gate")
			rec := &recorder{}
			if _, err := s.Execute(context.Background(), tc.cell, rec); err != nil {
				t.Fatal(err)
			}
			open()
			var got string
			waitFor(func() bool {
				rec.mu.Lock()
				defer rec.mu.Unlock()
				got = rec.stderr.String()
				return strings.Contains(got, tc.want)
			})
			if !strings.Contains(got, tc.want) {
				t.Errorf("stderr of the cell that started the goroutine: %q, want %q", got, tc.want)
			}
			if b, err := s.Execute(context.Background(), "40 + 2", &recorder{}); err != nil || b.Data[display.MIMEText] != "42" {
				t.Errorf("session after a goroutine panic: %v, %v", b, err)
			}
		})
	}
}

func ExampleSession_Execute() {
	s, _ := New(Options{})
	defer s.Close()
	ctx := context.Background()
	out := &display.TextSink{}
	s.Execute(ctx, "import \"fmt\"\nx := 20\nfmt.Println(\"x is\", x)", out)
	b, _ := s.Execute(ctx, "x*2 + 2", out)
	fmt.Println(b.Data[display.MIMEText])
	// Output:
	// x is 20
	// 42
}

// The cells below wait for their tasks inside one step: a task running
// interpreted code while the next evaluation starts is the race the
// package doc accepts, which the race detector would report.

func TestAFutureShowsLive(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	if _, err := s.Execute(context.Background(), "import \"github.com/gofutures/gofutures/futures\"\nc := futures.NewClient(futures.Workers(1))", rec); err != nil {
		t.Fatal(err)
	}
	b, err := s.Execute(context.Background(), "func double(n int) int { return n * 2 }\nfunc run() *futures.Future { f := c.Submit(double, 21); f.Result(); return f }\nrun()", rec)
	if err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if b != nil || len(rec.shown) == 0 {
		t.Errorf("result %v, %d displays: want the future as a live display and no result", b, len(rec.shown))
	}
}

func TestSubmittedFunctionsAreNamed(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	if _, err := s.Execute(context.Background(), "import \"fmt\"\nimport \"github.com/gofutures/gofutures/futures\"\nimport \"strings\"\nc := futures.NewClient(futures.Workers(1))\nfunc inc(x int) int { return x + 1 }", rec); err != nil {
		t.Fatal(err)
	}
	b, err := s.Execute(context.Background(), `func keys() string {
	f1, f2 := c.Submit(inc, 1), c.Submit(inc, 1)
	f1.Result()
	f2.Result()
	k1, k2 := f1.Info().Key, f2.Info().Key
	return fmt.Sprint(strings.HasPrefix(k1, "inc-"), k1 == k2)
}
keys()`, rec)
	if err != nil {
		t.Fatal(err)
	}
	if got := b.Data[display.MIMEText]; got != "true true" {
		t.Errorf("got %v, want the task key named after inc and equal for the same call", got)
	}
	// A global holding a function, declared by one cell and used by two
	// later ones (the first use puts it in a scope of its check).
	if _, err := s.Execute(context.Background(), "shift := func(x int) int { return x + 2 }", rec); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		b, err := s.Execute(context.Background(), fmt.Sprintf("strings.HasPrefix(c.Submit(shift, %d).Info().Key, \"shift-\")", i), rec)
		if err != nil || b.Data[display.MIMEText] != "true" {
			t.Errorf("use %d of a global function: %v, %v, want a key named after shift", i, b.Data[display.MIMEText], err)
		}
	}
}

func TestSessionSurvivesYaegiInternalPanics(t *testing.T) {
	s := newSession(t)
	s.noCheck = true   // the type checker would refuse the cell first
	for i := range 2 { // the second time checks that nothing stayed locked
		// a method a string does not have, called with two results: yaegi
		// dereferences a nil pointer while compiling.
		_, err := s.Execute(context.Background(), "import \"strings\"\nparts := strings.Fields(\"a b\")\na, b := parts[0].Len()", &recorder{})
		var e *Error
		if !errors.As(err, &e) || e.Kind != "InternalError" {
			t.Fatalf("run %d: got %v, want an InternalError", i, err)
		}
	}
	if b, err := s.Execute(context.Background(), "1 + 1", &recorder{}); err != nil || b.Data[display.MIMEText] != "2" {
		t.Fatalf("after yaegi panics: %v, %v", b, err)
	}
}

// TestTypesNamedLikeTypeParameters: yaegi leaves a generic function's
// type parameters in the package scope, where a type of the same name
// that a cell declares then breaks; the session's own generic helpers and
// the cells' generic functions use names of their own.
func TestTypesNamedLikeTypeParameters(t *testing.T) {
	runCells(t, []cellCase{
		{name: "the session's helpers use T, K and V no more", cell: "import \"fmt\"\ntype K string\ntype V float64\nm := map[K]V{\"a\": 1.5}\nfmt.Println(m)", stdout: "map[a:1.5]\n"},
		{name: "a generic function", cell: "func first[T any](xs []T) T { return xs[0] }\nfirst([]int{3})", result: "3"},
		{name: "a type named like its type parameter", cell: "type T string\nts := map[T]int{\"b\": 2}\nfmt.Println(ts, first([]T{\"x\"}))", stdout: "map[b:2] x\n"},
	})
}
