package interp

import (
	"go/ast"
	"go/token"
)

// Closures made in loops. When a closure that yaegi v0.16.1 made returns,
// yaegi writes the value the literal's slot held before the closure was
// made back into that slot of the frame that made it. The frame's own code
// reads the slot right after making the closure, so a closure made in a
// loop and run by anything else than the loop itself, before the loop
// makes the next one from the same literal, hands the loop an earlier
// closure or a nil func:
//
//	for i := 0; i < n; i++ {
//		f := func() int { return i }   // on another goroutine, the previous f may return here
//		c.Submit(f)
//	}
//
// That is a data race when the closure runs on another goroutine (a task,
// a goroutine a compiled function starts, an element of a pool), and a
// wrong closure even on one goroutine when an operand after the literal
// calls an earlier closure. The rewrite makes every func literal of a loop
// body, other than one called where it is made, in a frame of its own,
// which nobody reads after the closure is made:
//
//	f := func() func() int { return func() int { return i } }()
//
// the same wrapping as for the deferred closures of rewrite_defer.go (and
// rewriter.ownFrame keeps one literal from being wrapped twice). A
// literal called where it is made (`func() { … }()`) is left alone: its
// closure returns before the loop goes on. So are go and defer
// statements, which rewrite_go.go and rewrite_defer.go bind in frames of
// their own. A function with a goto may loop without a loop statement:
// all its literals are wrapped.
//
// The cost is one closure made and called more for each literal a loop
// makes: about a microsecond.
func (r *rewriter) loopClosure(lit *ast.FuncLit) {
	if r.c.probe != nil || r.ownFrame[lit] || len(r.stack) == 0 {
		return
	}
	switch p := r.stack[len(r.stack)-1].(type) {
	case *ast.CallExpr:
		if p.Fun == lit {
			return // called where it is made
		}
	}
	if !r.inLoopBody() && !r.gotoInFunc() {
		return
	}
	r.inOwnFrame(lit)
}

// inLoopBody reports whether the visited node is in a part of a loop of
// its function that runs each iteration: a body, a condition, a post
// statement. A range expression runs once.
func (r *rewriter) inLoopBody() bool {
	for i := len(r.stack) - 1; i >= 0; i-- {
		var child ast.Node
		if i+1 < len(r.stack) {
			child = r.stack[i+1]
		}
		switch l := r.stack[i].(type) {
		case *ast.FuncLit, *ast.FuncDecl:
			return false
		case *ast.ForStmt:
			if child != nil && (child == l.Body || child == l.Cond || child == l.Post) {
				return true
			}
		case *ast.RangeStmt:
			if child != nil && child == l.Body {
				return true
			}
		}
	}
	return false
}

// gotoInFunc reports whether the function around the visited node, or
// the cell when it is at the top level, has a goto statement outside its
// nested literals.
func (r *rewriter) gotoInFunc() bool {
	var bodies []ast.Node
	for i := len(r.stack) - 1; i >= 0 && bodies == nil; i-- {
		switch f := r.stack[i].(type) {
		case *ast.FuncLit:
			bodies = []ast.Node{f.Body}
		case *ast.FuncDecl:
			bodies = []ast.Node{f.Body}
		}
	}
	if bodies == nil {
		for _, it := range r.c.items {
			if it.stmt != nil {
				bodies = append(bodies, it.stmt)
			}
		}
	}
	found := false
	for _, body := range bodies {
		ast.Inspect(body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.BranchStmt:
				found = found || n.Tok == token.GOTO
			}
			return !found
		})
	}
	return found
}
