package assist_test

import (
	"fmt"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/assist"
	"github.com/gofutures/gofutures/interp/internal/decls"
)

func ExampleIsComplete() {
	for _, code := range []string{"x := 1", "func f() {", `s := "abc`} {
		status, indent := assist.IsComplete(code)
		fmt.Printf("%q %q\n", status, indent)
	}
	// Output:
	// "complete" ""
	// "incomplete" "\t"
	// "invalid" ""
}

// session is a Scope with one global, pt, of a type a cell declared, and
// the strings package.
type session struct{ d *decls.Index }

func (s session) Names() []string            { return []string{"pt"} }
func (session) Imports() map[string]string   { return map[string]string{"strings": "strings"} }
func (session) Source(string) (string, bool) { return "", false }
func (s session) Declared() *decls.Index     { return s.d }
func (session) Items(string) []decls.Item    { return nil }
func (session) Paths() []string              { return []string{"strings"} }
func (session) Name(p string) string         { return p }
func (session) Table(p string) map[string]reflect.Value {
	return map[string]reflect.Value{"Split": reflect.ValueOf(strings.Split), "SplitN": reflect.ValueOf(strings.SplitN)}
}
func (session) Value(name string) (reflect.Value, bool) {
	return reflect.ValueOf(struct{ X, Y float64 }{1, 2}), name == "pt"
}

func ExampleComplete() {
	src := "type point struct{ X, Y float64 }\nvar pt point"
	s := session{d: record(src)}
	for _, code := range []string{"p", "pt.", "strings.Spl"} {
		matches, start, end := assist.Complete(s, code, len(code))
		fmt.Println(matches, start, end)
	}
	// Output:
	// [package panic print println pt] 0 1
	// [X Y] 3 3
	// [Split SplitN] 8 11
}

// record reads src, declarations, as a cell that declared them.
func record(src string) *decls.Index {
	src = "package p\n" + src
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, 0)
	if err != nil {
		panic(err)
	}
	tf := fset.File(f.Pos())
	off := func(p token.Pos) int { return tf.Offset(p) }
	var items []decls.Item
	for _, d := range f.Decls {
		items = append(items, decls.Item{Decl: d, Src: src, Start: off(d.Pos()), End: off(d.End()), Off: off})
	}
	var d *decls.Index
	return d.Record(items)
}
