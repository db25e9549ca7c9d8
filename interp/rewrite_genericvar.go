package interp

import (
	"go/ast"
	"go/token"
	"go/types"
)

// Variables declared with the value of a generic call, inside functions.
//
// yaegi v0.16.1 gives a variable that a function declares with var and
// the result of a call of a generic function its zero value instead
// (`var c int = id(3)` and `var c = id(3)` leave c 0), while it assigns
// such a result right. The rewrite, reading the calls' instances from
// go/types, declares and assigns apart:
//
//	var c T = id(3)  ->  var c T; c = id(3)
//	var c = id(3)    ->  c := id(3)
//
// which declare the same variables in the same scope.

// genericVar rewrites d, a var declaration inside a function, when one of
// its values calls a generic function.
func (r *rewriter) genericVar(d *ast.DeclStmt) {
	gd, ok := d.Decl.(*ast.GenDecl)
	if !ok || gd.Tok != token.VAR || gd.Lparen.IsValid() || len(gd.Specs) != 1 || r.c.checked == nil || r.c.checked.Info == nil {
		return
	}
	vs := gd.Specs[0].(*ast.ValueSpec)
	if len(vs.Values) == 0 || !r.callsGeneric(vs) {
		return
	}
	if vs.Type == nil {
		r.c.replace(r.off(gd.TokPos), r.off(vs.Names[0].Pos()), "")
		r.c.replace(r.off(vs.Names[len(vs.Names)-1].End()), r.off(vs.Values[0].Pos()), " := ")
		return
	}
	names := r.c.src[r.off(vs.Names[0].Pos()):r.off(vs.Names[len(vs.Names)-1].End())]
	r.c.replace(r.off(vs.Type.End()), r.off(vs.Values[0].Pos()), "; "+names+" = ")
}

// callsGeneric reports whether a value of vs calls an instance of a
// generic function.
func (r *rewriter) callsGeneric(vs *ast.ValueSpec) bool {
	found := false
	for _, v := range vs.Values {
		ast.Inspect(v, func(n ast.Node) bool {
			if found {
				return false
			}
			if _, lit := n.(*ast.FuncLit); lit {
				return false // its own statements are rewritten on their own
			}
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			fun := ast.Unparen(call.Fun)
			if ix, ok := fun.(*ast.IndexExpr); ok {
				fun = ix.X
			} else if ix, ok := fun.(*ast.IndexListExpr); ok {
				fun = ix.X
			}
			var id *ast.Ident
			switch f := fun.(type) {
			case *ast.Ident:
				id = f
			case *ast.SelectorExpr:
				id = f.Sel
			}
			if id != nil {
				if _, ok := r.c.checked.Info.Instances[id]; ok {
					if _, isFunc := r.c.checked.Info.Uses[id].(*types.Func); isFunc {
						found = true
					}
				}
			}
			return !found
		})
	}
	return found
}
