package interp

import "go/ast"

// Type parameters. yaegi v0.16.1 leaves the type parameters of a generic
// function declared in the package scope: after func first[T any], a cell
// declaring type T string, and then using T, fails inside yaegi with a nil
// pointer dereference. The rewrite gives the type parameters of generic
// functions names of their own, __tp_T for T, which no cell declares;
// compile errors name them as written.

// typeParams renames the type parameters of fd, a generic function,
// throughout its declaration: selectors, composite literal keys and field
// names keep their names.
func (r *rewriter) typeParams(fd *ast.FuncDecl) {
	names := map[string]bool{}
	for _, f := range fd.Type.TypeParams.List {
		for _, id := range f.Names {
			names[id.Name] = true
		}
	}
	keep := map[*ast.Ident]bool{}
	ast.Inspect(fd, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			keep[n.Sel] = true
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				keep[id] = true
			}
		case *ast.Field:
			if !isTypeParamField(fd, n) {
				for _, id := range n.Names {
					keep[id] = true
				}
			}
		case *ast.Ident:
			if n != fd.Name && names[n.Name] && !keep[n] && !r.keep[n] && !r.c.probe[n.Name] {
				r.c.replace(r.off(n.Pos()), r.off(n.End()), "__tp_"+n.Name+r.c.at(r.off(n.End())))
			}
		}
		return true
	})
}

// isTypeParamField reports whether f declares type parameters of fd.
func isTypeParamField(fd *ast.FuncDecl, f *ast.Field) bool {
	for _, x := range fd.Type.TypeParams.List {
		if x == f {
			return true
		}
	}
	return false
}
