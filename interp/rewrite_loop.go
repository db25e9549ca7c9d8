package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// How statements leave a loop body, for the lowerings that must act on
// the way out: a range over a function iterator stops its iterator, and a
// loop whose body assigns its variables carries them to the next
// iteration.

// jump says where a return, break, continue or goto in a loop body goes.
type jump int

const (
	jumpInside   jump = iota // to a statement inside the body
	jumpBreak                // out of the loop, to the statement after it
	jumpContinue             // to the loop's next iteration
	jumpOut                  // elsewhere: a return, or a label outside the loop
)

// jumps calls fn for every return and branch statement of loop's body
// (outside function literals), with where it goes. label is the loop's
// label, or "".
func jumps(body *ast.BlockStmt, label string, fn func(s ast.Stmt, j jump)) {
	inner := map[string]bool{} // labels declared inside the body
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.LabeledStmt:
			inner[n.Label.Name] = true
		}
		return true
	})
	var stack []ast.Node
	ast.Inspect(body, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			fn(n, jumpOut)
		case *ast.BranchStmt:
			fn(n, branch(n, label, inner, stack))
		}
		stack = append(stack, n)
		return true
	})
}

// branch says where b goes from a loop body, stack holding the nodes
// between the body and b.
func branch(b *ast.BranchStmt, label string, inner map[string]bool, stack []ast.Node) jump {
	if b.Label != nil {
		switch {
		case inner[b.Label.Name]:
			return jumpInside
		case b.Label.Name != label || b.Tok == token.GOTO:
			return jumpOut
		case b.Tok == token.BREAK:
			return jumpBreak
		}
		return jumpContinue
	}
	if b.Tok != token.BREAK && b.Tok != token.CONTINUE {
		return jumpInside // fallthrough
	}
	for _, n := range stack {
		switch n.(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			return jumpInside
		case *ast.SwitchStmt, *ast.TypeSwitchStmt, *ast.SelectStmt:
			if b.Tok == token.BREAK {
				return jumpInside
			}
		}
	}
	if b.Tok == token.BREAK {
		return jumpBreak
	}
	return jumpContinue
}

// labelOf returns the label of s, or "".
func (r *rewriter) labelOf(s ast.Stmt) string {
	if l := r.labels[s]; l != nil {
		return l.Label.Name
	}
	return ""
}

// loopStart returns the offset where loop s starts, with its label if it
// has one, and the label's text to put back in front of the loop when a
// lowering puts the loop in a block (a label on the block could not be
// continued).
func (r *rewriter) loopStart(s ast.Stmt, forPos token.Pos) (int, string) {
	if l := r.labels[s]; l != nil {
		return r.off(l.Pos()), l.Label.Name + ": "
	}
	return r.off(forPos), ""
}

// exitStops is a statement that leaves range-over-func loops, and the
// stop functions of their iterators, outermost first.
type exitStops struct {
	stmt  ast.Stmt
	fn    *ast.FuncType // the function the statement returns from, or nil
	stops []string
}

// stopOnExit makes every statement that leaves body for good call stop
// first; nested loops' stops come first.
func (r *rewriter) stopOnExit(f *ast.RangeStmt, stop string) {
	jumps(f.Body, r.labelOf(f), func(s ast.Stmt, j jump) {
		if j != jumpOut {
			return
		}
		for _, e := range r.exits {
			if e.stmt == s {
				e.stops = append(e.stops, stop)
				return
			}
		}
		r.exits = append(r.exits, &exitStops{stmt: s, fn: r.enclosingFunc(), stops: []string{stop}})
	})
}

// emitStops writes the stops stopOnExit collected for one item. A return
// with values that may have effects evaluates them into variables of the
// function's result types first, since Go evaluates them before the
// iterator finishes.
func (r *rewriter) emitStops() {
	for _, e := range r.exits {
		var sb strings.Builder
		for i := len(e.stops) - 1; i >= 0; i-- {
			sb.WriteString(e.stops[i] + "(); ")
		}
		stops := sb.String()
		ret, ok := e.stmt.(*ast.ReturnStmt)
		types := resultTypes(e.fn)
		if !ok || len(ret.Results) == 0 || !mayAct(ret.Results) || len(types) == 0 {
			r.c.insert(r.off(e.stmt.Pos()), stops)
			continue
		}
		r.tmp++
		var decl, names []string
		for i, t := range types {
			n := fmt.Sprintf("__r%d_%d", r.tmp, i)
			names = append(names, n)
			decl = append(decl, "var "+n+" "+r.c.src[r.off(t.Pos()):r.off(t.End())]+"; ")
		}
		list := strings.Join(names, ", ")
		if len(ret.Results) != len(names) { // return f(), f returning several values
			r.c.replace(r.off(ret.Return), r.off(ret.Results[0].Pos()), "{ "+strings.Join(decl, "")+list+" = ")
		} else { // one assignment each: yaegi v0.16.1 drops values of some multiple assignments
			r.c.replace(r.off(ret.Return), r.off(ret.Results[0].Pos()), "{ "+strings.Join(decl, "")+names[0]+" = ")
			for i := 1; i < len(names); i++ {
				r.c.replace(r.off(ret.Results[i-1].End()), r.off(ret.Results[i].Pos()), "; "+names[i]+" = ")
			}
		}
		r.c.insert(r.off(ret.End()), "; "+stops+"return "+list+" }")
	}
	r.exits = nil
}

// resultTypes lists the type of each result of fn, one per value.
func resultTypes(fn *ast.FuncType) []ast.Expr {
	if fn == nil || fn.Results == nil {
		return nil
	}
	var out []ast.Expr
	for _, f := range fn.Results.List {
		for range max(len(f.Names), 1) {
			out = append(out, f.Type)
		}
	}
	return out
}

// mayAct reports whether evaluating xs may have effects: a call or a
// receive.
func mayAct(xs []ast.Expr) bool {
	found := false
	for _, x := range xs {
		ast.Inspect(x, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				found = true
			case *ast.UnaryExpr:
				found = found || n.Op == token.ARROW
			}
			return !found
		})
	}
	return found
}

// enclosingFunc returns the type of the function being visited, or nil at
// the top level of a cell.
func (r *rewriter) enclosingFunc() *ast.FuncType {
	t, _ := r.enclosing()
	return t
}

// enclosing returns the type and body of the function being visited, or
// nils at the top level of a cell.
func (r *rewriter) enclosing() (*ast.FuncType, *ast.BlockStmt) {
	for i := len(r.stack) - 1; i >= 0; i-- {
		switch n := r.stack[i].(type) {
		case *ast.FuncLit:
			return n.Type, n.Body
		case *ast.FuncDecl:
			return n.Type, n.Body
		}
	}
	return nil, nil
}

// iterGuard declares __its, the guard of the iterators the enclosing
// function ranges over, once per function (see iterGuardDecl); lower
// declares it for top-level statements.
func (r *rewriter) iterGuard() {
	for i := len(r.stack) - 1; i >= 0; i-- {
		var body *ast.BlockStmt
		switch n := r.stack[i].(type) {
		case *ast.FuncLit:
			body = n.Body
		case *ast.FuncDecl:
			body = n.Body
		default:
			continue
		}
		if !r.guards[body] {
			r.guards[body] = true
			r.c.insert(r.off(body.Lbrace)+1, iterGuardDecl)
		}
		return
	}
	r.it.guard = true
}

// iterGuardDecl declares __its, with which a function's range-over-func
// loops register their iterators: its deferred end stops those a panic
// left running.
const iterGuardDecl = "__its := &__iters{}; defer __its.end();"
