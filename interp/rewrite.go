package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"strings"
)

// The rewrites below are text edits at cell offsets, so that every line
// keeps its number and most columns stay where the user wrote them. They
// insert interrupt checkpoints, make goroutines recover, and lower the Go
// that yaegi v0.16.1 does not run (per-iteration loop variables, range over
// an integer, min/max/clear, `a, b := T{}, v`) to Go that it does.

// edit replaces c.src[off:end] with text; off == end inserts.
type edit struct {
	off, end int
	text     string
}

// text returns c.src[a:b] with the edits inside it applied.
func (c *cell) text(a, b int) string {
	var sb strings.Builder
	at := a
	for _, e := range c.edits {
		if e.off < a || e.end > b || e.off < at {
			continue
		}
		sb.WriteString(c.src[at:e.off])
		sb.WriteString(e.text)
		at = e.end
	}
	sb.WriteString(c.src[at:b])
	return sb.String()
}

// at returns a line directive that gives the next character the cell
// position of offset off. The file name must stay yaegi's own "_.go":
// yaegi keys a file's imports by the file name of the position that uses
// them, so another name would hide every import. yaegi prints positions in
// "_.go" without the name; wrapperLine marks our own code apart.
//
// Each cell of a session gets its own range of line numbers, cellLines
// apart, so that a position names its cell: a panic inside a function an
// earlier cell declared is reported with that cell's line.
func (c *cell) at(off int) string {
	line, col := c.position(off)
	return fmt.Sprintf("/*line _.go:%d:%d*/", c.no*cellLines+line, col)
}

// cellLines is the size of each cell's range of line numbers.
const cellLines = 10000

// wrapperLine is the first line number given to code the session writes
// around a cell (see wrapper), so that positions in it are told apart.
const wrapperLine = 1000000000 // go/scanner takes lines below 1<<30

// wrapper is the directive that starts every source the session evaluates.
var wrapper = fmt.Sprintf("/*line _.go:%d:1*/", wrapperLine)

func (c *cell) insert(off int, text string)       { c.edits = append(c.edits, edit{off, off, text}) }
func (c *cell) replace(off, end int, text string) { c.edits = append(c.edits, edit{off, end, text}) }

// rewriter walks one item and records its edits.
type rewriter struct {
	c       *cell
	it      *item
	user    func(name string) bool // whether name is a user global (shadows builtins)
	intName func(name string) bool // whether a global name holds an integer
	global  func(name string) (reflect.Value, bool)
	source  func(name string) (string, bool) // an earlier cell's declaration of a global
	tmp     int
	hasMain bool

	stack  []ast.Node                    // the nodes enclosing the one visited
	labels map[ast.Stmt]*ast.LabeledStmt // the label of each labeled statement
	exits  []*exitStops                  // statements leaving range-over-func loops
	guards map[ast.Node]bool             // functions given an iterator guard
	keep   map[*ast.Ident]bool           // names probeName leaves

	ownFrame map[*ast.FuncLit]bool // closures made in a frame of their own (rewrite_defer.go)

	locals map[string]bool // names the item declares (see rewrite_pos.go)
	safe   map[string]bool // the cell's functions, whether they cannot panic
	other  map[string]bool // the cell's other top-level names
}

// rewrite records the edits for every item of the cell.
func (c *cell) rewrite(user, intName func(string) bool, global func(string) (reflect.Value, bool), source func(string) (string, bool)) (hasMain bool) {
	r := &rewriter{c: c, user: user, intName: intName, global: global, source: source,
		labels: map[ast.Stmt]*ast.LabeledStmt{}, guards: map[ast.Node]bool{}, keep: map[*ast.Ident]bool{},
		ownFrame: map[*ast.FuncLit]bool{}}
	c.edits, c.ranges = nil, nil
	c.typedNils() // lower_typed.go
	r.findSafe()
	for i := range c.items {
		r.it = &c.items[i]
		r.it.guard = false
		var n ast.Node = r.it.stmt
		if r.it.decl != nil {
			n = r.it.decl
		}
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			c.replace(r.off(fd.Name.Pos()), r.off(fd.Name.End()), "__main")
			r.hasMain = true
		}
		r.locals = declared(n)
		last := i == len(c.items)-1 && !r.it.semi && isExpr(r.it.stmt) && !voidBuiltin(r.it.stmt)
		r.marks(n, r.it.stmt != nil && !isDefine(r.it.stmt) && !last) // first: before other edits at the same offsets
		ast.Inspect(n, func(n ast.Node) bool {
			if n == nil {
				r.stack = r.stack[:len(r.stack)-1]
				return true
			}
			r.visit(n)
			r.stack = append(r.stack, n)
			return true
		})
		r.emitStops()
	}
	sort.SliceStable(c.edits, func(i, j int) bool { return c.edits[i].off < c.edits[j].off })
	c.lowerMethods()
	return r.hasMain
}

func (r *rewriter) off(p token.Pos) int { return r.it.off(p) }

func (r *rewriter) visit(n ast.Node) {
	if r.c.probe != nil {
		r.probeName(n)
	}
	switch n := n.(type) {
	case *ast.LabeledStmt:
		r.labels[n.Stmt] = n
	case *ast.FuncDecl:
		if n.Type.TypeParams != nil {
			r.typeParams(n)
		}
		if n.Body != nil && hasCall(n.Body) {
			r.c.insert(r.off(n.Body.Lbrace)+1, entryCheckpoint)
		}
	case *ast.FuncLit:
		if hasCall(n.Body) {
			r.c.insert(r.off(n.Body.Lbrace)+1, entryCheckpoint)
		}
		r.loopClosure(n)
	case *ast.ForStmt:
		r.forStmt(n)
	case *ast.RangeStmt:
		r.rangeStmt(n)
	case *ast.BlockStmt:
		r.rangeGuard(n)
	case *ast.GoStmt:
		r.goStmt(n)
	case *ast.DeferStmt:
		r.deferStmt(n)
	case *ast.CallExpr:
		r.builtin(n)
		r.namedTask(n)
		r.showArg(n)
		r.ifaceConversion(n)
		r.stdinCall(n)
		r.genericCall(n)
	case *ast.SelectorExpr:
		r.methodValue(n)
	case *ast.DeclStmt:
		r.genericVar(n)
	case *ast.AssignStmt:
		if len(n.Lhs) > 1 && len(n.Lhs) == len(n.Rhs) {
			r.parenComposites(n.Rhs)
		}
	case *ast.ValueSpec:
		if len(n.Names) > 1 && len(n.Names) == len(n.Values) {
			r.parenComposites(n.Values)
		}
	}
}

// parenComposites wraps composite literals in parentheses: yaegi v0.16.1
// silently drops the later values of `a, b := T{}, v` otherwise.
func (r *rewriter) parenComposites(xs []ast.Expr) {
	for _, x := range xs {
		if u, ok := x.(*ast.UnaryExpr); ok && u.Op == token.AND {
			x = u.X
		}
		if _, ok := x.(*ast.CompositeLit); ok {
			r.c.insert(r.off(x.Pos()), "(")
			r.c.insert(r.off(x.End()), ")")
		}
	}
}

// builtin renames min, max and clear, which yaegi lacks, to the session's
// own, unless the user declared a global of that name.
func (r *rewriter) builtin(call *ast.CallExpr) {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || r.user(id.Name) {
		return
	}
	var to string
	switch id.Name {
	case "min", "max":
		to = "__" + id.Name
		r.floatLiterals(call.Args)
	case "clear":
		to = "__rt.Clear"
	default:
		return
	}
	r.c.replace(r.off(id.Pos()), r.off(id.End()), to)
}

// floatLiterals makes the untyped numeric literals among min/max arguments
// float64 when any of them is a float literal: the generic __min/__max
// cannot infer a type from untyped float constants under yaegi, and the
// builtins would give such a call the type float64 anyway.
func (r *rewriter) floatLiterals(args []ast.Expr) {
	isFloat := false
	for _, a := range args {
		if l, ok := numLiteral(a); ok && l.Kind == token.FLOAT {
			isFloat = true
		}
	}
	if !isFloat {
		return
	}
	for _, a := range args {
		if _, ok := numLiteral(a); ok {
			r.c.insert(r.off(a.Pos()), "float64(")
			r.c.insert(r.off(a.End()), ")")
		}
	}
}

// numLiteral reports whether e is a numeric literal, possibly signed.
func numLiteral(e ast.Expr) (*ast.BasicLit, bool) {
	for {
		switch x := e.(type) {
		case *ast.ParenExpr:
			e = x.X
		case *ast.UnaryExpr:
			if x.Op != token.SUB && x.Op != token.ADD {
				return nil, false
			}
			e = x.X
		case *ast.BasicLit:
			return x, x.Kind == token.INT || x.Kind == token.FLOAT
		default:
			return nil, false
		}
	}
}

// forStmt adds a checkpoint and, when the body may capture them, fresh
// copies of the loop variables for each iteration (Go 1.22 semantics).
// A variable the body assigns is carried to the next iteration: its copy
// is written back through pointers (__c to the loop's variable, __v to
// the copy) at the end of the body and before each continue of the loop,
// so that the post statement counts on from the copy's value while the
// closures of each iteration keep their own.
func (r *rewriter) forStmt(f *ast.ForStmt) {
	body := r.off(f.Body.Lbrace) + 1
	r.c.insert(body, checkpoint)
	as, ok := f.Init.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || !captures(f.Body) {
		return
	}
	var names []string
	var back strings.Builder
	for _, l := range as.Lhs {
		id, ok := l.(*ast.Ident)
		switch {
		case !ok || id.Name == "_":
		case assigns(f.Body, id.Name):
			r.tmp++
			c, v := fmt.Sprintf("__c%d", r.tmp), fmt.Sprintf("__v%d", r.tmp)
			r.c.insert(body, fmt.Sprintf("%s := &%s; %s := %s; %s := &%s;", c, id.Name, id.Name, id.Name, v, id.Name))
			fmt.Fprintf(&back, "*%s = *%s; ", c, v)
		default:
			names = append(names, id.Name)
		}
	}
	if len(names) > 0 {
		list := strings.Join(names, ", ")
		r.c.insert(body, list+" := "+list+";")
	}
	if back.Len() == 0 {
		return
	}
	jumps(f.Body, r.labelOf(f), func(s ast.Stmt, j jump) {
		if j == jumpContinue {
			r.c.insert(r.off(s.Pos()), back.String())
		}
	})
	r.c.insert(r.off(f.Body.Rbrace), "; "+back.String())
}

// notCalls are the builtins and conversions a leaf function may use and
// still need no checkpoint at its entry: they return promptly.
var notCalls = map[string]bool{
	"len": true, "cap": true, "append": true, "make": true, "new": true, "delete": true,
	"copy": true, "panic": true, "print": true, "println": true, "complex": true, "real": true,
	"imag": true, "min": true, "max": true, "clear": true, "recover": true,
	"float32": true, "float64": true, "string": true, "bool": true,
}

// hasCall reports whether body calls a function (other than a builtin),
// outside nested function literals. Functions without calls or loops
// cannot run long, so they need no entry checkpoint.
func hasCall(body *ast.BlockStmt) bool {
	return anyCall(body, func(c *ast.CallExpr) bool { return builtinName(c) == "" })
}

// anyCall reports whether body makes a call for which is reports true,
// outside nested function literals.
func anyCall(body *ast.BlockStmt, is func(*ast.CallExpr) bool) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			found = found || is(n)
		}
		return !found
	})
	return found
}

// builtinName returns the name of the builtin or conversion among notCalls
// that call calls, or "".
func builtinName(call *ast.CallExpr) string {
	if id, ok := call.Fun.(*ast.Ident); ok && (notCalls[id.Name] || intTypes[id.Name]) {
		return id.Name
	}
	return ""
}

// captures reports whether body may keep a reference to a loop variable
// beyond its iteration: a function literal, a go or defer statement, or
// an address taken.
func captures(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit, *ast.GoStmt, *ast.DeferStmt:
			found = true
		case *ast.UnaryExpr:
			found = found || n.Op == token.AND
		}
		return !found
	})
	return found
}

// assigns reports whether body assigns to name.
func assigns(body *ast.BlockStmt, name string) bool {
	found := false
	is := func(x ast.Expr) bool { id, ok := x.(*ast.Ident); return ok && id.Name == name }
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.AssignStmt:
			if n.Tok != token.DEFINE {
				for _, l := range n.Lhs {
					found = found || is(l)
				}
			}
		case *ast.IncDecStmt:
			found = found || is(n.X)
		case *ast.UnaryExpr:
			found = found || (n.Op == token.AND && is(n.X))
		}
		return !found
	})
	return found
}
