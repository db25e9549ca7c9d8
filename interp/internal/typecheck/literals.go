package typecheck

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// go/types refuses a struct literal without keys of a type of another
// package whose fields are unexported. Every cell is checked as a package
// of its own, all with path "main" (which go/types compares for field and
// method access, but not here), so a type an earlier cell declared would
// be refused in `R{3}`. unexportedFields finds those literal elements;
// the check drops go/types' error for them and checks their assignability
// itself.

// unexportedFields returns the elements of keyless literals of earlier
// cells' struct types that go to unexported fields, with the field.
func unexportedFields(file *ast.File, info *types.Info, pkg *types.Package) map[token.Pos]*types.Var {
	out := map[token.Pos]*types.Var{}
	ast.Inspect(file, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok || len(cl.Elts) == 0 {
			return true
		}
		if _, keyed := cl.Elts[0].(*ast.KeyValueExpr); keyed {
			return true
		}
		t := info.Types[cl].Type
		if p, ok := t.(*types.Pointer); ok { // &T{...} elided in a literal
			t = p.Elem()
		}
		named, ok := t.(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg() == pkg || named.Obj().Pkg().Path() != pkg.Path() {
			return true
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			return true
		}
		for i, e := range cl.Elts {
			if i < st.NumFields() && !st.Field(i).Exported() {
				out[e.Pos()] = st.Field(i)
			}
		}
		return true
	})
	return out
}

// fixUnexported drops go/types' errors about the elements fields lists and
// reports those whose value cannot be assigned to their field.
func fixUnexported(errs []Error, fields map[token.Pos]*types.Var, info *types.Info, file *ast.File) []Error {
	if len(fields) == 0 {
		return errs
	}
	out := errs[:0]
	for _, e := range errs {
		if fields[e.Pos] != nil && strings.HasPrefix(e.Msg, "implicit assignment to unexported field ") {
			continue
		}
		out = append(out, e)
	}
	ast.Inspect(file, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok || fields[x.Pos()] == nil {
			return true
		}
		if _, isLit := x.(*ast.CompositeLit); isLit && info.Types[x].Type == nil {
			return true
		}
		tv, ok := info.Types[x]
		if !ok {
			return true
		}
		f := fields[x.Pos()]
		delete(fields, x.Pos()) // the outermost expression at the position
		if tv.Type != nil && tv.Type != types.Typ[types.Invalid] && !types.AssignableTo(tv.Type, f.Type()) {
			out = append(out, Error{Pos: x.Pos(), Msg: fmt.Sprintf("cannot use %s (value of type %s) as %s value in struct literal",
				types.ExprString(x), dequalify(tv.Type.String()), dequalify(f.Type().String()))})
		}
		return false
	})
	return out
}
