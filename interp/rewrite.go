package interp

import (
	"crypto/sha256"
	"encoding/hex"
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
}

// rewrite records the edits for every item of the cell.
func (c *cell) rewrite(user, intName func(string) bool, global func(string) (reflect.Value, bool), source func(string) (string, bool)) (hasMain bool) {
	r := &rewriter{c: c, user: user, intName: intName, global: global, source: source}
	for i := range c.items {
		r.it = &c.items[i]
		var n ast.Node = r.it.stmt
		if r.it.decl != nil {
			n = r.it.decl
		}
		if fd, ok := n.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == "main" {
			c.replace(r.off(fd.Name.Pos()), r.off(fd.Name.End()), "__main")
			r.hasMain = true
		}
		ast.Inspect(n, r.visit)
	}
	sort.SliceStable(c.edits, func(i, j int) bool { return c.edits[i].off < c.edits[j].off })
	return r.hasMain
}

func (r *rewriter) off(p token.Pos) int { return r.it.off(p) }

func (r *rewriter) visit(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.FuncDecl:
		if n.Body != nil && hasCall(n.Body) {
			r.c.insert(r.off(n.Body.Lbrace)+1, checkpoint)
		}
	case *ast.FuncLit:
		if hasCall(n.Body) {
			r.c.insert(r.off(n.Body.Lbrace)+1, checkpoint)
		}
	case *ast.ForStmt:
		r.forStmt(n)
	case *ast.RangeStmt:
		r.rangeStmt(n)
	case *ast.GoStmt:
		r.goStmt(n)
	case *ast.CallExpr:
		r.builtin(n)
		r.namedTask(n)
	case *ast.AssignStmt:
		if len(n.Lhs) > 1 && len(n.Lhs) == len(n.Rhs) {
			r.parenComposites(n.Rhs)
		}
	case *ast.ValueSpec:
		if len(n.Names) > 1 && len(n.Names) == len(n.Values) {
			r.parenComposites(n.Values)
		}
	}
	return true
}

// goStmt rewrites `go f(x, y)` to
//
//	{ __f1 := f; __a1_0 := x; __a1_1 := y; __g1 := func() { __f1(__a1_0, __a1_1) }; __rt.Go(__g1) }
//
// so that the function and its arguments are evaluated before the
// goroutine starts, as with go, and rt.Go registers the goroutine with the
// cell's task and recovers its panics (a panic leaving an interpreted
// goroutine ends the process). The closure is held in a variable because
// yaegi v0.16.1 crashes now and then on a go statement whose function is a
// literal, and a literal handed straight to compiled code sees the last
// value of per-iteration variables.
func (r *rewriter) goStmt(n *ast.GoStmt) {
	r.tmp++
	k := r.tmp
	call := n.Call
	fn := fmt.Sprintf("__f%d", k)
	var sb strings.Builder
	fmt.Fprintf(&sb, "{ %s := ", fn)
	r.c.replace(r.off(n.Go), r.off(call.Fun.Pos()), sb.String())
	var args []string
	for i, a := range call.Args {
		name := fmt.Sprintf("__a%d_%d", k, i)
		args = append(args, name)
		start := r.off(call.Fun.End())
		if i > 0 {
			start = r.off(call.Args[i-1].End())
		}
		// Between the previous part and this argument: "(" or ", ".
		r.c.replace(start, r.off(a.Pos()), "; "+name+" := ")
	}
	last := r.off(call.Fun.End())
	if len(call.Args) > 0 {
		last = r.off(call.Args[len(call.Args)-1].End())
	}
	list := strings.Join(args, ", ")
	if call.Ellipsis.IsValid() {
		list += "..."
	}
	g := fmt.Sprintf("__g%d", k)
	r.c.replace(last, r.off(call.End()), fmt.Sprintf("; %s := func() { %s(%s) }; __rt.Go(%s) }", g, fn, list, g))
}

// taskMethods take a function first; the futures runtime names tasks by it.
var taskMethods = map[string]bool{"Submit": true, "Map": true, "Delay": true}

// namedTask rewrites x.Submit(f, ...), x.Map(f, ...) and futures.Delay(f,
// ...), where f names a function of the user's, to pass futures.Func{Name,
// Token, Fn}: yaegi gives compiled code a new wrapper for every use of an
// interpreted function, so the runtime could neither name it nor tell two
// uses apart. Token is a hash of the function's declaration.
func (r *rewriter) namedTask(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || !taskMethods[sel.Sel.Name] || len(call.Args) == 0 {
		return
	}
	id, ok := call.Args[0].(*ast.Ident)
	if !ok {
		return
	}
	src, ok := r.funcSource(id.Name)
	if !ok {
		return
	}
	sum := sha256.Sum256([]byte(src))
	r.c.replace(r.off(id.Pos()), r.off(id.End()),
		fmt.Sprintf("__rt.Func{Name: %q, Token: %q, Fn: %s}", id.Name, hex.EncodeToString(sum[:8]), id.Name))
}

// funcSource returns the declaration of the function name, from this cell
// or an earlier one.
func (r *rewriter) funcSource(name string) (string, bool) {
	for i := range r.c.items {
		if fd, ok := r.c.items[i].decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			it := &r.c.items[i]
			return r.c.src[it.start:it.end], true
		}
	}
	if ft, _ := r.cellFunc(name); ft != nil {
		return r.c.src, true // a literal assigned in this cell
	}
	if v, ok := r.global(name); ok && v.Kind() == reflect.Func && r.source != nil {
		return r.source(name)
	}
	return "", false
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
	case "clear":
		to = "__rt.Clear"
	default:
		return
	}
	r.c.replace(r.off(id.Pos()), r.off(id.End()), to)
}

// forStmt adds a checkpoint and, when the body may capture them, fresh
// copies of the loop variables for each iteration (Go 1.22 semantics). A
// body that assigns a loop variable keeps the old semantics.
func (r *rewriter) forStmt(f *ast.ForStmt) {
	body := r.off(f.Body.Lbrace) + 1
	r.c.insert(body, checkpoint)
	as, ok := f.Init.(*ast.AssignStmt)
	if !ok || as.Tok != token.DEFINE || !captures(f.Body) {
		return
	}
	var names []string
	for _, l := range as.Lhs {
		if id, ok := l.(*ast.Ident); ok && id.Name != "_" && !assigns(f.Body, id.Name) {
			names = append(names, id.Name)
		}
	}
	if len(names) > 0 {
		list := strings.Join(names, ", ")
		r.c.insert(body, list+" := "+list+";")
	}
}

// rangeStmt adds a checkpoint, lowers range over an integer to a counting
// loop, and gives each iteration its own variables when the body may
// capture them.
func (r *rewriter) rangeStmt(f *ast.RangeStmt) {
	body := r.off(f.Body.Lbrace) + 1
	r.c.insert(body, checkpoint)
	var names []string
	for _, x := range []ast.Expr{f.Key, f.Value} {
		if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	if r.isInt(f.X) {
		r.tmp++
		i, n := fmt.Sprintf("__i%d", r.tmp), fmt.Sprintf("__n%d", r.tmp)
		x := r.c.src[r.off(f.X.Pos()):r.off(f.X.End())]
		if call, ok := f.X.(*ast.CallExpr); ok && !isIntBuiltin(call) {
			// Evaluate a call once, in a block (a label on the loop would
			// then label the block: rare enough).
			r.c.replace(r.off(f.For), r.off(f.Body.Lbrace),
				fmt.Sprintf("{ %s := (%s); for %s := %s - %s; %s < %s; %s++ ", n, x, i, n, n, i, n, i))
			r.c.insert(r.off(f.Body.Rbrace)+1, " }")
		} else {
			r.c.replace(r.off(f.For), r.off(f.Body.Lbrace),
				fmt.Sprintf("for %s, %s := (%s)-(%s), (%s); %s < %s; %s++ ", i, n, x, x, x, i, n, i))
		}
		if len(names) == 1 {
			tok := " = "
			if f.Tok == token.DEFINE {
				tok = " := "
			}
			r.c.insert(body, names[0]+tok+i+";")
		}
		return
	}
	if n, ok := r.seqArity(f.X); ok && f.Tok != token.ASSIGN {
		r.rangeFunc(f, n)
		return
	}
	if f.Tok == token.DEFINE && len(names) > 0 && captures(f.Body) {
		list := strings.Join(names, ", ")
		r.c.insert(body, list+" := "+list+";")
	}
}

// seqArity reports whether x is a function iterator, func(yield func(...)
// bool), and how many values it yields: as a function literal, a global
// holding one, or a call of a global function returning one.
func (r *rewriter) seqArity(x ast.Expr) (int, bool) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return r.seqArity(x.X)
	case *ast.FuncLit:
		return astArity(x.Type)
	case *ast.Ident:
		if ft, _ := r.cellFunc(x.Name); ft != nil {
			return astArity(ft)
		}
		if v, ok := r.global(x.Name); ok && v.Kind() == reflect.Func {
			return typeArity(v.Type())
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok {
			if ft, decl := r.cellFunc(id.Name); ft != nil {
				if !decl || ft.Results.NumFields() != 1 {
					return 0, false
				}
				if res, ok := ft.Results.List[0].Type.(*ast.FuncType); ok {
					return astArity(res)
				}
				return 0, false
			}
			if v, ok := r.global(id.Name); ok && v.Kind() == reflect.Func && v.Type().NumOut() == 1 {
				return typeArity(v.Type().Out(0))
			}
		}
	}
	return 0, false
}

// cellFunc returns the type of the function the cell declares as name, by
// a func declaration (decl true) or a function literal assigned to it.
func (r *rewriter) cellFunc(name string) (ft *ast.FuncType, decl bool) {
	for i := range r.c.items {
		switch n := ast.Node(r.c.items[i].stmt).(type) {
		case *ast.AssignStmt:
			for k, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name && k < len(n.Rhs) {
					if lit, ok := n.Rhs[k].(*ast.FuncLit); ok {
						ft = lit.Type
					}
				}
			}
		}
		switch d := r.c.items[i].decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == name {
				return d.Type, true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for k, id := range vs.Names {
						if id.Name == name && k < len(vs.Values) {
							if lit, ok := vs.Values[k].(*ast.FuncLit); ok {
								ft = lit.Type
							}
						}
					}
				}
			}
		}
	}
	return ft, false
}

// astArity is seqArity for a function type in the source.
func astArity(t *ast.FuncType) (int, bool) {
	ps := t.Params.List
	if len(ps) != 1 || len(ps[0].Names) > 1 || t.Results.NumFields() != 0 {
		return 0, false
	}
	yield, ok := ps[0].Type.(*ast.FuncType)
	if !ok || yield.Results.NumFields() != 1 || yield.Params.NumFields() > 2 {
		return 0, false
	}
	return yield.Params.NumFields(), true
}

// typeArity is seqArity for a reflect type.
func typeArity(t reflect.Type) (int, bool) {
	if t.Kind() != reflect.Func || t.NumIn() != 1 || t.NumOut() != 0 {
		return 0, false
	}
	y := t.In(0)
	if y.Kind() != reflect.Func || y.NumOut() != 1 || y.Out(0).Kind() != reflect.Bool || y.NumIn() > 2 {
		return 0, false
	}
	return y.NumIn(), true
}

// rangeFunc lowers range over a function iterator yielding n values to a
// range over the channels of __pull<n>, in a block that stops the
// iterator when the loop ends (a return from inside the loop leaves it
// blocked).
func (r *rewriter) rangeFunc(f *ast.RangeStmt, n int) {
	r.tmp++
	x := r.c.src[r.off(f.X.Pos()):r.off(f.X.End())]
	id := func(e ast.Expr) string {
		if e == nil {
			return "_"
		}
		return r.c.src[r.off(e.Pos()):r.off(e.End())]
	}
	k, v := id(f.Key), id(f.Value)
	ch, vs, stop := fmt.Sprintf("__ch%d", r.tmp), fmt.Sprintf("__vs%d", r.tmp), fmt.Sprintf("__stop%d", r.tmp)
	var head, body string
	switch n {
	case 0:
		head = fmt.Sprintf("{ %s, %s := __pull0(%s); for range %s ", ch, stop, x, ch)
	case 1:
		head = fmt.Sprintf("{ %s, %s := __pull1(%s); for %s := range %s ", ch, stop, x, k, ch)
		if k == "_" {
			head = fmt.Sprintf("{ %s, %s := __pull1(%s); for range %s ", ch, stop, x, ch)
		}
	case 2:
		head = fmt.Sprintf("{ %s, %s, %s := __pull2(%s); for %s := range %s ", ch, vs, stop, x, k, ch)
		if k == "_" {
			head = fmt.Sprintf("{ %s, %s, %s := __pull2(%s); for range %s ", ch, vs, stop, x, ch)
		}
		body = v + " := <-" + vs + ";"
		if v == "_" {
			body = "<-" + vs + ";"
		}
	}
	r.c.replace(r.off(f.For), r.off(f.Body.Lbrace), head)
	if body != "" {
		r.c.insert(r.off(f.Body.Lbrace)+1, body)
	}
	r.c.insert(r.off(f.Body.Rbrace)+1, "; "+stop+"() }")
}

// isInt reports whether x is, as far as the syntax and the session's
// globals tell, an integer: a literal, len/cap, an int conversion, integer
// arithmetic, or a name declared as an integer in the enclosing code or
// held by a global.
func (r *rewriter) isInt(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return r.isInt(x.X)
	case *ast.BinaryExpr:
		return r.isInt(x.X) || r.isInt(x.Y)
	case *ast.CallExpr:
		return r.intCall(x)
	case *ast.Ident:
		return r.intDecl(x.Name) || r.intName(x.Name)
	}
	return false
}

// intDecl reports whether the cell declares name as an integer: a
// parameter, `name := <int>`, `var name int` or a constant.
func (r *rewriter) intDecl(name string) bool {
	found := false
	for i := range r.c.items {
		n := ast.Node(r.c.items[i].stmt)
		if r.c.items[i].decl != nil {
			n = r.c.items[i].decl
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				for _, id := range n.Names {
					if t, ok := n.Type.(*ast.Ident); ok && id.Name == name && intTypes[t.Name] {
						found = true
					}
				}
			case *ast.ValueSpec:
				for k, id := range n.Names {
					if id.Name != name {
						continue
					}
					if t, ok := n.Type.(*ast.Ident); ok && intTypes[t.Name] {
						found = true
					}
					if n.Type == nil && k < len(n.Values) && r.isIntLit(n.Values[k]) {
						found = true
					}
				}
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					for k, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name == name && r.isIntLit(n.Rhs[k]) {
							found = true
						}
					}
				}
			}
			return !found
		})
	}
	return found
}

// isIntLit is isInt without the name lookups, which could loop.
func (r *rewriter) isIntLit(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return r.isIntLit(x.X)
	case *ast.BinaryExpr:
		return r.isIntLit(x.X) && r.isIntLit(x.Y)
	case *ast.CallExpr:
		return r.intCall(x)
	}
	return false
}

// isIntBuiltin reports whether call is len, cap or an integer conversion.
func isIntBuiltin(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	return ok && (id.Name == "len" || id.Name == "cap" || intTypes[id.Name])
}

// intCall reports whether call returns an integer: len, cap, an integer
// conversion, or a function of the cell or the session whose one result is
// an integer.
func (r *rewriter) intCall(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	if id.Name == "len" || id.Name == "cap" || intTypes[id.Name] {
		return true
	}
	if ft, decl := r.cellFunc(id.Name); ft != nil {
		if !decl || ft.Results.NumFields() != 1 {
			return false
		}
		t, ok := ft.Results.List[0].Type.(*ast.Ident)
		return ok && intTypes[t.Name]
	}
	if v, ok := r.global(id.Name); ok && v.Kind() == reflect.Func && v.Type().NumOut() == 1 {
		switch v.Type().Out(0).Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return true
		}
	}
	return false
}

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"byte": true, "rune": true,
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
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.CallExpr:
			if id, ok := n.Fun.(*ast.Ident); ok && (notCalls[id.Name] || intTypes[id.Name]) {
				return true
			}
			found = true
		}
		return !found
	})
	return found
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
