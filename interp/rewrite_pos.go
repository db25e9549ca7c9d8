package interp

import (
	"go/ast"
	"go/token"
	"slices"
	"strings"
)

// Panic positions. While a panic unwinds, yaegi v0.16.1 prints one
// "L:C: panic: f(...)" line per interpreted frame, but L:C is always the
// first statement the function ran, not the one that panicked: runCfg
// means to report the node it was executing, but the variable it reads
// is shadowed by its loop's own and is always nil. Its Panic value holds
// only the Go stack of the interpreter.
//
// So the rewrite records where each function is. A function whose body
// has a statement that may panic (a call, an index, a dereference, a
// field, a division, a send...) gets a slot of rt.Lines; a mark stores
// the statement's cell offset in the slot before each such statement.
// What the function runs first gets a line directive to its entry, so
// that yaegi reports a known position, which the session looks up in
// cell.funcs to find the slot while the panic unwinds (see stream.Write).
// The cell's top-level statements share one more slot. A function with
// one statement that may panic needs no slot, and a function that cannot
// panic, such as a leaf doing arithmetic, costs nothing: marks are not
// free, since yaegi allocates each call of a function a value for every
// node of it, a mark's nodes too (about 100 ns a mark and a call).

// linecol is a position in a cell.
type linecol struct{ line, col int }

// funcEntry is an instrumented function.
type funcEntry struct {
	slot  int // its slot of rt.Lines, or -1 when it has one statement that may panic
	self  int // offset+1 of the one statement where it calls itself; 0 if none or several
	fixed int // offset+1 of its only statement that may panic, when slot is -1

	wrapper bool // a function of the rewrite, whose frame only shows below another (rewrite_go.go)
}

// marks instruments the functions of the item being rewritten, and its
// statement when it runs as part of the cell's top-level code.
func (r *rewriter) marks(n ast.Node, topLevel bool) {
	if topLevel {
		var list []ast.Stmt
		r.mayPanicIn([]ast.Stmt{r.it.stmt}, &list)
		if len(list) > 0 && r.c.top == 0 {
			r.c.top = r.c.slot(-1) + 1
		}
		for _, s := range list {
			r.markAt(r.c.top-1, r.off(s.Pos()))
		}
	}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				r.function(n.Body, selfCall(n), r.c.guarded(n))
			}
		case *ast.FuncLit:
			r.function(n.Body, nil, false)
		}
		return true
	})
}

// function instruments one function body; isSelf tells its recursive
// calls. A function with one statement that may panic needs no slot: a
// panic in its frame comes from that statement. It needs no mark either
// when what it runs first already stands at a known position: the
// checkpoint, or that statement itself (see cell.firsts). The guard of a
// method that a later cell may declare again runs before all of them, at
// the position of the method's first statement (rewrite_method.go).
func (r *rewriter) function(body *ast.BlockStmt, isSelf func(*ast.CallExpr) bool, guarded bool) {
	var list []ast.Stmt
	r.mayPanicIn(body.List, &list)
	if len(list) == 0 {
		return
	}
	e := funcEntry{slot: -1}
	first := r.off(body.List[0].Pos())
	if len(list) == 1 {
		e.fixed = r.off(list[0].Pos()) + 1
		if list[0] == body.List[0] && (guarded || !hasCall(body)) {
			line, _ := r.c.position(first)
			if r.c.firsts == nil {
				r.c.firsts = map[int][]int{}
			}
			if !slices.Contains(r.c.firsts[line], first) { // the cell may be rewritten again
				r.c.firsts[line] = append(r.c.firsts[line], first)
			}
			r.c.insert(first, r.c.at(first))
			return
		}
		list = nil
	} else {
		e.slot = r.c.slot(r.off(body.Lbrace))
	}
	if isSelf != nil {
		for _, s := range list {
			if calls(s, isSelf) {
				if e.self != 0 {
					e.self = 0
					break
				}
				e.self = r.off(s.Pos()) + 1
			}
		}
	}
	entry := r.off(body.Lbrace) + 1
	line, col := r.c.position(entry)
	if r.c.funcs == nil {
		r.c.funcs = map[linecol]funcEntry{}
	}
	if guarded {
		line, col = r.c.position(first)
		r.c.funcs[linecol{line, col}] = e
		for _, s := range list {
			r.markAt(e.slot, r.off(s.Pos()))
		}
		return
	}
	// What the function runs first must stand at entry: the checkpoint
	// (whose first node yaegi runs is the __rt selector), else the mark of
	// its first statement, which comes before a checkpoint inserted at the
	// same offset, else a mark of its own (in slot 0 if it has none).
	switch {
	case len(list) > 0 && list[0] == body.List[0] && (first == entry || !hasCall(body)):
		r.c.insert(first, r.c.at(entry)+mark(e.slot, first+1)+r.c.at(first))
		list = list[1:]
	case hasCall(body):
		r.c.insert(entry, r.c.at(entry)) // the checkpoint follows
		col += strings.Index(entryCheckpoint, "__rt")
	default:
		r.c.insert(entry, r.c.at(entry)+mark(max(e.slot, 0), 0)+r.c.at(entry))
	}
	r.c.funcs[linecol{line, col}] = e
	for _, s := range list {
		r.markAt(e.slot, r.off(s.Pos()))
	}
}

// slot returns the slot of rt.Lines of the function whose body starts at
// offset lbrace (-1 for the top-level code), the same when the cell is
// rewritten again (range_retry.go) after some of its steps ran.
func (c *cell) slot(lbrace int) int {
	if k, ok := c.slots[lbrace]; ok {
		return k
	}
	if c.slots == nil {
		c.slots = map[int]int{}
	}
	if c.newSlot != nil {
		c.slots[lbrace] = c.newSlot()
	} else { // a cell rewritten outside a session (tests)
		c.slots[lbrace] = len(c.slots)
	}
	return c.slots[lbrace]
}

// guarded reports whether fd is a method that gets a guard (see
// lowerMethods).
func (c *cell) guarded(fd *ast.FuncDecl) bool {
	for _, p := range c.methodPlans {
		if p.fd == fd {
			return p.how == funcGuarded || p.how == guarded && (c.probe == nil || c.probe[p.base])
		}
	}
	return false
}

// markAt inserts a mark of the statement at off, keeping the statement's
// own position.
func (r *rewriter) markAt(slot, off int) { r.c.insert(off, mark(slot, off+1)+r.c.at(off)) }

// mayPanicIn appends to out the statements of list, and of the blocks
// inside them (not inside function literals), that may panic in their own
// code rather than in their blocks.
func (r *rewriter) mayPanicIn(list []ast.Stmt, out *[]ast.Stmt) {
	for _, s := range list {
		if r.headerMayPanic(s) {
			*out = append(*out, s)
		}
		for _, b := range blocks(s) {
			r.mayPanicIn(b, out)
		}
	}
}

// blocks returns the statement lists directly inside s.
func blocks(s ast.Stmt) [][]ast.Stmt {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		return blocks(s.Stmt)
	case *ast.BlockStmt:
		return [][]ast.Stmt{s.List}
	case *ast.IfStmt:
		out := [][]ast.Stmt{s.Body.List}
		if s.Else != nil {
			out = append(out, blocks(s.Else)...)
		}
		return out
	case *ast.ForStmt:
		return [][]ast.Stmt{s.Body.List}
	case *ast.RangeStmt:
		return [][]ast.Stmt{s.Body.List}
	case *ast.SwitchStmt:
		return clauses(s.Body)
	case *ast.TypeSwitchStmt:
		return clauses(s.Body)
	case *ast.SelectStmt:
		return clauses(s.Body)
	}
	return nil
}

func clauses(b *ast.BlockStmt) [][]ast.Stmt {
	var out [][]ast.Stmt
	for _, c := range b.List {
		switch c := c.(type) {
		case *ast.CaseClause:
			out = append(out, c.Body)
		case *ast.CommClause:
			out = append(out, c.Body)
		}
	}
	return out
}

// headerMayPanic reports whether s may panic outside its blocks. The
// conditions of an else-if chain count as the first if's, since no mark
// can stand before them.
func (r *rewriter) headerMayPanic(s ast.Stmt) bool {
	switch s := s.(type) {
	case *ast.LabeledStmt:
		return r.headerMayPanic(s.Stmt)
	case *ast.BlockStmt, *ast.EmptyStmt, *ast.BranchStmt:
		return false
	case *ast.IfStmt:
		if e, ok := s.Else.(*ast.IfStmt); ok && r.headerMayPanic(e) {
			return true
		}
		return r.mayPanic(s.Init) || r.mayPanic(s.Cond)
	case *ast.ForStmt:
		return r.mayPanic(s.Init) || r.mayPanic(s.Cond) || r.mayPanic(s.Post)
	case *ast.RangeStmt:
		return r.mayPanic(s.Key) || r.mayPanic(s.Value) || r.mayPanic(s.X)
	case *ast.SwitchStmt:
		if r.mayPanic(s.Init) || r.mayPanic(s.Tag) {
			return true
		}
		for _, c := range s.Body.List {
			for _, x := range c.(*ast.CaseClause).List {
				if r.mayPanic(x) {
					return true
				}
			}
		}
		return false
	case *ast.TypeSwitchStmt:
		return r.mayPanic(s.Init) || r.mayPanic(s.Assign)
	case *ast.SelectStmt:
		for _, c := range s.Body.List {
			if r.mayPanic(c.(*ast.CommClause).Comm) {
				return true
			}
		}
		return false
	}
	return r.mayPanic(s)
}

// mayPanic reports whether n, outside function literals, may panic: a
// call, unless of a builtin or conversion that cannot (see notCalls) or of
// a function that cannot (see findSafe), an index, a slice, a dereference, a field or method selection (through a
// nil pointer), a type assertion, a division or shift, a send.
func (r *rewriter) mayPanic(n ast.Node) bool {
	if n == nil {
		return false
	}
	found := false
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if b := builtinName(n); b != "" && b != "panic" && b != "make" && !r.user(b) {
				return true // the others cannot panic
			}
			if id, ok := n.Fun.(*ast.Ident); ok && r.safeCall(id.Name) {
				return true
			}
			found = true
		case *ast.IndexExpr, *ast.IndexListExpr, *ast.SliceExpr, *ast.StarExpr, *ast.SelectorExpr,
			*ast.TypeAssertExpr, *ast.SendStmt:
			found = true
		case *ast.BinaryExpr:
			found = n.Op == token.QUO || n.Op == token.REM || n.Op == token.SHL || n.Op == token.SHR
		case *ast.AssignStmt:
			switch n.Tok {
			case token.QUO_ASSIGN, token.REM_ASSIGN, token.SHL_ASSIGN, token.SHR_ASSIGN:
				found = true
			}
		}
		return !found
	})
	return found
}

// selfCall returns what tells fd's calls of itself, by name for a function
// and through the receiver's name for a method.
func selfCall(fd *ast.FuncDecl) func(*ast.CallExpr) bool {
	name := fd.Name.Name
	if fd.Recv == nil {
		return func(c *ast.CallExpr) bool { id, ok := c.Fun.(*ast.Ident); return ok && id.Name == name }
	}
	if len(fd.Recv.List) == 0 || len(fd.Recv.List[0].Names) == 0 {
		return nil
	}
	recv := fd.Recv.List[0].Names[0].Name
	return func(c *ast.CallExpr) bool {
		sel, ok := c.Fun.(*ast.SelectorExpr)
		if !ok || sel.Sel.Name != name {
			return false
		}
		id, ok := sel.X.(*ast.Ident)
		return ok && id.Name == recv
	}
}

// calls reports whether s, outside function literals and its blocks'
// statements, has a call for which is is true.
func calls(s ast.Stmt, is func(*ast.CallExpr) bool) bool {
	found := false
	ast.Inspect(s, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.BlockStmt:
			return false
		case *ast.CallExpr:
			found = found || is(n)
		}
		return !found
	})
	return found
}

// findSafe finds which functions the cell declares cannot panic: those
// whose statements need no mark when calls of such functions need none
// either. A call of one needs no mark, so that a loop calling a small
// arithmetic function costs nothing. The session keeps what it found for
// later cells (safeGlobal). A function redefined later to one that may
// panic leaves its callers without marks for that call: their frames then
// name an earlier statement.
func (r *rewriter) findSafe() {
	r.safe, r.other = map[string]bool{}, map[string]bool{}
	bodies := map[string]*ast.FuncDecl{}
	for i := range r.c.items {
		it := &r.c.items[i]
		if fd, ok := it.decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Body != nil {
			r.safe[fd.Name.Name], bodies[fd.Name.Name] = true, fd
			continue
		}
		var n ast.Node = it.stmt
		if it.decl != nil {
			n = it.decl
		}
		for name := range topNames(n) {
			r.other[name] = true
		}
	}
	for changed := true; changed; { // the greatest set that is consistent
		changed = false
		for name, fd := range bodies {
			if !r.safe[name] {
				continue
			}
			r.locals = declared(fd)
			var list []ast.Stmt
			if r.mayPanicIn(fd.Body.List, &list); len(list) > 0 {
				r.safe[name], changed = false, true
			}
		}
	}
	r.c.safe = r.safe
}

// safeCall reports whether a call of name cannot panic.
func (r *rewriter) safeCall(name string) bool {
	if r.locals[name] || r.other[name] {
		return false
	}
	if safe, ok := r.safe[name]; ok {
		return safe
	}
	return r.c.safeGlobal != nil && r.c.safeGlobal(name)
}

// declared returns the names declared anywhere inside n: parameters,
// results, variables, constants and types.
func declared(n ast.Node) map[string]bool {
	names := map[string]bool{}
	ast.Inspect(n, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			for _, id := range n.Names {
				names[id.Name] = true
			}
		case *ast.AssignStmt:
			if n.Tok == token.DEFINE {
				for _, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok {
						names[id.Name] = true
					}
				}
			}
		case *ast.RangeStmt:
			if n.Tok == token.DEFINE {
				for _, x := range []ast.Expr{n.Key, n.Value} {
					if id, ok := x.(*ast.Ident); ok {
						names[id.Name] = true
					}
				}
			}
		case *ast.ValueSpec:
			for _, id := range n.Names {
				names[id.Name] = true
			}
		case *ast.TypeSpec:
			names[n.Name.Name] = true
		}
		return true
	})
	return names
}

// topNames returns the names a top-level item other than a function
// declares.
func topNames(n ast.Node) map[string]bool {
	switch n := n.(type) {
	case *ast.GenDecl:
		return declared(n)
	case *ast.AssignStmt:
		if n.Tok == token.DEFINE {
			return declared(&ast.AssignStmt{Lhs: n.Lhs, Tok: n.Tok})
		}
	case *ast.FuncDecl: // a method
		return nil
	}
	return nil
}
