package interp

import (
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"
)

// yaegi v0.16.1 ranges over a pointer to an array without the frame slot
// it gives a range over an array or a slice to hold what is ranged over,
// so it stores the array in the slot before the loop's index: over a
// variable, that is the variable declared just before (which then holds
// the array), or index -1 when there is none ("index out of range [-1]").
// The rewrite therefore ranges over p[:] instead of p, which is the same
// loop in Go: over the pointed-to array in place, evaluated once. It does
// so when the syntax, the session's globals or the declarations of the
// cell and earlier cells show p to be a pointer to an array, and when
// compiling does: a range over a name whose type is unknown, and not
// known to be something else, is learned before its step runs (see
// evalRanges). Over a field, a call or another expression, yaegi's slot
// before the index holds that expression's own value, which it can spare;
// those are lowered only when their type is known anyway.
//
// Unlike Go, which does not dereference the pointer of a range with at
// most one variable, a range over a nil pointer to an array panics.

// rangeArrayPtr lowers the range statement f over a pointer to an array
// to a range over a slice of the array.
func (r *rewriter) rangeArrayPtr(f *ast.RangeStmt) {
	switch ast.Unparen(f.X).(type) {
	case *ast.Ident, *ast.SelectorExpr, *ast.CallExpr, *ast.IndexExpr:
		r.c.insert(r.off(f.X.End()), "[:]")
	default:
		r.c.insert(r.off(f.X.Pos()), "(")
		r.c.insert(r.off(f.X.End()), ")[:]")
	}
}

// arrayPtr reports whether x is, as far as the syntax and the session
// tell, a pointer to an array: by its form (see arrayPtrExpr), as a name
// that every declaration in the cell shows to be one or, when the cell
// declares none, as a global that holds one, or as a call of a function
// of the cell or the session that returns one.
func (r *rewriter) arrayPtr(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.Ident:
		if seen, all := r.declaredAs(x.Name, r.arrayPtrExpr); seen {
			return all
		}
		v, ok := r.global(x.Name)
		return ok && v.Kind() == reflect.Pointer && v.Type().Elem().Kind() == reflect.Array
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		if !ok {
			return r.arrayPtrExpr(x)
		}
		if ft, decl := r.cellFunc(id.Name); ft != nil {
			return decl && ft.Results.NumFields() == 1 && r.arrayPtrExpr(ft.Results.List[0].Type)
		}
		if v, ok := r.global(id.Name); ok && v.Kind() == reflect.Func && v.Type().NumOut() == 1 {
			out := v.Type().Out(0)
			return out.Kind() == reflect.Pointer && out.Elem().Kind() == reflect.Array
		}
		return r.arrayPtrExpr(x)
	}
	return r.arrayPtrExpr(x)
}

// arrayPtrExpr reports whether the type or value expression x is a
// pointer to an array by its form: *A, &A{...} or new(A), A an array type.
func (r *rewriter) arrayPtrExpr(x ast.Expr) bool {
	switch x := ast.Unparen(x).(type) {
	case *ast.StarExpr:
		return r.arrayType(x.X)
	case *ast.UnaryExpr:
		lit, ok := ast.Unparen(x.X).(*ast.CompositeLit)
		return x.Op == token.AND && ok && r.arrayType(lit.Type)
	case *ast.CallExpr:
		id, ok := x.Fun.(*ast.Ident)
		return ok && id.Name == "new" && !r.user("new") && len(x.Args) == 1 && r.arrayType(x.Args[0])
	}
	return false
}

// arrayType reports whether the type expression t is an array type, or
// names one that the cell or an earlier cell declares.
func (r *rewriter) arrayType(t ast.Expr) bool {
	switch t := ast.Unparen(t).(type) {
	case *ast.ArrayType:
		return t.Len != nil
	case *ast.Ident:
		return isArrayType(r.c, t.Name, r.source)
	}
	return false
}

// isArrayType reports whether the type name is declared, by cell c or
// else by the declaration source returns, as an array type.
func isArrayType(c *cell, name string, source func(string) (string, bool)) bool {
	found, array := false, false
	look := func(n ast.Node) bool {
		if ts, ok := n.(*ast.TypeSpec); ok && ts.Name.Name == name && !found {
			at, ok := ts.Type.(*ast.ArrayType)
			found, array = true, ok && at.Len != nil && ts.TypeParams == nil
		}
		return !found
	}
	for i := range c.items {
		if d := c.items[i].decl; d != nil {
			ast.Inspect(d, look)
		} else {
			ast.Inspect(c.items[i].stmt, look)
		}
	}
	if found {
		return array
	}
	src, ok := source(name)
	if !ok {
		return false
	}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\n"+src, 0)
	if err != nil {
		return false
	}
	ast.Inspect(f, look)
	return array
}

// learnedArrayPtr reports whether yaegi's spelling typ of a range's
// operand names a pointer to an array: *[N]T, or *main.A with A an array
// type of the cell (renamed while probing) or of an earlier cell.
func (s *Session) learnedArrayPtr(c *cell, typ string) bool {
	if strings.HasPrefix(typ, "*[") {
		return true
	}
	name, ok := strings.CutPrefix(typ, "*main.")
	return ok && isArrayType(c, strings.TrimSuffix(name, "__probe"), s.Source)
}

// mayPointToArray reports whether step st ranges over a name of unknown
// type that is not known to be no pointer: yaegi would compile the range
// wrongly if it were a pointer to an array, so its type is learned first.
func (c *cell) mayPointToArray(st step) bool {
	for _, r := range c.rangesIn(st) {
		if r.name {
			return true
		}
	}
	return false
}
