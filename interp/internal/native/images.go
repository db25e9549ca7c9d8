package native

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"
)

// A type without a name (map[string][]P, []*P, chan [2]P) exists once per
// process only if the runtime finds it: a plugin's are matched with those
// of the modules loaded before it, but a type reflect made, as the
// interpreter makes the types of its values, is not among them. So a
// value the interpreter made of map[string][]P, before a compiled cell
// that uses map[string][]P was loaded, is of another type than the
// compiled cell's: the same text and shape, convertible, but a type
// assertion in compiled code fails on it. A compiled cell lists the types
// without names its type assertions and type switches name (its
// "images" table), so that the session can convert a value it passes as
// an interface to the type the cell asserts (interp/native_images.go).

// imagesName is the name of the table in the plugin's exports.
const imagesName = "X_gofutures__images"

// imageTypes returns the source of the types without names that the
// cell's type assertions and type switch cases name, when they can be
// written at the package level (they name no type or constant declared
// inside a function, and are not in a generic function).
func imageTypes(fset *token.FileSet, f *ast.File, text string) []string {
	src := func(n ast.Node) string {
		return text[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]
	}
	seen := map[string]bool{}
	var out []string
	add := func(e ast.Expr) {
		switch ast.Unparen(e).(type) {
		case *ast.ArrayType, *ast.MapType, *ast.ChanType, *ast.StarExpr, *ast.FuncType:
		default:
			return
		}
		ok := true
		ast.Inspect(e, func(n ast.Node) bool {
			if id, isID := n.(*ast.Ident); isID && id.Obj != nil && f.Scope.Lookup(id.Name) != id.Obj {
				ok = false // declared inside a function
			}
			return ok
		})
		if s := src(e); ok && !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, d := range f.Decls {
		fd, isFunc := d.(*ast.FuncDecl)
		if !isFunc || fd.Body == nil || fd.Type.TypeParams != nil || (fd.Recv != nil && genericRecv(fd.Recv)) {
			continue
		}
		ast.Inspect(fd.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeAssertExpr:
				if n.Type != nil {
					add(n.Type)
				}
			case *ast.TypeSwitchStmt:
				for _, c := range n.Body.List {
					for _, e := range c.(*ast.CaseClause).List {
						add(e)
					}
				}
			}
			return true
		})
	}
	return out
}

// genericRecv reports whether a method's receiver is of a generic type.
func genericRecv(recv *ast.FieldList) bool {
	for _, f := range recv.List {
		t := f.Type
		if s, ok := t.(*ast.StarExpr); ok {
			t = s.X
		}
		switch t.(type) {
		case *ast.IndexExpr, *ast.IndexListExpr:
			return true
		}
	}
	return false
}

// imagesDecl declares the table of the types ts as the plugin exports it.
func imagesDecl(ts []string) string {
	var b strings.Builder
	b.WriteString("var " + imagesName + " = []any{")
	for _, t := range ts {
		b.WriteString("(*" + t + ")(nil), ")
	}
	b.WriteString("}\n")
	return b.String()
}

// takeImages removes the images table from the plugin's table of package
// pkg and returns its types. The table may be shared with other sessions
// of the process: it is copied, not changed.
func takeImages(syms Symbols, pkg string) (Symbols, []reflect.Type) {
	tab := syms[pkg]
	v, ok := tab[imagesName]
	if !ok {
		return syms, nil
	}
	var ts []reflect.Type
	if list, ok := v.Interface().([]any); ok {
		for _, p := range list {
			ts = append(ts, reflect.TypeOf(p).Elem())
		}
	}
	own := make(map[string]reflect.Value, len(tab))
	for k, v := range tab {
		if k != imagesName {
			own[k] = v
		}
	}
	out := make(Symbols, len(syms))
	for k, v := range syms {
		out[k] = v
	}
	out[pkg] = own
	return out, ts
}
