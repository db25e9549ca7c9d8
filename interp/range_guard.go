package interp

import (
	"go/ast"
	"go/token"
	"reflect"
	"slices"
	"sort"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/yaegimsg"
)

// yaegi v0.16.1 compiles a range over any pointer as one over a pointer to
// an array, so a range over a pointer to anything else would fail only
// when it runs. A range left to yaegi is therefore followed by a guard,
// `if false { _ = len(x) }`, which never runs: len compiles for what yaegi
// ranges over (slices, arrays and pointers to them, strings, maps,
// channels) and not for other pointers, so that compiling fails and
// learnRanges (range_retry.go) names the operand's type.

// rangeGuard gives the range statement whose body is b its guard, when
// yaegi is left to run the range: its operand's type is unknown, or known
// to be one that yaegi ranges over itself. It runs when the rewrite
// reaches the body, after the edits of the operand, whose text the guard
// repeats. There is no guard when the operand spans lines (the guard
// would move the lines after it), holds a function literal or is known to
// be no pointer, nor when the user declared a len of their own. A guard
// costs a function that runs it about 0.1 µs a call: yaegi allocates a
// value for len's result in every call's frame.
func (r *rewriter) rangeGuard(b *ast.BlockStmt) {
	if len(r.stack) == 0 || r.locals["len"] || r.user("len") {
		return
	}
	f, ok := r.stack[len(r.stack)-1].(*ast.RangeStmt)
	if !ok || f.Body != b || r.notPointer(f.X) || hasFuncLit(f.X) {
		return
	}
	unknown := slices.ContainsFunc(r.c.ranges, func(a rangeAt) bool { return a.f == f })
	if h := r.c.hints[f]; h != hintNative && !(h == hintNone && unknown) {
		return
	}
	a, z := r.off(f.X.Pos()), r.off(f.X.End())
	if strings.Contains(r.c.src[a:z], "\n") {
		return
	}
	r.c.insert(r.off(b.Rbrace)+1, "; if false { _ = len("+r.c.textSoFar(a, z)+") }")
}

// notPointer reports whether x is known to be no pointer (or a pointer to
// an array), so that its range needs no guard: by its form (see
// notPointerForm), as a name that every declaration in the cell shows to
// be one, or, when the cell declares none, as a global that holds one.
func (r *rewriter) notPointer(x ast.Expr) bool {
	for {
		p, ok := x.(*ast.ParenExpr)
		if !ok {
			break
		}
		x = p.X
	}
	id, ok := x.(*ast.Ident)
	if !ok {
		return r.notPointerForm(x)
	}
	if seen, all := r.declaredAs(id.Name, func(t ast.Expr) bool { return notPointerType(t) || r.notPointerForm(t) }); seen {
		return all
	}
	v, ok := r.global(id.Name)
	return ok && (v.Kind() != reflect.Pointer || v.Type().Elem().Kind() == reflect.Array)
}

// declaredAs reports whether the cell declares name, and whether every
// declaration has a type or value expression (see declType) that is
// accepts.
func (r *rewriter) declaredAs(name string, is func(ast.Expr) bool) (seen, all bool) {
	all = true
	for i := range r.c.items {
		n := ast.Node(r.c.items[i].stmt)
		if r.c.items[i].decl != nil {
			n = r.c.items[i].decl
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if t, ok := declType(n, name); ok {
				seen = true
				all = all && t != nil && is(t)
			}
			return all
		})
	}
	return seen, all
}

// notPointerForm reports whether the expression x is no pointer by its
// form: a literal, a slice expression, arithmetic, make, append or a
// conversion to a slice type.
func (r *rewriter) notPointerForm(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit, *ast.CompositeLit, *ast.SliceExpr, *ast.BinaryExpr:
		return true
	case *ast.CallExpr:
		if _, ok := x.Fun.(*ast.ArrayType); ok {
			return true
		}
		id, ok := x.Fun.(*ast.Ident)
		return ok && (id.Name == "make" || id.Name == "append") && !r.user(id.Name)
	}
	return false
}

// declType reports whether n declares name, and returns its type or value
// expression there (nil when there is none to tell the type by).
func declType(n ast.Node, name string) (ast.Expr, bool) {
	switch n := n.(type) {
	case *ast.Field:
		for _, id := range n.Names {
			if id.Name == name {
				return n.Type, true
			}
		}
	case *ast.ValueSpec:
		for k, id := range n.Names {
			switch {
			case id.Name != name:
			case n.Type != nil:
				return n.Type, true
			case len(n.Values) == len(n.Names):
				return n.Values[k], true
			default:
				return nil, true
			}
		}
	case *ast.AssignStmt:
		for k, l := range n.Lhs {
			if id, ok := l.(*ast.Ident); ok && id.Name == name && n.Tok == token.DEFINE {
				if len(n.Rhs) == len(n.Lhs) {
					return n.Rhs[k], true
				}
				return nil, true
			}
		}
	case *ast.RangeStmt:
		for _, x := range []ast.Expr{n.Key, n.Value} {
			if id, ok := x.(*ast.Ident); ok && id.Name == name && n.Tok == token.DEFINE {
				return nil, true
			}
		}
	case *ast.FuncDecl:
		if n.Name.Name == name && n.Recv == nil {
			return nil, true
		}
	case *ast.TypeSpec:
		if n.Name.Name == name {
			return nil, true
		}
	}
	return nil, false
}

// notPointerType reports whether the type expression t is a slice, array,
// map, channel, string or pointer to an array.
func notPointerType(t ast.Expr) bool {
	switch t := t.(type) {
	case *ast.ArrayType, *ast.MapType, *ast.ChanType:
		return true
	case *ast.StarExpr:
		_, ok := t.X.(*ast.ArrayType)
		return ok
	case *ast.Ident:
		return t.Name == "string"
	}
	return false
}

// hasFuncLit reports whether x holds a function literal, whose marks (see
// rewrite_pos.go) a guard should not repeat.
func hasFuncLit(x ast.Expr) bool {
	found := false
	ast.Inspect(x, func(n ast.Node) bool {
		_, lit := n.(*ast.FuncLit)
		found = found || lit
		return !found
	})
	return found
}

// guardFailed reports whether yaegi's message msg may tell a range over
// a pointer that is not to an array: a guard's, or yaegi's own panic when
// the pointer is to a compiled type.
func guardFailed(msg string) bool {
	return yaegimsg.LenRefused(msg)
}

// textSoFar is c.text(a, b) while the rewrite is still recording edits,
// out of order.
func (c *cell) textSoFar(a, b int) string {
	var in []edit
	for _, e := range c.edits {
		if e.off >= a && e.end <= b {
			in = append(in, e)
		}
	}
	sort.SliceStable(in, func(i, j int) bool { return in[i].off < in[j].off })
	all := c.edits
	c.edits = in
	defer func() { c.edits = all }()
	return c.text(a, b)
}
