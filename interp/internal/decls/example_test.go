package decls_test

import (
	"fmt"
	"go/parser"
	"go/token"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// A cell declares a type with a method; the records then know its
// members, what a method returns and the type of a global made from it.
func ExampleIndex_Record() {
	src := "package p\ntype rect struct{ W, H float64 }\n// Area is W times H.\nfunc (r rect) Area() float64 { return r.W * r.H }\nvar r = rect{2, 3}\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", src, parser.ParseComments)
	if err != nil {
		panic(err)
	}
	file := fset.File(f.Pos())
	var items []decls.Item
	for _, d := range f.Decls {
		start := file.Offset(d.Pos())
		items = append(items, decls.Item{Decl: d, Src: src, Start: start, End: file.Offset(d.End()),
			Off: func(p token.Pos) int { return file.Offset(p) }})
	}
	var d *decls.Index // no records yet
	d = d.Record(items)
	fmt.Println(d.Members("rect", false))
	m, _, _ := d.Member("rect", "Area")
	fmt.Println(m.Sig, m.Results, m.Doc)
	fmt.Println(d.Var("r"))
	// Output:
	// [Area W H]
	// func (r rect) Area() float64 [float64] Area is W times H.
	// rect true
}
