package interp

import (
	"crypto/sha256"
	"encoding/hex"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

func TestParseCellSplitsItems(t *testing.T) {
	for _, tc := range []struct {
		name string
		cell string
		want []string // "import", "decl" or "stmt" per item, then its text
	}{
		{"splits imports, declarations and statements", "import \"fmt\"\nx := 1\nfunc f() {}\nfmt.Println(x)",
			[]string{"import: import \"fmt\"", "stmt: x := 1", "decl: func f() {}", "stmt: fmt.Println(x)"}},
		{"keeps a for clause's semicolons in one item", "for i := 0; i < 3; i++ { println(i) }",
			[]string{"stmt: for i := 0; i < 3; i++ { println(i) }"}},
		{"keeps an if with an init statement whole", "if x := 1; x > 0 { println(x) }",
			[]string{"stmt: if x := 1; x > 0 { println(x) }"}},
		{"tells a method from a function literal call", "func (t T) M() {}\nfunc(x int) { println(x) }(1)",
			[]string{"decl: func (t T) M() {}", "stmt: func(x int) { println(x) }(1)"}},
		{"splits at written semicolons", "a := 1; b := 2",
			[]string{"stmt: a := 1", "stmt: b := 2"}},
		{"drops a package clause", "package main\nfunc main() {}",
			[]string{"decl: func main() {}"}},
		{"keeps a multi-line block whole", "var (\n\ta = 1\n\tb = 2\n)",
			[]string{"decl: var (\n\ta = 1\n\tb = 2\n)"}},
		{"ignores comments and blank lines", "// note\n\n x := 1 // trailing\n\n",
			[]string{"stmt: x := 1 // trailing"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := parseCell(tc.cell)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, it := range c.items {
				kind := [...]string{"import", "decl", "stmt"}[it.kind]
				got = append(got, kind+": "+strings.TrimSpace(c.src[it.start:it.end]))
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestParseCellReportsSyntaxErrorsInCellPositions(t *testing.T) {
	for _, tc := range []struct{ name, cell, want string }{
		{"an unterminated string", "x := 1\ny := \"abc", "cell:2:6"},
		{"a missing operand", "x := 1 +\n", "cell:2:1"},
		{"a bad declaration", "func (", "cell:1:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := parseCell(tc.cell)
			e, ok := err.(*Error)
			if !ok || e.Kind != "SyntaxError" || !strings.Contains(e.Msg, tc.want) {
				t.Fatalf("got %v, want a SyntaxError at %s", err, tc.want)
			}
		})
	}
}

// rewritten returns the cell's items after the rewrite, one per line,
// without the position marks (see TestMarks).
func rewritten(t *testing.T, cell string, globals map[string]reflect.Value) string {
	t.Helper()
	return markText.ReplaceAllString(withMarks(t, cell, globals), "")
}

// markText matches a position mark or a line directive, which only the
// marks add to an item's text.
var markText = regexp.MustCompile(`/\*line _\.go:\d+:\d+\*/|__rt\.Lines\[\d+\] = \d+;|__rt\.Mark\(\d+, \d+\);`)

// withMarks returns the cell's items after the rewrite, one per line.
func withMarks(t *testing.T, cell string, globals map[string]reflect.Value) string {
	t.Helper()
	c, err := parseCell(cell)
	if err != nil {
		t.Fatal(err)
	}
	user := func(n string) bool { _, ok := globals[n]; return ok }
	isInt := func(n string) bool { v, ok := globals[n]; return ok && v.Kind() == reflect.Int }
	global := func(n string) (reflect.Value, bool) { v, ok := globals[n]; return v, ok }
	c.rewrite(user, isInt, global, func(string) (string, bool) { return "", false })
	var lines []string
	for _, it := range c.items {
		lines = append(lines, c.text(it.start, it.end))
	}
	return strings.Join(lines, "\n")
}

func sourceToken(src string) string {
	sum := sha256.Sum256([]byte(src))
	return hex.EncodeToString(sum[:8])
}

func TestRewrite(t *testing.T) {
	for _, tc := range []struct {
		name, cell, want string
		globals          map[string]reflect.Value
	}{
		{name: "a loop gets a checkpoint", cell: "for {}", want: "for {" + checkpoint + "}"},
		{name: "a function that calls gets an entry checkpoint", cell: "func f() { g() }", want: "func f() {" + entryCheckpoint + " g() }"},
		{name: "a leaf function does not", cell: "func add(a, b int) int { return a + b }", want: "func add(a, b int) int { return a + b }"},
		{name: "a captured loop variable is copied per iteration",
			cell: "for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }",
			want: "for i := 0; i < 3; i++ {" + checkpoint + "i := i; fs = append(fs, func() func() int { return func() int { return i } }()) }"},
		{name: "a loop variable the body assigns is copied per iteration and carried to the next",
			cell: "L: for i := 0; i < 9; i++ { for { continue L }; if i > 2 { continue }; fs = append(fs, func() int { return i }); i++ }",
			want: "L: for i := 0; i < 9; i++ {" + checkpoint + "__c1 := &i; i := i; __v1 := &i; for {" + checkpoint +
				" *__c1 = *__v1; continue L }; if i > 2 { *__c1 = *__v1; continue }; fs = append(fs, func() func() int { return func() int { return i } }()); i++ ; *__c1 = *__v1; }"},
		{name: "range over an int literal becomes a counting loop",
			cell: "for i := range 3 { use(i) }",
			want: "{ __n1 := (3); for __i1 := __n1 % 1; __i1 < __n1; __i1++ {" + checkpoint + "i := __i1; use(i) } }"},
		{name: "range over an int global too",
			cell: "for range n { tick() }", globals: map[string]reflect.Value{"n": reflect.ValueOf(5)},
			want: "{ __n1 := (n); for __i1 := __n1 % 1; __i1 < __n1; __i1++ {" + checkpoint + " tick() } }"},
		{name: "a labeled range over an int keeps its label on the loop",
			cell: "L: for i := range 3 { continue L }",
			want: "{ __n1 := (3); L: for __i1 := __n1 % 1; __i1 < __n1; __i1++ {" + checkpoint + "i := __i1; continue L } }"},
		{name: "range over a call of an int function of the cell too",
			cell: "func five() int { return 5 }\nfor range five() { tick() }",
			want: "func five() int { return 5 }\n{ __n1 := (five()); for __i1 := __n1 % 1; __i1 < __n1; __i1++ {" + checkpoint + " tick() } }"},
		{name: "a return from a range over func stops the iterator after evaluating its values",
			cell: "func nat(yield func(int) bool) {}\nfunc f() int { for x := range nat { if x > 1 { return g(x) } }; return 0 }",
			want: "func nat(yield func(int) bool) {}\nfunc f() int {" + entryCheckpoint + iterGuardDecl +
				" { __next1, __stop1 := __pull1(__its, nat); for x, __ok1 := __next1(); __ok1; x, __ok1 = __next1() {" + checkpoint +
				" if x > 1 { { var __r2_0 int; __r2_0 = g(x); __stop1(); return __r2_0 } } }; __stop1() }; return 0 }"},
		{name: "range over a slice is not touched but for its checkpoint",
			cell: "func f(xs []int) { for _, x := range xs { use(x) } }",
			want: "func f(xs []int) {" + entryCheckpoint + " for _, x := range xs {" + checkpoint + " use(x) } }"},
		{name: "range over an operand of unknown type is followed by a guard that never runs",
			cell: "for _, x := range xs { use(x) }", want: "for _, x := range xs {" + checkpoint + " use(x) }; if false { _ = len(xs) }"},
		{name: "min, max and clear get the session's own",
			cell: "clear(m); min(1, 2) + max(3, 4)", want: "__rt.Clear(m)\n__min(1, 2) + __max(3, 4)"},
		{name: "a user min is not renamed", cell: "min(1, 2)",
			globals: map[string]reflect.Value{"min": reflect.ValueOf(func(a, b int) int { return a })}, want: "min(1, 2)"},
		{name: "composite literals in a multi-assignment get parentheses",
			cell: "t, w := T{1}, 5", want: "t, w := (T{1}), 5"},
		{name: "a go statement evaluates its function and arguments first",
			cell: "go func(x int) { work(x) }(1)",
			want: "{ __h1 := func() { __f1 := func(x int) {" + entryCheckpoint + " work(x) }; __a1_0 := 1; __g1 := func() { __f1(__a1_0) }; go __go(__rt.Spawn(), __g1) }; __h1() }"},
		{name: "a go statement keeps a variadic call",
			cell: "go f(a, xs...)",
			want: "{ __h1 := func() { __f1 := f; __a1_0 := a; __a1_1 := xs; __g1 := func() { __f1(__a1_0, __a1_1...) }; go __go(__rt.Spawn(), __g1) }; __h1() }"},
		{name: "a go statement calls a builtin in the goroutine, with literal arguments kept",
			cell: "go println(x, \"s\", 1)",
			want: "{ __h1 := func() {; __a1_0 := x; __g1 := func() { println(__a1_0, \"s\", 1) }; go __go(__rt.Spawn(), __g1) }; __h1() }"},
		{name: "a conversion to a compiled interface type assigns the value",
			cell: "import (\"fmt\"; \"io\")\ns := fmt.Stringer(v)\nprintln(error(e), (io.Reader)(r), fmt.Sprint(v))",
			want: "import (\"fmt\"; \"io\")\ns := ([1]fmt.Stringer{v}[0])\nprintln(([1]error{e}[0]), ([1](io.Reader){r}[0]), fmt.Sprint(v))"},
		{name: "main is renamed", cell: "func main() {}", want: "func __main() {}"},
		{name: "a submitted function is named for the futures runtime",
			cell: "func inc(x int) int { return x + 1 }\nc.Submit(inc, 1)",
			want: "func inc(x int) int { return x + 1 }\nc.Submit(__rt.Func{Name: \"inc\", Token: __rt.FuncToken(\"inc\", \"" + sourceToken("func inc(x int) int { return x + 1 }") + "\"), Fn: inc}, 1)"},
		{name: "a literal is submitted as it is", cell: "c.Submit(func() {}, 1)", want: "c.Submit(func() {}, 1)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := rewritten(t, tc.cell, tc.globals); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// TestMarks pins where the rewrite records positions for panics (see
// rewrite_pos.go): before the statements that may panic, and at the entry
// of a function that has such statements; slots are numbered 0 here.
func TestMarks(t *testing.T) {
	slot := regexp.MustCompile(`Lines\[\d+\]|Mark\(\d+,`)
	m := func(off int) string { return mark(0, off) }
	for _, tc := range []struct{ name, cell, want string }{
		{name: "a leaf function gets none", cell: "func add(a, b int) int { return a + b }",
			want: "func add(a, b int) int { return a + b }"},
		{name: "one statement that may panic needs no mark, the checkpoint giving the entry's position",
			cell: "func run() { for i := 0; i < 3; i++ { g(i) } }",
			want: "func run() {/*line _.go:1:13*/" + entryCheckpoint +
				" for i := 0; i < 3; i++ {" + checkpoint + " g(i) } }"},
		{name: "without a checkpoint, when it is the first statement, nor a directive to the entry",
			cell: "func get(xs []int, i int) int { return xs[i] }",
			want: "func get(xs []int, i int) int { /*line _.go:1:33*/return xs[i] }"},
		{name: "else a mark at the entry gives its position",
			cell: "func pick(xs []int, i int) int {\n\tj := i + 1\n\treturn xs[j]\n}",
			want: "func pick(xs []int, i int) int {/*line _.go:1:33*/" + m(0) + "/*line _.go:1:33*/\n\tj := i + 1\n\treturn xs[j]\n}"},
		{name: "two get marks, the first standing at the entry",
			cell: "func two(xs []int) int {\n\ta := xs[0]\n\treturn xs[a]\n}",
			want: "func two(xs []int) int {\n\t/*line _.go:1:25*/" + m(27) + "/*line _.go:2:2*/a := xs[0]\n\t" + m(39) + "/*line _.go:3:2*/return xs[a]\n}"},
		{name: "a call of a cell function that cannot panic needs none",
			cell: "func add(a, b int) int { return a + b }\nfunc run() int { s := 0; for i := 0; i < 3; i++ { s = add(s, i) }; return s }",
			want: "func add(a, b int) int { return a + b }\nfunc run() int {" + entryCheckpoint + " s := 0; for i := 0; i < 3; i++ {" +
				checkpoint + " s = add(s, i) }; return s }"},
		{name: "unless a local of that name may stand for another function",
			cell: "func add(a, b int) int { return a + b }\nfunc run(add func(int, int) int) int { x := add(1, 2); return x + add(3, 4) }",
			want: "func add(a, b int) int { return a + b }\nfunc run(add func(int, int) int) int {/*line _.go:2:39*/" + entryCheckpoint +
				" " + m(80) + "/*line _.go:2:40*/x := add(1, 2); " + m(96) + "/*line _.go:2:56*/return x + add(3, 4) }"},
		{name: "top-level statements that run as code get them, but not the result",
			cell: "x := 1\nxs[x] = 2\nf(x)",
			want: "x := 1\n" + m(8) + "/*line _.go:2:1*/xs[x] = 2\nf(x)"},
		{name: "a statement inside an if, and a division",
			cell: "func f(n int) int {\n\tif n > 0 {\n\t\treturn f(n-1) * 2\n\t}\n\treturn 1 / n\n}",
			want: "func f(n int) int {/*line _.go:1:20*/" + entryCheckpoint +
				"\n\tif n > 0 {\n\t\t" + m(35) + "/*line _.go:3:3*/return f(n-1) * 2\n\t}\n\t" + m(57) + "/*line _.go:5:2*/return 1 / n\n}"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := slot.ReplaceAllStringFunc(withMarks(t, tc.cell, nil), func(s string) string {
				if s[0] == 'L' {
					return "Lines[0]"
				}
				return "Mark(0,"
			})
			if got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}
