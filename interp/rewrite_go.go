package interp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"strings"
)

// Rewrites of go statements and of calls that hand a function to the
// futures runtime.

// goStmt rewrites `go f(x, y)` to
//
//	{ __h1 := func() { __f1 := f; __a1_0 := x; __a1_1 := y; __g1 := func() { __f1(__a1_0, __a1_1) }; go __go(__rt.Spawn(), __g1) }; __h1() }
//
// so that the function and its arguments are evaluated before the
// goroutine starts, as with go, and __go (see runtime.go) registers the
// goroutine with the cell's task and recovers its panics in interpreted
// code (a panic leaving an interpreted goroutine ends the process).
//
// The goroutine stays interpreted, and every closure it calls is made in
// the frame of __h1, a fresh one each time the go statement runs, because
// of how yaegi v0.16.1 runs a closure: when a call returns, it writes the
// value the literal's slot held before the closure was made back into that
// slot of the frame that made it, under the frame's lock, while that
// frame's own code reads the slot without the lock. A closure made in the
// cell's frame and run on another goroutine (handed to compiled code that
// starts it, or `go func() {...}()` in a loop) races with the cell making
// the next closure from the same literal, and the cell may read an earlier
// closure back. __h1 runs on the cell's goroutine, and nothing reads its
// frame after it returns.
//
// The extra closure and deferred call cost: a goroutine that sends one
// value, started from a loop in a cell function, took about 50 µs against
// 25 µs through rt.Go (20000 of them, on a shared 2-core machine).
//
// A builtin (`go println(x)`, `go close(ch)`) is no value to take, so its
// name stays in __g1, which calls it with the arguments evaluated before,
// as the go statement would; an argument that is a literal stays as it is,
// since a literal needs no evaluating and keeps its untyped constant's
// type (`go delete(m, "k")` with keys of a named string type).
func (r *rewriter) goStmt(n *ast.GoStmt) {
	r.tmp++
	k := r.tmp
	call := n.Call
	fn := fmt.Sprintf("__f%d", k)
	builtin := r.goBuiltin(call)
	if builtin != "" {
		fn = builtin
		r.c.replace(r.off(n.Go), r.off(call.Fun.End()), fmt.Sprintf("{ __h%d := func() {", k))
	} else if sel, take, ok := r.compiledMethod(call); ok {
		// The receiver is evaluated now, as the method value would be,
		// and the method called on it in the goroutine.
		recv := fmt.Sprintf("__r%d", k)
		fn = recv + "." + sel.Sel.Name
		open, closing := "", ""
		if take != "" {
			open, closing = take+"(", ")"
		}
		r.c.replace(r.off(n.Go), r.off(sel.X.Pos()), fmt.Sprintf("{ __h%d := func() { %s := %s", k, recv, open))
		r.c.replace(r.off(sel.X.End()), r.off(call.Fun.End()), closing)
	} else {
		r.c.replace(r.off(n.Go), r.off(call.Fun.Pos()), fmt.Sprintf("{ __h%d := func() { %s := ", k, fn))
	}
	var args []string
	for i, a := range call.Args {
		start := r.off(call.Fun.End())
		if i > 0 {
			start = r.off(call.Args[i-1].End())
		}
		// Between the previous part and this argument: "(" or ", ".
		if _, ok := numLiteral(a); builtin != "" && (ok || isStringLit(a)) {
			args = append(args, r.c.src[r.off(a.Pos()):r.off(a.End())])
			r.c.replace(start, r.off(a.End()), "")
			continue
		}
		name := fmt.Sprintf("__a%d_%d", k, i)
		args = append(args, name)
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
	body := r.atGo(call, builtin == "") + fmt.Sprintf("%s(%s)", fn, list) + " }" + r.c.at(r.off(call.End()))
	g := fmt.Sprintf("__g%d", k)
	r.c.replace(last, r.off(call.End()), fmt.Sprintf("; %s := func() { %s; go __go(__rt.Spawn(), %s) }; __h%d() }", g, body, g, k))
}

// atGo gives the call in __g the cell position of the go statement's
// call, which is where yaegi reports the frame of __g, and records that
// the frame is at that statement (see rewrite_pos.go); the caller puts
// back the position after the call. The frame of __g is the goroutine's
// own only when it calls a builtin, or a nil function: otherwise, wrapper
// says so, and a traceback leaves it out below the function's frames.
func (r *rewriter) atGo(call *ast.CallExpr, wrapper bool) string {
	off := r.off(call.Fun.Pos())
	line, col := r.c.position(off)
	if r.c.funcs == nil {
		r.c.funcs = map[linecol]funcEntry{}
	}
	r.c.funcs[linecol{line, col}] = funcEntry{slot: -1, fixed: off + 1, wrapper: wrapper}
	return r.c.at(off)
}

// compiledMethod reports whether call calls a method of a compiled
// package's type directly (not through an embedded field), which the go
// statement's rewrite must not take as a method value: yaegi v0.16.1 gives
// the method value of a compiled method the type of the method expression,
// receiver first, and the assignment fails with "reflect.Set: value of
// type func(...) is not assignable to type func(*T, ...)" (`go
// client.Submit(f, x)`, `go wg.Done()` on a *sync.WaitGroup). take is what
// gives the receiver the method binds, as the method value would: "&" for
// a pointer method of an addressable value, "*" for a value method through
// a pointer, "" when the operand is that already.
func (r *rewriter) compiledMethod(call *ast.CallExpr) (sel *ast.SelectorExpr, take string, ok bool) {
	sel, ok = call.Fun.(*ast.SelectorExpr)
	if !ok || r.c.checked == nil {
		return nil, "", false
	}
	s := r.c.checked.Info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) != 1 {
		return nil, "", false
	}
	m := s.Obj()
	if m.Pkg() == nil || m.Pkg().Path() == "main" {
		return nil, "", false
	}
	if types.IsInterface(s.Recv()) {
		return sel, "", true
	}
	sig, _ := m.Type().(*types.Signature)
	if sig == nil || sig.Recv() == nil {
		return nil, "", false
	}
	take = receiverTake(sig, s)
	return sel, take, true
}

// goBuiltins are the builtins a go statement may call. clear is not among
// them: the rewrite calls the session's own (see rewriter.builtin), a
// function like any other.
var goBuiltins = map[string]bool{
	"close": true, "copy": true, "delete": true, "panic": true,
	"print": true, "println": true, "recover": true,
}

// goBuiltin returns the name of the builtin that call calls, or "" when
// it calls something else (a user global of that name, say).
func (r *rewriter) goBuiltin(call *ast.CallExpr) string {
	id, ok := call.Fun.(*ast.Ident)
	if !ok || !goBuiltins[id.Name] || r.user(id.Name) {
		return ""
	}
	return id.Name
}

// isStringLit reports whether e is a string literal.
func isStringLit(e ast.Expr) bool {
	l, ok := e.(*ast.BasicLit)
	return ok && l.Kind == token.STRING
}

// taskMethods take a function first; the futures runtime names tasks by it.
var taskMethods = map[string]bool{"Submit": true, "Map": true, "Delay": true}

// namedTask rewrites x.Submit(f, ...), x.Map(f, ...) and futures.Delay(f,
// ...), where f names a function of the user's, to pass futures.Func{Name,
// Token, Fn}: yaegi gives compiled code a new wrapper for every use of an
// interpreted function, so the runtime could neither name it nor tell two
// uses apart. Token is a hash of the function's declaration.
//
// Inside a loop, where f is a top-level function declaration (not a
// variable, whose value may change between calls), the Func is made once,
// before the loop (hoistTask), and the call passes it: making it in the
// loop, a struct and a wrapper per call, took about a tenth of a Submit's
// cost from a cell.
func (r *rewriter) namedTask(call *ast.CallExpr) {
	r.submitCall(call)
	if len(call.Args) == 0 {
		return
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	direct := ok && taskMethods[sel.Sel.Name] && r.c.futuresCall(sel)
	value := !direct && r.taskValueCall(call)
	if !direct && !value {
		return
	}
	r.taskArgs(call, value)
	id, ok := call.Args[0].(*ast.Ident)
	if !ok || r.c.local(id) {
		return
	}
	if r.c.checked != nil {
		if t := r.c.checked.Info.TypeOf(id); t != nil && types.IsInterface(t) {
			return // taskArgs took it
		}
	}
	src, declared, ok := r.funcSource(id.Name)
	if !ok {
		return
	}
	token := fmt.Sprintf("%q", funcToken(src))
	if declared {
		// Code compiled now may run after a later cell declares the
		// function again, and then call the new body (rewrite_func.go):
		// the session gives the token of the declaration it calls.
		token = fmt.Sprintf("__rt.FuncToken(%q, %s)", id.Name, token)
	}
	fn := fmt.Sprintf("__rt.Func{Name: %q, Token: %s, Fn: %s}", id.Name, token, id.Name)
	if at, ok := r.hoistPoint(id); ok {
		r.tmp++
		v := fmt.Sprintf("__tf%d", r.tmp)
		// First among the edits at this offset, so that none replacing
		// text from here on hides it (see cell.text); the directive after
		// it gives what follows its cell position back.
		r.c.edits = append([]edit{{at, at, fmt.Sprintf("var %s interface{} = %s; %s", v, fn, r.c.at(at))}}, r.c.edits...)
		fn = v
	}
	r.c.replace(r.off(id.Pos()), r.off(id.End()), fn)
}

// submitCall rewrites c.Submit(f, x) and c.Submit(f, x, y), where c is a
// *futures.Client, to __rt.Submit1(c, f, x) and __rt.Submit2(c, f, x, y),
// which yaegi calls for less than the variadic method (bridge_submit.go).
// c is evaluated once, before the arguments, as before. A go or defer
// statement's call is left alone: its rewrite takes the method value.
func (r *rewriter) submitCall(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	n := len(call.Args) - 1
	if !ok || sel.Sel.Name != "Submit" || n < 1 || n > 2 || call.Ellipsis.IsValid() || r.c.checked == nil {
		return
	}
	s := r.c.checked.Info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || types.TypeString(s.Recv(), nil) != "*"+futuresPath+".Client" {
		return
	}
	if len(r.stack) > 0 {
		switch r.stack[len(r.stack)-1].(type) {
		case *ast.GoStmt, *ast.DeferStmt:
			return
		}
	}
	r.c.insert(r.off(sel.X.Pos()), fmt.Sprintf("__rt.Submit%d(", n))
	r.c.replace(r.off(sel.X.End()), r.off(call.Lparen)+1, ", ")
}

// hoistPoint returns the offset where the Func of a task call of id may be
// made once for many calls: the start of the body of the function that
// encloses the call, or of the top-level statement, when the call is in a
// loop there and id names a top-level function that is not generic.
// Every name the call sees at that point is the one it sees at the call,
// since nothing between may declare a top-level function. A top-level
// statement is the body of a func init shared with the cell's other
// statements, so a goto among them could jump over the declaration: cells
// with a goto get no hoisting at the top level.
func (r *rewriter) hoistPoint(id *ast.Ident) (int, bool) {
	if r.c.checked == nil {
		return 0, false
	}
	f, ok := r.c.checked.Info.Uses[id].(*types.Func)
	if !ok || f.Pkg() == nil || f.Parent() != f.Pkg().Scope() {
		return 0, false
	}
	if sig, ok := f.Type().(*types.Signature); !ok || sig.TypeParams().Len() > 0 {
		return 0, false
	}
	loop := false
	for i := len(r.stack) - 1; i >= 0; i-- {
		var body *ast.BlockStmt
		switch n := r.stack[i].(type) {
		case *ast.ForStmt, *ast.RangeStmt:
			loop = true
			continue
		case *ast.FuncLit:
			body = n.Body
		case *ast.FuncDecl:
			body = n.Body
		default:
			continue
		}
		return r.off(body.Lbrace) + 1, loop
	}
	if !loop || r.it.stmt == nil || isDefine(r.it.stmt) || r.c.hasGoto() {
		return 0, false
	}
	return r.it.start, true
}

// hasGoto reports whether a top-level statement of the cell has a goto.
func (c *cell) hasGoto() bool {
	found := false
	for i := range c.items {
		if c.items[i].stmt == nil {
			continue
		}
		ast.Inspect(c.items[i].stmt, func(n ast.Node) bool {
			if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
				found = true
			}
			return !found
		})
	}
	return found
}

// local reports whether the type checker found that id names a local of
// a function (a parameter or variable that may shadow a function of the
// same name), which the name and token of a declaration would not
// describe. The cell's own top-level defines are globals, not locals,
// though the checker sees them in a function of the cell.
func (c *cell) local(id *ast.Ident) bool {
	if c.checked == nil {
		return false
	}
	obj := c.checked.Info.Uses[id]
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	// Earlier cells' globals are in no scope of this check's package, or in
	// that of the first check that used them: a package scope either way.
	if p := obj.Parent(); p == nil || p == obj.Pkg().Scope() || p.Parent() == types.Universe {
		return false
	}
	for i := range c.items {
		var names []*ast.Ident
		switch s := c.items[i].stmt.(type) {
		case *ast.AssignStmt:
			if s.Tok == token.DEFINE {
				for _, l := range s.Lhs {
					if n, ok := l.(*ast.Ident); ok {
						names = append(names, n)
					}
				}
			}
		case *ast.DeclStmt:
			if g, ok := s.Decl.(*ast.GenDecl); ok && g.Tok == token.VAR {
				for _, sp := range g.Specs {
					names = append(names, sp.(*ast.ValueSpec).Names...)
				}
			}
		}
		for _, n := range names {
			if c.checked.Info.Defs[n] == obj {
				return false
			}
		}
	}
	return true
}

// futuresPath is the import path of the futures package.
const futuresPath = "github.com/gofutures/gofutures/futures"

// futuresCall reports whether sel names a function or method of the
// futures package, by the types the checker found: a cell's own type with
// a Map method is left alone. Without types (a test of yaegi alone), every
// method of a task's name is taken for one.
func (c *cell) futuresCall(sel *ast.SelectorExpr) bool {
	if c.checked == nil {
		return true
	}
	obj := c.checked.Info.Uses[sel.Sel]
	return obj != nil && obj.Pkg() != nil && obj.Pkg().Path() == futuresPath
}

// funcSource returns the declaration of the function name, from this cell
// or an earlier one, and whether it may be a function declaration (not a
// variable holding a function).
func (r *rewriter) funcSource(name string) (src string, declared, ok bool) {
	for i := range r.c.items {
		if fd, ok := r.c.items[i].decl.(*ast.FuncDecl); ok && fd.Recv == nil && fd.Name.Name == name {
			it := &r.c.items[i]
			return r.c.src[it.start:it.end], true, true
		}
	}
	if ft, _ := r.cellFunc(name); ft != nil {
		return r.c.src, false, true // a literal assigned in this cell
	}
	if v, ok := r.global(name); ok && v.Kind() == reflect.Func && r.source != nil {
		src, ok := r.source(name)
		return src, true, ok
	}
	return "", false, false
}

// funcToken is the token of a function's source in pure task keys: a
// hash of its text.
func funcToken(src string) string {
	sum := sha256.Sum256([]byte(src))
	return hex.EncodeToString(sum[:8])
}

// receiverTake is what gives the method of selection s, of signature sig,
// the receiver it binds, as the method value would: "&" for a pointer
// method of an addressable value, "*" for a value method through a
// pointer, "" when the operand is that already.
func receiverTake(sig *types.Signature, s *types.Selection) string {
	_, ptrMethod := sig.Recv().Type().(*types.Pointer)
	_, ptrOperand := s.Recv().(*types.Pointer)
	switch {
	case ptrMethod && !ptrOperand:
		return "&"
	case !ptrMethod && ptrOperand:
		return "*"
	}
	return ""
}
