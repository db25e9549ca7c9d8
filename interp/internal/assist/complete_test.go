package assist

import (
	"go/parser"
	"go/token"
	"path"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/interp/exports"
	"github.com/gofutures/gofutures/interp/internal/decls"
)

// fakeScope is a scope over fixed values, for tests that need no session.
type fakeScope struct {
	values  map[string]any
	sources map[string]string
	imports map[string]string
	decls   *decls.Index
}

func (f fakeScope) Declared() *decls.Index { return f.decls }

// Items reads code as a Go file's declarations, enough for these tests.
func (f fakeScope) Items(code string) []decls.Item {
	d, err := declare(nil, code)
	if err != nil {
		return nil
	}
	return d.items
}

// declared is what declare read: the records and the items.
type declared struct {
	*decls.Index
	items []decls.Item
}

// declare records code, Go declarations without a package clause, after d.
func declare(d *decls.Index, code string) (declared, error) {
	src := "package p\n" + code
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		return declared{}, err
	}
	tf := fset.File(file.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }
	var items []decls.Item
	for _, dc := range file.Decls {
		items = append(items, decls.Item{Decl: dc, Src: src, Start: off(dc.Pos()), End: off(dc.End()), Off: off})
	}
	return declared{d.Record(items), items}, nil
}

// Paths, Name and Table read the interpreter's symbol tables.
func (fakeScope) Paths() []string {
	var out []string
	for p := range tables() {
		out = append(out, p)
	}
	slices.Sort(out)
	return out
}

func (fakeScope) Name(p string) string { return path.Base(p) }

func (fakeScope) Table(p string) map[string]reflect.Value { return tables()[p] }

// tables maps import paths to the symbol tables yaegi and the project bundle.
func tables() map[string]map[string]reflect.Value {
	out := map[string]map[string]reflect.Value{}
	for _, m := range []map[string]map[string]reflect.Value{stdlib.Symbols, exports.Symbols} {
		for key, t := range m {
			out[path.Dir(key)] = t
		}
	}
	return out
}

func (f fakeScope) Names() []string {
	var out []string
	for n := range f.values {
		out = append(out, n)
	}
	slices.Sort(out)
	return out
}

func (f fakeScope) Imports() map[string]string {
	out := map[string]string{}
	for k, v := range f.imports {
		out[k] = v
	}
	return out
}

func (f fakeScope) Value(name string) (reflect.Value, bool) {
	v, ok := f.values[name]
	if !ok {
		return reflect.Value{}, false
	}
	// Globals are addressable, as in yaegi.
	p := reflect.New(reflect.TypeOf(&v).Elem())
	p.Elem().Set(reflect.ValueOf(v))
	if v != nil {
		q := reflect.New(reflect.TypeOf(v))
		q.Elem().Set(reflect.ValueOf(v))
		return q.Elem(), true
	}
	return p.Elem(), true
}

func (f fakeScope) Source(name string) (string, bool) {
	s, ok := f.sources[name]
	return s, ok
}

// point stands for an interpreted struct type: yaegi exports the
// unexported field "label" as "Xlabel" in an unnamed struct type.
type point = struct {
	X, Y   float64
	Xlabel string
}

var testScope = fakeScope{
	values: map[string]any{
		"counter": 3,
		"builder": &strings.Builder{},
		"pt":      point{X: 1, Y: 2, Xlabel: "a"},
		"elapsed": time.Second,
		"όνομα":   "name",
		"err":     error(nil),
	},
	sources: map[string]string{"counter": "counter := 3"},
	imports: map[string]string{"strings": "strings", "fl": "gonum.org/v1/gonum/floats"},
}

func TestComplete(t *testing.T) {
	tests := []struct {
		name      string
		code      string // the cursor is at "|"
		want      []string
		wantStart int // in code points; -1 means "at the start of the word before |"
		exact     bool
	}{
		{name: "a session variable completes from its prefix", code: "coun|", want: []string{"counter"}, exact: true},
		{name: "package members complete after the dot", code: "strings.Spl|", want: []string{"Split", "SplitAfter", "SplitAfterN", "SplitN"}, exact: true},
		{name: "an aliased import completes", code: "fl.Su|", want: []string{"Sub", "SubTo", "Sum", "SumCompensated"}, exact: true},
		{name: "an import in the same cell completes", code: "import \"math\"\nx := math.Sq|", want: []string{"Sqrt", "Sqrt2", "SqrtE", "SqrtPhi", "SqrtPi"}, exact: true},
		{name: "a package never imported completes by its name", code: "sort.Ints|", want: []string{"Ints", "IntsAreSorted"}, exact: true},
		{name: "methods of a compiled value complete", code: "builder.Wr|", want: []string{"Write", "WriteByte", "WriteRune", "WriteString"}, exact: true},
		{name: "methods of a named non-struct value complete", code: "elapsed.Sec|", want: []string{"Seconds"}, exact: true},
		{name: "fields of an interpreted struct complete with their own names", code: "pt.|", want: []string{"X", "Y", "label"}, exact: true},
		{name: "a method's result completes further", code: "builder.String().|", want: nil, exact: true},
		{name: "a function's result completes further", code: `strings.NewReader("a").Read|`, want: []string{"Read", "ReadAt", "ReadByte", "ReadRune"}, exact: true},
		{name: "a chained call completes further", code: "elapsed.Round(time.Second).Sec|", want: []string{"Seconds"}, exact: true},
		{name: "nothing completes inside a comment", code: "// coun|", want: nil, exact: true},
		{name: "names complete after a closed string", code: `s := "a"; coun|`, want: []string{"counter"}, exact: true},
		{name: "a typed constant's methods complete", code: "time.Second.Mill|", want: []string{"Milliseconds"}, exact: true},
		{name: "a package variable's methods complete", code: "os.Stdout.Wri|", want: []string{"Write", "WriteAt", "WriteString", "WriteTo"}, exact: true},
		{name: "keywords complete", code: "fun|", want: []string{"func"}, exact: true},
		{name: "builtins complete", code: "app|", want: []string{"append"}, exact: true},
		{name: "identifiers of the cell complete", code: "total := 1\ntot|", want: []string{"total"}, exact: true},
		{name: "gonum packages complete inside an import", code: `import "gonum.org/v1/gonum/fl|`, want: []string{"gonum.org/v1/gonum/floats"}, wantStart: 8, exact: true},
		{name: "import paths complete in an import group", code: "import (\n\t\"strc|", want: []string{"strconv"}, wantStart: 11, exact: true},
		{name: "a string that is not an import completes nothing", code: `s := "stri|`, want: nil, exact: true},
		{name: "names after multi-byte text keep code point positions", code: "s := \"é世\"; coun|", want: []string{"counter"}, exact: true},
		{name: "names after an emoji outside the BMP keep code point positions", code: "s := \"😀\"; coun|", want: []string{"counter"}, exact: true},
		{name: "a multi-byte identifier completes", code: "όν|", want: []string{"όνομα"}, exact: true},
		{name: "a case-insensitive match is offered when nothing else matches", code: "strings.tolow|", want: []string{"ToLower", "ToLowerSpecial"}, exact: true},
		{name: "an unknown value completes nothing", code: "nosuch.|", want: nil, exact: true},
		{name: "the start of the cell offers names", code: "|", want: []string{"counter", "strings", "func", "len"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := splitCursor(tt.code)
			got, start, end := Complete(testScope, code, cursor)
			if tt.exact && !slices.Equal(got, tt.want) {
				t.Errorf("complete(%q) = %q, want %q", tt.code, got, tt.want)
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("complete(%q) = %q, lacks %q", tt.code, got, w)
				}
			}
			if end != cursor {
				t.Errorf("complete(%q) end = %d, want the cursor %d", tt.code, end, cursor)
			}
			wantStart := tt.wantStart
			if wantStart == 0 {
				b := ByteOffset(code, cursor)
				wantStart = utf8.RuneCountInString(code[:wordStart(code, b)])
			}
			if start != wantStart {
				t.Errorf("complete(%q) start = %d, want %d", tt.code, start, wantStart)
			}
		})
	}
}

// splitCursor removes the "|" from code and returns its position in code
// points.
func splitCursor(marked string) (string, int) {
	i := strings.Index(marked, "|")
	return marked[:i] + marked[i+1:], utf8.RuneCountInString(marked[:i])
}

func TestCompleteClampsTheCursor(t *testing.T) {
	tests := []struct {
		name       string
		cursor     int
		start, end int
	}{
		{"a cursor past the end stops at the end", 99, 0, 4},
		{"a negative cursor stops at the start", -3, 0, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, start, end := Complete(testScope, "coun", tt.cursor)
			if start != tt.start || end != tt.end {
				t.Errorf("complete(%q, %d) = _, %d, %d; want %d, %d", "coun", tt.cursor, start, end, tt.start, tt.end)
			}
		})
	}
}

// FuzzHelp throws arbitrary cells and cursors at complete and inspect:
// they never panic, and completion's range stays inside the cell.
func FuzzHelp(f *testing.F) {
	for _, s := range []string{"strings.Spl", "pt.", "import \"gon", "x.f(a).", "s := \"é世\"; coun", "len(", "((", ").",
		"func (p *point) Nor", "func (p point[T]) Norm() {", "point.", "pt.Scale(2).Norm()."} {
		f.Add(s, len(s))
	}
	// A scope whose point type has methods, as a cell would declare them.
	withMethods := testScope
	d, err := declare(nil, "type point struct{ X, Y float64; label string }\n// Norm is the length.\nfunc (p point) Norm() float64 { return 0 }\nfunc (p *point) Scale(f float64) *point { return p }\nvar pt = point{}")
	if err != nil {
		f.Fatal(err)
	}
	withMethods.decls = d.Index
	f.Fuzz(func(t *testing.T, code string, cursor int) {
		for _, sc := range []fakeScope{testScope, withMethods} {
			matches, start, end := Complete(sc, code, cursor)
			n := utf8.RuneCountInString(code)
			if start < 0 || start > end || end > n {
				t.Errorf("complete(%q, %d) range = %d, %d for %d code points", code, cursor, start, end, n)
			}
			if !slices.IsSorted(matches) || len(slices.Compact(slices.Clone(matches))) != len(matches) {
				t.Errorf("complete(%q, %d) = %q, want sorted distinct matches", code, cursor, matches)
			}
			Inspect(sc, code, cursor, 0)
		}
		IsComplete(code)
	})
}
