package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// Deferred closures. yaegi v0.16.1 runs a function's deferred calls while
// holding the lock of the function's frame, and calling a closure locks
// the frame that made it: a closure a function makes and then defers, or
// calls from a deferred call, deadlocks (traefik/yaegi#1697):
//
//	d := func() { … }
//	defer d()
//
// And `defer func() { … }()` makes its closure only when the deferred
// calls run, so in a loop every one sees the loop's last variables, where
// Go 1.22 gives each iteration its own. So the rewrite makes such closures
// in a frame of their own, which nobody holds:
//
//	d := func() func() { return func() { … } }()
//	{ __d1 := func() func() { return func() { … } }(); defer __d1() }
//
// the first for every func literal assigned to a name that a defer
// statement of the same function uses, the second for a deferred literal
// inside a loop. yaegi also keeps the arguments of a deferred call of an
// interpreted function in the caller's slots, which a later iteration, or
// a later assignment, overwrites: such a call with arguments binds them
// as parameters of a function of its own, whose types it takes from the
// literal's or the top-level function's declaration:
//
//	{ __d2 := func(__p0 int) func() { return func() { show(__p0) } }(i * 10); defer __d2() }
//
// A deferred literal that calls recover is left alone: yaegi recovers
// only in a literal deferred as such. A deferred call of a closure held in
// a variable, with arguments, is left alone too: its parameters' types are
// not written where the call is.

// deferStmt rewrites d and the closures it uses (see above).
func (r *rewriter) deferStmt(d *ast.DeferStmt) {
	if r.c.probe != nil {
		return // the copies learnRanges compiles do not run
	}
	names := map[string]bool{}
	ast.Inspect(d.Call, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok {
			names[id.Name] = true
		}
		return true
	})
	if _, body := r.enclosing(); body != nil {
		r.ownFrames(body, names)
	}
	call := d.Call
	var params []string
	variadic := false
	switch fun := call.Fun.(type) {
	case *ast.FuncLit:
		if callsRecover(fun.Body) {
			return
		}
		if len(call.Args) == 0 {
			if r.inLoop() {
				typ := r.c.src[r.off(fun.Type.Pos()):r.off(fun.Type.End())]
				r.bindDeferred(d, fun, "func() "+typ+" { return ", " }()", true)
			}
			return
		}
		params, variadic = decls.ParamTypes(r.c.src, r.off, fun.Type.Params)
	case *ast.Ident:
		if len(call.Args) == 0 || r.locals[fun.Name] {
			return
		}
		var ok bool
		if params, variadic, ok = r.userParams(fun.Name); !ok {
			return
		}
	default:
		return
	}
	if len(params) == 0 {
		return
	}
	args := make([]string, len(params))
	for i := range params {
		args[i] = fmt.Sprintf("__p%d", i)
		params[i] = args[i] + " " + params[i]
	}
	if variadic {
		args[len(args)-1] += "..."
	}
	r.bindDeferred(d, call.Fun,
		"func("+strings.Join(params, ", ")+") func() { return func() { ",
		"("+strings.Join(args, ", ")+") } }", false)
}

// bindDeferred rewrites defer statement d, whose callee is fun, to
//
//	{ __dN := <head><fun><tail><the call's arguments>; defer __dN() }
//
// which evaluates, in a frame of its own, what the deferred call needs;
// without the call's (empty) arguments when noArgs.
func (r *rewriter) bindDeferred(d *ast.DeferStmt, fun ast.Expr, head, tail string, noArgs bool) {
	r.tmp++
	name := fmt.Sprintf("__d%d", r.tmp)
	r.c.replace(r.off(d.Pos()), r.off(fun.Pos()), fmt.Sprintf("{ %s := %s%s", name, head, r.c.at(r.off(fun.Pos()))))
	if noArgs {
		r.c.replace(r.off(fun.End()), r.off(d.Call.End()), tail)
	} else {
		r.c.insert(r.off(fun.End()), tail+r.c.at(r.off(fun.End())))
	}
	r.c.insert(r.off(d.End()), fmt.Sprintf("; defer %s() }", name))
}

// userParams returns the parameter types, as written, of the top-level
// non-generic function name that this cell or an earlier one declares,
// and whether its last parameter is variadic.
func (r *rewriter) userParams(name string) (types []string, variadic, ok bool) {
	for i := range r.c.items {
		it := &r.c.items[i]
		if fd, isFunc := it.decl.(*ast.FuncDecl); isFunc && fd.Recv == nil && fd.Name.Name == name {
			if fd.Type.TypeParams != nil {
				return nil, false, false
			}
			types, variadic = decls.ParamTypes(r.c.src, it.off, fd.Type.Params)
			return types, variadic, true
		}
	}
	if v, found := r.global(name); !found || v.Kind() != reflect.Func || r.source == nil {
		return nil, false, false
	}
	src, found := r.source(name)
	if !found {
		return nil, false, false
	}
	const head = "package p\n"
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", head+src, parser.SkipObjectResolution)
	if err != nil || len(f.Decls) != 1 {
		return nil, false, false
	}
	fd, isFunc := f.Decls[0].(*ast.FuncDecl)
	if !isFunc || fd.Recv != nil || fd.Name.Name != name || fd.Type.TypeParams != nil {
		return nil, false, false
	}
	off := func(p token.Pos) int { return fset.Position(p).Offset - len(head) }
	types, variadic = decls.ParamTypes(src, off, fd.Type.Params)
	return types, variadic, true
}

// ownFrames makes the func literals that body assigns to one of names in
// a frame of their own.
func (r *rewriter) ownFrames(body ast.Node, names map[string]bool) {
	wrap := func(x ast.Expr) {
		if lit, ok := x.(*ast.FuncLit); ok {
			r.inOwnFrame(lit)
		}
	}
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if len(n.Lhs) != len(n.Rhs) {
				return true
			}
			for i, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && names[id.Name] {
					wrap(n.Rhs[i])
				}
			}
		case *ast.ValueSpec:
			if len(n.Names) != len(n.Values) {
				return true
			}
			for i, id := range n.Names {
				if names[id.Name] {
					wrap(n.Values[i])
				}
			}
		}
		return true
	})
}

// inOwnFrame makes func literal lit in a frame of its own:
// `func() T { return <lit> }()`, where T is lit's type.
func (r *rewriter) inOwnFrame(lit *ast.FuncLit) {
	if r.ownFrame[lit] {
		return
	}
	r.ownFrame[lit] = true
	typ := r.c.src[r.off(lit.Type.Pos()):r.off(lit.Type.End())]
	r.c.insert(r.off(lit.Pos()), fmt.Sprintf("func() %s { return %s", typ, r.c.at(r.off(lit.Pos()))))
	r.c.insert(r.off(lit.End()), " }()")
}

// inLoop reports whether the visited node is in a loop body of its
// function.
func (r *rewriter) inLoop() bool {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt, *ast.RangeStmt:
			return true
		}
	}
	return false
}

// callsRecover reports whether body calls recover outside nested function
// literals.
func callsRecover(body *ast.BlockStmt) bool {
	return anyCall(body, func(c *ast.CallExpr) bool { return builtinName(c) == "recover" })
}
