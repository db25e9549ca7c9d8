package interp

import (
	"bytes"
	"context"
	"log"
	"runtime"
	"strings"
	"testing"
	"time"
)

// TestRangeFuncLeavesNoGoroutine leaves range-over-func loops early in
// every way (return, labeled continue and break, a recovered panic) many
// times and checks that no iterator goroutine is left behind.
func TestRangeFuncLeavesNoGoroutine(t *testing.T) {
	s := newSession(t)
	run := func(cell string) {
		t.Helper()
		if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
			t.Fatalf("%v", err)
		}
	}
	run(`func naturals(yield func(int) bool) {
	for i := 0; ; i++ {
		if !yield(i) {
			return
		}
	}
}

func find(n int) int {
	for x := range naturals {
		if x == n {
			return x
		}
	}
	return -1
}

func labeled() {
outer:
	for i := range 3 {
		for x := range naturals {
			if x == i {
				continue outer
			}
		}
	}
stop:
	for {
		for range naturals {
			break stop
		}
	}
}

func panics() {
	defer func() { recover() }()
	for range naturals {
		panic("out")
	}
}`)
	run(`for range 3 { find(2); labeled(); panics() }`) // warm up the runtime's own goroutines
	time.Sleep(50 * time.Millisecond)
	before := runtime.NumGoroutine()
	run(`for i := range 50 { find(i); labeled(); panics() }`)
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the loops, %d before", n, before)
	}
}

// TestRangeOverUnknownInteger ranges over integers whose type only the
// compiler knows, at the top level of cells and in functions, and over
// what cannot be ranged over.
func TestRangeOverUnknownInteger(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: `import ("fmt"; "strings")
type box struct{ n int; xs []int }
func (b box) twice() int { return 2 * b.n }
b := box{n: 2, xs: []int{7, 8, 9}}`},
		{name: "a field and a method's result",
			cell:   `for i := range b.n { fmt.Print(i) }; for i := range b.twice() { fmt.Print(i) }`,
			stdout: "010123"},
		{name: "a local set by a package's function, and a map element",
			cell:   "c := strings.Count(\"banana\", \"a\")\nm := map[string]int{\"k\": 2}\nfor i := range c { fmt.Print(i) }\nfor range m[\"k\"] { fmt.Print(\"x\") }",
			stdout: "012xx"},
		{name: "in a function declared beside a method",
			cell: `type pair struct{ a, b int }
func (p pair) sum() int { return p.a + p.b }
func count(p pair) (n int) {
	for range p.sum() {
		n++
	}
	for i := range p.b {
		n += i
	}
	return n
}
fmt.Print(count(pair{1, 3}), pair{2, 2}.sum())`,
			stdout: "7 4"},
		{name: "function iterators passed as parameters",
			cell: `func each(seq func(func(int) bool), seq2 func(func(string, int) bool)) {
	for x := range seq {
		fmt.Print(x)
	}
	for k, v := range seq2 {
		fmt.Print(k, v)
	}
}
each(func(y func(int) bool) { _ = y(1) && y(2) }, func(y func(string, int) bool) { _ = y("a", 3) })`,
			stdout: "12a3"},
		{name: "a slice field still ranges as a slice", cell: `for i := range b.xs { fmt.Print(i) }`, stdout: "012"},
		{name: "a float cannot be ranged over",
			cell: "f := float64(b.n) / 3\nfor i := range f { fmt.Print(i) }",
			err:  "cell:2:16: cannot range over f (variable of type float64)"},
		{name: "nor can a struct", cell: "for range b {}", err: "cell:1:11: cannot range over b"},
	})
}

// TestCompilingLogsNothing: yaegi logs "nil type" before the panic that
// learning an unknown range recovers; the line reaches no one.
func TestCompilingLogsNothing(t *testing.T) {
	var buf bytes.Buffer
	prev := log.Writer()
	log.SetOutput(&buf)
	defer log.SetOutput(prev)
	runCells(t, []cellCase{
		{name: "a field's type only compiling reveals", cell: "type box struct{ n int }\nb := box{n: 2}\nfor i := range b.n { print(i) }", stdout: "01"},
	})
	log.Print("after")
	if got := buf.String(); strings.Contains(got, "nil type") || !strings.Contains(got, "after") {
		t.Errorf("the standard logger got %q, want only the line after", got)
	}
}

// TestRangeOverPointer ranges over pointers, which yaegi v0.16.1 compiles
// as pointers to arrays whatever they point to: one to anything else is
// an error when the cell compiles, before any of it runs.
func TestRangeOverPointer(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import (\"fmt\"; \"time\")\ntype arr [2]int\ntype holder struct{ f *float64 }"},
		{name: "a pointer to an int cannot be ranged over",
			cell: "p := new(int)\nfor range p {}", err: "cell:2:11: cannot range over p (variable of type *int)"},
		{name: "a variable of a cell that failed is not declared",
			cell: "fmt.Println(\"not run\")\nfor i := range p { fmt.Println(i) }", err: "cell:2:16: undefined: p"},
		{name: "nor in a later cell, with a variable",
			cell: "pp := new(int)", stdout: ""},
		{cell: "fmt.Println(\"not run\")\nfor i := range pp { fmt.Println(i) }", err: "cell:2:16: cannot range over pp (variable of type *int)"},
		{name: "nor in a function",
			cell: "func walk() {\n\tq := new(int)\n\tfor range q {\n\t}\n}", err: "cell:3:12: cannot range over q (variable of type *int)"},
		{name: "nor a field",
			cell: "func g(h holder) { for range h.f {} }", err: "cell:1:30: cannot range over h.f (variable of type *float64)"},
		{name: "nor a call's result", cell: "newInt := func() *int { return nil }\nfor range newInt() {}",
			err: "cell:2:11: cannot range over newInt() (value of type *int)"},
		{name: "nor a pointer to a compiled type", cell: "d := new(time.Duration)\nfor range d {}",
			err: "cell:2:11: cannot range over d (variable of type *time.Duration)"},
		{name: "a pointer to an array still ranges",
			cell:   "func arrays(pa *[2]int, pn *arr) { for i := range pa { fmt.Print(i) }; for i, v := range pn { fmt.Print(\" \", i, v) } }\narrays(&[2]int{}, &arr{4, 5})",
			stdout: "01 0 4 1 5"},
		{name: "also when only compiling shows that it points to one",
			cell:   "func arrays2() { pn := &arr{4, 5}; for i := range pn { fmt.Print(i) } }\narrays2()",
			stdout: "01"},
		{name: "so do a channel and a map of unknown type",
			cell:   "type pipes struct{ ch chan int; m map[string]int }\nfunc both(p pipes) { for v := range p.ch { fmt.Print(v) }; for k := range p.m { fmt.Print(k) } }\nch := make(chan int, 1)\nch <- 7\nclose(ch)\nboth(pipes{ch, map[string]int{\"k\": 1}})",
			stdout: "7k"},
	})
}

// TestRangeOverArrayPointer ranges over pointers to arrays, which yaegi
// v0.16.1 runs wrongly (it overwrites the variable declared before the
// loop's index, or fails with "index out of range [-1]"), whether the
// syntax, a global or only compiling shows the pointer's type.
func TestRangeOverArrayPointer(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import \"fmt\"\ntype pair [2]int\ntype box struct{ p *pair }\nfunc mk() *pair { return &pair{3, 4} }"},
		{name: "a cell's variable leaves the one declared after it alone",
			cell: "pa := &[2]int{}\npn := 1\nfor i := range pa { fmt.Print(i) }\nfmt.Print(\" \", pn)", stdout: "01 1"},
		{name: "a global in a function",
			cell:   "ga := &[3]int{1, 2, 3}\nfunc sum() (n int) { k := 0; for _, v := range ga { n += v + k }; return n }\nfmt.Print(sum())",
			stdout: "6"},
		{name: "a global at the top level of a cell, written during the loop",
			cell: "for i, v := range ga { ga[2] = 9; fmt.Print(i, v, \" \") }", stdout: "0 1 1 2 2 9 "},
		{name: "a parameter of an earlier cell's array type",
			cell:   "func walk(p *pair) { n := 7; for i, v := range p { fmt.Print(i, v, n, \" \") } }\nwalk(&pair{5, 6})",
			stdout: "0 5 7 1 6 7 "},
		{name: "a local only compiling shows to be one",
			cell:   "func fromCall() { p := mk(); n := 7; for i := range p { p[i] *= 10; fmt.Print(i, n, \" \") }; fmt.Print(*p) }\nfromCall()",
			stdout: "0 7 1 7 [30 40]"},
		{name: "a local set from a field, at the top level",
			cell: "b := box{&pair{8, 9}}\nq := b.p\nn := 7\nfor i, v := range q { fmt.Print(i, v, n, \" \") }", stdout: "0 8 7 1 9 7 "},
		{name: "a field and a call's result",
			cell:   "func direct(b box) { n := 7; for i, v := range b.p { fmt.Print(i, v, n, \" \") }; for i := range mk() { fmt.Print(i) } }\ndirect(box{&pair{1, 2}})",
			stdout: "0 1 7 1 2 7 01"},
		{name: "other ranges of names of unknown type still run",
			cell:   "func others(xs []int, m map[string]int) { ys := xs; for i := range ys { fmt.Print(i) }; mm := m; for k := range mm { fmt.Print(k) } }\nothers([]int{4}, map[string]int{\"k\": 1})",
			stdout: "0k"},
	})
}
