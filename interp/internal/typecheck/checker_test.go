package typecheck

import (
	"fmt"
	"go/ast"
	"go/parser"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/interp/exports"
)

// parts parses each part of a cell as one item: a declaration when it
// starts with a declaration keyword, else a statement.
func parts(t testing.TB, c *Checker, ps ...string) Cell {
	t.Helper()
	var cell Cell
	src := map[ast.Node]string{}
	for _, p := range ps {
		decl := false
		for _, kw := range []string{"import ", "import(", "type ", "var ", "const ", "func ", "func("} {
			if strings.HasPrefix(p, kw) {
				decl = kw != "func("
			}
		}
		if strings.HasPrefix(p, "func (") && strings.Contains(p, ") ") && !strings.HasPrefix(p, "func ()") {
			decl = true
		}
		if decl {
			f, err := parser.ParseFile(c.FileSet(), "cell", "package main\n"+p, parser.SkipObjectResolution)
			if err != nil {
				t.Fatalf("%s: %v", p, err)
			}
			for _, d := range f.Decls {
				cell.Items = append(cell.Items, Item{Decl: d})
				if gd, ok := d.(*ast.GenDecl); ok {
					for _, sp := range gd.Specs {
						src[sp] = p
					}
				}
			}
			continue
		}
		f, err := parser.ParseFile(c.FileSet(), "cell", "package main\nfunc _() {\n"+p+"\n}", parser.SkipObjectResolution)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, s := range f.Decls[0].(*ast.FuncDecl).Body.List {
			cell.Items = append(cell.Items, Item{Stmt: s})
		}
	}
	cell.Source = func(n ast.Node) string { return src[n] }
	return cell
}

// run checks the cells in order, committing each that checks, and returns
// the errors of each, one line per error.
func run(t testing.TB, cells ...[]string) []string {
	t.Helper()
	c := New(exports.ExportData)
	var out []string
	for _, ps := range cells {
		r := c.Check(parts(t, c, ps...))
		var msgs []string
		for _, e := range r.Errors {
			msgs = append(msgs, e.Msg)
		}
		out = append(out, strings.Join(msgs, "; "))
		if len(r.Errors) == 0 {
			r.Commit()
		}
	}
	return out
}

func TestCheck(t *testing.T) {
	for _, tc := range []struct {
		name  string
		cells [][]string
		want  []string
	}{
		{"a variable of the wrong type is rejected",
			[][]string{{"n := 5"}, {"var s string = n"}},
			[]string{"", "cannot use n (variable of type int) as string value in variable declaration"}},
		{"a call with two results cannot define one name",
			[][]string{{`import "strconv"`}, {`one := strconv.Atoi("7")`}},
			[]string{"", "assignment mismatch: 1 variable but strconv.Atoi returns 2 values"}},
		{"an earlier cell's slice element has its type",
			[][]string{{`import "strings"`, `ss := strings.Split("a,b", ",")`}, {"t := ss[0]", "var u string = t", "_ = u"}},
			[]string{"", ""}},
		{"err may be defined twice at the top level",
			[][]string{{`import "strconv"`, `a, err := strconv.Atoi("1")`, `b, err := strconv.ParseBool("x")`, "_, _ = a, b"}},
			[]string{""}},
		{"a name defined again may change its type",
			[][]string{{"x := 1", `x := "s"`, "var y string = x", "_ = y"}, {`x := 2.5`, "var z float64 = x", "_ = z"}},
			[]string{"", ""}},
		{"a function may use a global the same cell defines",
			[][]string{{"total := 0", "func add(n int) { total += n }", "add(2)"}, {"add(total)"}},
			[]string{"", ""}},
		{"a function declared again replaces the earlier one",
			[][]string{{"func f() int { return 1 }"}, {`func f() string { return "" }`, "var s string = f()", "_ = s"}},
			[]string{"", ""}},
		{"a type declared again with the same text stays the same type",
			[][]string{{"type T struct{ a int }", "func use(t T) int { return t.a }"}, {"type T struct{ a int }", "func (t T) M() int { return use(t) }", "T{}.M()"}},
			[]string{"", ""}},
		{"a method added to an earlier type",
			[][]string{{"type T struct{ a int }"}, {"func (t *T) Inc() { t.a++ }", "var t T", "t.Inc()"}, {"var u T", "u.Inc()"}},
			[]string{"", "", ""}},
		{"imports carry over and may be repeated",
			[][]string{{`import "fmt"`}, {`import "fmt"`, `import "fmt"`, `fmt.Println("x")`}, {`fmt.Println(1)`}},
			[]string{"", "", ""}},
		{"all errors are reported",
			[][]string{{"var a int = \"x\"", "var b string = 1", "undefinedName()"}},
			[]string{`cannot use "x" (untyped string constant) as int value in variable declaration; cannot use 1 (untyped int constant) as string value in variable declaration; undefined: undefinedName`}},
		{"a failed cell declares nothing",
			[][]string{{"c2 := 1", "c2.Bogus()"}, {"c2"}},
			[]string{"c2.Bogus undefined (type int has no field or method Bogus)", "undefined: c2"}},
		{"types of earlier cells print unqualified",
			[][]string{{"type P struct{}"}, {"var p P", "var n int = p", "_ = n"}},
			[]string{"", "cannot use p (variable of struct type P) as int value in variable declaration"}},
		{"nil for two variables",
			[][]string{{"var a, b error", "a, b = nil, nil"}},
			[]string{""}},
		{"generic stdlib",
			[][]string{{`import "slices"`, `import "maps"`, "m := map[string]int{\"a\": 1}", "ks := slices.Sorted(maps.Keys(m))", "var s []string = ks", "_ = s", "slices.Max([]int{1})"}},
			[]string{""}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := run(t, tc.cells...)
			if fmt.Sprint(got) != fmt.Sprint(tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestLiteralsOfEarlierTypes(t *testing.T) {
	got := run(t, []string{"type R struct{ w int; s string }"}, []string{`r := R{3, "a"}`, "_ = r"}, []string{`r := R{"a", 3}`})
	want := []string{"", "", `cannot use "a" (untyped string constant) as int value in struct literal; cannot use 3 (untyped int constant) as string value in struct literal`}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

// An unkeyed literal of an earlier cell's type is checked as go build
// checks one of the package's own type: the messages are go build's, for
// the program that declares R and has these literals in main.
func TestLiteralsOfEarlierTypesAsGoBuild(t *testing.T) {
	for _, tc := range []struct{ lit, want string }{
		{"R{300, 1, \"\", 1}", "cannot use 300 (untyped int constant) as uint8 value in struct literal (overflows)"},
		{"R{1, 1.5, \"\", 1}", "cannot use 1.5 (untyped float constant) as int value in struct literal (truncated)"},
		{"R{1, 1, \"\", 1e100}", "cannot use 1e100 (untyped float constant 1e+100) as float32 value in struct literal (overflows)"},
		{"R{1, 2, 3, 4}", "cannot use 3 (untyped int constant) as string value in struct literal"},
		{"R{1, 2, \"c\", f}", "cannot use f (variable of type float64) as float32 value in struct literal"},
		{"R{1, 2, \"c\", p}", "cannot use p (variable of struct type P) as float32 value in struct literal"},
		{"R{255, -1 << 63, \"c\", 1e38}", ""},
		{"R{1, 2, \"c\", 1 << 2}", ""},
	} {
		got := run(t, []string{"type R struct{ a uint8; b int; c string; d float32 }", "type P struct{}"},
			[]string{"var f float64 = 2", "var p P", "_, _ = f, p", "_ = " + tc.lit})
		if got[1] != tc.want {
			t.Errorf("%s: got %q, want %q", tc.lit, got[1], tc.want)
		}
	}
}

// A method a cell adds to an earlier cell's type is gone when the cell
// fails to check, or is checked and never committed (it failed to
// compile), and stays when it is committed.
func TestFailedCellsAddNoMethods(t *testing.T) {
	got := run(t,
		[]string{"type T struct{ a int }"},
		[]string{"func (t T) M() int { return 7 }", "var x int = \"s\"", "_ = x"},
		[]string{"_ = T{}.M()"},
		[]string{"func (t T) M() string { return \"s\" }", "var s string = T{}.M()", "_ = s"},
		[]string{"var s string = T{}.M()", "_ = s"})
	want := []string{"", `cannot use "s" (untyped string constant) as int value in variable declaration`,
		"T{}.M undefined (type T has no field or method M)", "", ""}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}

	c := New(exports.ExportData)
	c.Check(parts(t, c, "type U struct{}")).Commit()
	if r := c.Check(parts(t, c, "func (u U) N() int { return 1 }", "_ = U{}.N()")); len(r.Errors) != 0 {
		t.Fatalf("checking the method: %v", r.Errors)
	}
	// Not committed, as a cell that failed to compile: the next check
	// does not see N.
	if r := c.Check(parts(t, c, "_ = U{}.N()")); len(r.Errors) != 1 || r.Errors[0].Msg != "U{}.N undefined (type U has no field or method N)" {
		t.Errorf("after an uncommitted check: %v, want N undefined", r.Errors)
	}
	r := c.Check(parts(t, c, "func (u U) N() int { return 1 }"))
	r.Commit()
	if r := c.Check(parts(t, c, "_ = U{}.N()")); len(r.Errors) != 0 {
		t.Errorf("after a committed check: %v, want N", r.Errors)
	}
}
