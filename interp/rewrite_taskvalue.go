package interp

import (
	"go/ast"
	"go/types"
)

// Task calls through a function value: `sub := client.Submit; sub(inc, 1)`,
// a variable of type func(any, ...any) *futures.Future holding Submit,
// `m := client.Map`, `d := futures.Delay`.
//
// yaegi v0.16.1 keeps an interpreted function converted to an interface
// (an argument of type any) as its own node, which compiled code cannot
// call: handed on to Submit, the task failed with "not a function:
// *interp.node", and an argument holding such a node sent the runtime's
// search for futures through the interpreter's graph. A direct call of
// Submit is a call of compiled code, where yaegi wraps an argument of
// func type in a callable Go function; a call through a value is not,
// since the method value is a func literal of the cell's
// (rewrite_methodvalue.go) or any function of that type. So such a call
// passes its function as a futures.Func, and each other argument of func
// type through __rt.Val, a compiled identity that makes yaegi wrap it.

// taskValueCall reports whether call calls a function value (not a
// futures function or method by name) of the type of Submit, Map or
// Delay: func(any, ...any) returning *futures.Future, []*futures.Future
// or *futures.Delayed.
func (r *rewriter) taskValueCall(call *ast.CallExpr) bool {
	if r.c.checked == nil || call.Ellipsis.IsValid() {
		return false
	}
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
		if s := r.c.checked.Info.Selections[sel]; s != nil && s.Kind() == types.MethodVal {
			return false // a method call, not a value's
		}
		if r.c.futuresCall(sel) {
			return false
		}
	}
	sig, ok := r.c.checked.Info.TypeOf(call.Fun).(*types.Signature)
	if !ok || !sig.Variadic() || sig.Params().Len() != 2 || sig.Results().Len() != 1 {
		return false
	}
	if !isAny(sig.Params().At(0).Type()) || !isAny(sig.Params().At(1).Type().(*types.Slice).Elem()) {
		return false
	}
	switch types.TypeString(sig.Results().At(0).Type(), nil) {
	case "*" + futuresPath + ".Future", "[]*" + futuresPath + ".Future", "*" + futuresPath + ".Delayed":
		return true
	}
	return false
}

// isAny reports whether t is the empty interface.
func isAny(t types.Type) bool {
	i, ok := t.Underlying().(*types.Interface)
	return ok && i.Empty()
}

// taskArgs wraps the arguments of a task call that yaegi would hand to
// compiled code as interpreter nodes. The task's function, when its type
// is an interface, goes through __rt.TaskFn, which turns a node into a
// task failing with an error that says what to write instead. In a call
// through a value (value), the function of func type that names no
// function of the user's (those become a Func in namedTask) becomes
// __rt.Func{Fn: f}, and every other argument of func type __rt.Val(x).
func (r *rewriter) taskArgs(call *ast.CallExpr, value bool) {
	if r.c.checked == nil {
		return
	}
	for i, a := range call.Args {
		t := r.c.checked.Info.TypeOf(a)
		if t == nil {
			continue
		}
		_, isFunc := t.Underlying().(*types.Signature)
		switch {
		case i == 0 && types.IsInterface(t):
			r.wrap(a, "__rt.TaskFn(", ")")
		case i == 0 && isFunc && value:
			if id, ok := a.(*ast.Ident); ok && !r.c.local(id) {
				if _, _, ok := r.funcSource(id.Name); ok {
					continue // namedTask makes its Func
				}
			}
			r.wrap(a, "__rt.Func{Fn: ", "}")
		case i > 0 && isFunc && value:
			r.wrap(a, "__rt.Val(", ")")
		}
	}
}

// wrap puts open before a and closing after it. The closing text goes
// first among the edits at its offset, before those an enclosing rewrite
// (a go statement's) recorded there for what follows a.
func (r *rewriter) wrap(a ast.Expr, open, closing string) {
	r.c.insert(r.off(a.Pos()), open)
	end := r.off(a.End())
	r.c.edits = append([]edit{{end, end, closing}}, r.c.edits...)
}
