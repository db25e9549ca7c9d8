package interp

import (
	"go/ast"
	"go/token"
	"strconv"
	"strings"
)

// A cell runs as a list of steps, each one yaegi Eval, in source order:
//
//   - imports first, all of them, skipping those already made;
//   - runs of declarations (func, type, const, var without a value) as one
//     file, so that they may refer to each other;
//   - a top-level `x := v` or `var x = v` as a declaration of x with its
//     checked type and a func init that assigns it (lower_typed.go), or,
//     when the type cannot be written, as a statement of yaegi's REPL, which
//     keeps x as a global (a var declaration whose value refers to an
//     earlier cell's global fails in yaegi with "variable definition loop");
//   - runs of other statements as the body of a func init, which yaegi runs
//     once, where := inside blocks behaves as in any Go function;
//   - the final expression, shown through the prelude's __show.

type stepKind int

const (
	stepDecl stepKind = iota // a file of declarations
	stepREPL                 // a REPL statement that defines globals
	stepInit                 // statements run as func init
	stepShow                 // the final expression
)

// step is one Eval.
type step struct {
	kind  stepKind
	src   string
	names []string // globals it declares
	expr  ast.Expr // for stepShow
	it    *item    // for stepShow and stepREPL
	items []*item  // for stepDecl: the declarations it holds

	// lhs and rhs are, for a var declaration, its names (after their
	// position) and its values, as `lhs = rhs` assigns them.
	lhs, rhs string

	guarded  bool // declares __its (see iterGuard)
	from, to int  // the cell offsets of its items
}

// plan is what a cell runs.
type plan struct {
	imports []*ast.ImportSpec
	steps   []step
	source  map[string]string // declared name -> its declaration's text
	hasMain bool

	typedImports map[string]string // name -> path, imported to name types (lower_typed.go)
}

// lower turns a rewritten cell into steps.
func (c *cell) lower(hasMain bool) *plan {
	p := &plan{source: map[string]string{}, hasMain: hasMain, typedImports: map[string]string{}}
	var run *step
	var cur *item
	flush := func() {
		if run != nil {
			if run.kind == stepInit {
				run.src += "}\n"
			}
			p.steps = append(p.steps, *run)
			run = nil
		}
	}
	join := func(kind stepKind, text string, it *item) {
		if run != nil && run.kind != kind {
			flush()
		}
		if run == nil {
			run = &step{kind: kind, src: wrapper + "package main\n", from: cur.start}
			if kind == stepInit {
				run.src += "func init() {\n"
			}
		}
		run.src += text + "\n"
		run.to = cur.end
		if it != nil && (len(run.items) == 0 || run.items[len(run.items)-1] != it) {
			run.items = append(run.items, it)
		}
	}
	for i := range c.items {
		it := &c.items[i]
		cur = it
		text := c.at(it.start) + c.text(it.start, it.end)
		switch {
		case it.kind == itemImport:
			for _, s := range it.decl.(*ast.GenDecl).Specs {
				p.imports = append(p.imports, s.(*ast.ImportSpec))
			}
		case it.kind == itemDecl:
			c.declare(p, it, join, flush)
		case isDefine(it.stmt):
			flush()
			as := it.stmt.(*ast.AssignStmt)
			st := step{kind: stepREPL, src: text, it: it, from: it.start, to: it.end}
			if typed, imports, ok := c.typedDefine(as, it); ok {
				st.src = typed
				for n, path := range imports {
					p.typedImports[n] = path
				}
			}
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					st.names = append(st.names, id.Name)
					p.source[id.Name] = c.src[it.start:it.end]
				}
			}
			p.steps = append(p.steps, st)
		case i == len(c.items)-1 && !it.semi && isExpr(it.stmt) && !hasMain && !voidBuiltin(it.stmt):
			flush()
			x := it.stmt.(*ast.ExprStmt).X
			p.steps = append(p.steps, step{kind: stepShow, src: text, expr: x, it: it})
		default:
			if it.guard && (run == nil || run.kind != stepInit || !run.guarded) {
				join(stepInit, iterGuardDecl, nil)
				run.guarded = true
			}
			join(stepInit, text, nil)
		}
	}
	if hasMain {
		join(stepInit, "__main()", nil)
	}
	flush()
	return p
}

func isDefine(s ast.Stmt) bool {
	as, ok := s.(*ast.AssignStmt)
	return ok && as.Tok == token.DEFINE
}

// voidBuiltin reports whether s calls a builtin that returns nothing.
func voidBuiltin(s ast.Stmt) bool {
	call, ok := s.(*ast.ExprStmt).X.(*ast.CallExpr)
	if !ok {
		return false
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	switch id.Name {
	case "close", "delete", "panic", "print", "println", "clear":
		return true
	}
	return false
}

func isExpr(s ast.Stmt) bool {
	_, ok := s.(*ast.ExprStmt)
	return ok
}

// declare adds a top-level declaration to the plan.
func (c *cell) declare(p *plan, it *item, join func(stepKind, string, *item), flush func()) {
	src := c.src[it.start:it.end]
	gd, ok := it.decl.(*ast.GenDecl)
	if !ok {
		fd := it.decl.(*ast.FuncDecl)
		if fd.Recv == nil {
			p.source[fd.Name.Name] = src
		}
		join(stepDecl, c.at(it.start)+c.text(it.start, it.end), it)
		return
	}
	if gd.Tok != token.VAR {
		for _, s := range gd.Specs {
			switch s := s.(type) {
			case *ast.TypeSpec:
				p.source[s.Name.Name] = src
			case *ast.ValueSpec:
				for _, n := range s.Names {
					p.source[n.Name] = src
				}
			}
		}
		join(stepDecl, c.at(it.start)+c.text(it.start, it.end), it)
		return
	}
	for _, s := range gd.Specs {
		vs := s.(*ast.ValueSpec)
		a, b := it.off(vs.Pos()), it.off(vs.End())
		var names []string
		for _, n := range vs.Names {
			names = append(names, n.Name)
			p.source[n.Name] = src
		}
		if len(vs.Values) == 0 {
			join(stepDecl, "var "+c.at(a)+c.text(a, b), it)
			continue
		}
		// var a, b T = x, y  ->  a, b := (T)(x), (T)(y), or declared with
		// their checked types and assigned in a func init (typedVar)
		flush()
		lhs := c.at(a) + strings.Join(names, ", ")
		var sb strings.Builder
		typ := ""
		if vs.Type != nil {
			typ = c.text(it.off(vs.Type.Pos()), it.off(vs.Type.End()))
		}
		for k, v := range vs.Values {
			if k > 0 {
				sb.WriteString(", ")
			}
			x := c.at(it.off(v.Pos())) + c.text(it.off(v.Pos()), it.off(v.End()))
			switch {
			case typ != "" && c.compiledIface(vs.Type, func(string) bool { return false }):
				x = asIface(typ, x)
			case typ != "":
				x = "(" + typ + ")(" + x + ")"
			}
			sb.WriteString(x)
		}
		st := step{kind: stepREPL, src: lhs + " := " + sb.String(), names: names, it: it, from: it.start, to: it.end, lhs: lhs, rhs: sb.String()}
		if typed, imports, ok := c.typedVar(vs, lhs+" = "+sb.String()); ok {
			st.src = typed
			for n, path := range imports {
				p.typedImports[n] = path
			}
		}
		p.steps = append(p.steps, st)
	}
}

// importName is the local name an import spec binds, or "" when it is
// unknown until the package is found.
func importName(s *ast.ImportSpec) (name, path string) {
	path, _ = strconv.Unquote(s.Path.Value)
	if s.Name != nil {
		return s.Name.Name, path
	}
	return "", path
}
