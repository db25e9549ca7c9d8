package interp

import (
	"go/ast"
	"go/token"
	"go/types"
	"strings"
)

// yaegi v0.16.1 runs a top-level `x := v` (a statement of its REPL that
// declares a global) wrongly when v reads an element of an earlier
// global ("constant definition loop" for `t := ss[0]`) or calls a method
// with two results on one (a nil pointer inside yaegi for
// `v, err := fs[1].Result()`). With the types the checker found, the
// session declares the globals with their types and assigns them in a func
// init, which yaegi runs right:
//
//	v, err := fs[1].Result()
//
// becomes one evaluation of
//
//	package main
//	var v any
//	var err error
//	func init() { v, err = fs[1].Result() }
//
// A type from a package the session did not import is named through an
// import of its own (typedImport); a define whose types cannot be written
// (unexported types of other packages, local types, instances of compiled
// generic types) or whose value is a function literal keeps yaegi's form.
// A top-level `var x = v` is declared the same way (typedVar).

// typedDefine returns the source that declares as's names with their
// checked types and assigns them, and the imports its types need; ok is
// false when the define keeps its REPL form.
func (c *cell) typedDefine(as *ast.AssignStmt, it *item) (src string, imports map[string]string, ok bool) {
	if c.checked == nil || len(as.Rhs) == 0 {
		return "", nil, false
	}
	var ids []*ast.Ident
	for _, l := range as.Lhs {
		id, isID := l.(*ast.Ident)
		if !isID {
			return "", nil, false
		}
		ids = append(ids, id)
	}
	tok := it.off(as.TokPos)
	return c.typedInit(ids, as.Rhs, c.at(it.start)+c.text(it.start, tok)+"= "+c.text(tok+2, it.end))
}

// typedVar is typedDefine for a top-level `var a, b = x, y` (or with a
// type), which would otherwise run as the REPL statement
// `a, b := (T)(x), (T)(y)` and keep its temporaries too: assign is the
// assignment `a, b = ...` of its values, run in the func init.
func (c *cell) typedVar(vs *ast.ValueSpec, assign string) (src string, imports map[string]string, ok bool) {
	if c.checked == nil || len(vs.Values) == 0 {
		return "", nil, false
	}
	return c.typedInit(vs.Names, vs.Values, assign)
}

// typedInit returns the source that declares the variables ids with
// their checked types and runs assign, which gives them values, in a func
// init. ok is false when a value is a function literal (which yaegi
// needs as a REPL statement) or a type cannot be written.
func (c *cell) typedInit(ids []*ast.Ident, values []ast.Expr, assign string) (src string, imports map[string]string, ok bool) {
	for _, r := range values {
		if _, lit := ast.Unparen(r).(*ast.FuncLit); lit {
			return "", nil, false
		}
	}
	imports = map[string]string{}
	qual := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		for name, path := range c.sessionImports() {
			if path == p.Path() {
				return name
			}
		}
		name := typedImport(p.Path())
		imports[name] = p.Path()
		return name
	}
	var sb strings.Builder
	sb.WriteString(wrapper + "package main\n")
	for _, id := range ids {
		if id.Name == "_" {
			continue
		}
		v, isVar := c.checked.Info.Defs[id].(*types.Var)
		if !isVar || !writable(v.Type(), map[types.Type]bool{}) {
			return "", nil, false
		}
		sb.WriteString("var " + id.Name + " " + types.TypeString(v.Type(), qual) + "\n")
	}
	sb.WriteString("func init() {\n" + assign + "\n}")
	return sb.String(), imports, true
}

// sessionImports maps the local names of the cell's and the session's
// imports to their paths.
func (c *cell) sessionImports() map[string]string {
	m := map[string]string{}
	if c.importsAll != nil {
		for n, p := range c.importsAll() {
			m[n] = p
		}
	}
	for i := range c.items {
		gd, ok := c.items[i].decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, sp := range gd.Specs {
			name, p := importName(sp.(*ast.ImportSpec))
			if name == "" {
				name = packageName(p)
			}
			if name != "_" && name != "." {
				m[name] = p
			}
		}
	}
	return m
}

// typedImport is the name under which the session imports a package only
// to name its types.
func typedImport(path string) string {
	return "__t_" + strings.NewReplacer("/", "_", ".", "_", "-", "_").Replace(path)
}

// writable reports whether t can be written in a cell's source: it names
// no unexported type of another package, no local type and no instance of
// a generic type of a compiled package.
func writable(t types.Type, seen map[types.Type]bool) bool {
	if seen[t] {
		return true
	}
	seen[t] = true
	switch t := t.(type) {
	case *types.Basic:
		return t.Kind() != types.Invalid && t.Info()&types.IsUntyped == 0 && t.Kind() != types.UnsafePointer
	case *types.Alias:
		return writable(types.Unalias(t), seen)
	case *types.Named:
		obj := t.Obj()
		if obj.Pkg() == nil {
			return true // error
		}
		if obj.Parent() != obj.Pkg().Scope() {
			return false // a local type
		}
		if obj.Pkg().Path() != "main" && (!obj.Exported() || t.TypeArgs().Len() > 0) {
			return false
		}
		for i := 0; i < t.TypeArgs().Len(); i++ {
			if !writable(t.TypeArgs().At(i), seen) {
				return false
			}
		}
		return knownPackage(obj.Pkg().Path()) != "" || obj.Pkg().Path() == "main"
	case *types.Pointer:
		return writable(t.Elem(), seen)
	case *types.Slice:
		return writable(t.Elem(), seen)
	case *types.Array:
		return writable(t.Elem(), seen)
	case *types.Map:
		return writable(t.Key(), seen) && writable(t.Elem(), seen)
	case *types.Chan:
		return writable(t.Elem(), seen)
	case *types.Signature:
		if t.TypeParams().Len() > 0 {
			return false
		}
		for _, tup := range []*types.Tuple{t.Params(), t.Results()} {
			for i := 0; i < tup.Len(); i++ {
				if !writable(tup.At(i).Type(), seen) {
					return false
				}
			}
		}
		return true
	case *types.Struct:
		for i := 0; i < t.NumFields(); i++ {
			f := t.Field(i)
			if !f.Exported() && f.Pkg() != nil && f.Pkg().Path() != "main" {
				return false
			}
			if !writable(f.Type(), seen) {
				return false
			}
		}
		return true
	case *types.Interface:
		for i := 0; i < t.NumExplicitMethods(); i++ {
			m := t.ExplicitMethod(i)
			if !m.Exported() && m.Pkg() != nil && m.Pkg().Path() != "main" {
				return false
			}
			if !writable(m.Type(), seen) {
				return false
			}
		}
		for i := 0; i < t.NumEmbeddeds(); i++ {
			if !writable(t.EmbeddedType(i), seen) {
				return false
			}
		}
		return true
	}
	return false
}

// typedNils gives each untyped nil of an assignment to several variables
// its variable's type: yaegi v0.16.1 fails `a, b = nil, nil` with
// "reflect: New(nil)". A type that cannot be written without an import
// the session did not make is left alone.
func (c *cell) typedNils() {
	if c.checked == nil {
		return
	}
	imports := c.sessionImports()
	qual := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		for name, path := range imports {
			if path == p.Path() {
				return name
			}
		}
		return "\x00" // no name: see below
	}
	for i := range c.items {
		it := &c.items[i]
		var root ast.Node = it.stmt
		if it.decl != nil {
			root = it.decl
		}
		if root == nil {
			continue
		}
		ast.Inspect(root, func(n ast.Node) bool {
			c.typeArgs(it, n, qual)
			as, ok := n.(*ast.AssignStmt)
			if !ok || as.Tok != token.ASSIGN || len(as.Lhs) < 2 || len(as.Lhs) != len(as.Rhs) {
				return true
			}
			for k, r := range as.Rhs {
				id, ok := r.(*ast.Ident)
				if !ok || id.Name != "nil" {
					continue
				}
				if _, isNil := c.checked.Info.Uses[id].(*types.Nil); !isNil {
					continue
				}
				t := c.checked.Info.Types[as.Lhs[k]].Type
				if t == nil || !writable(t, map[types.Type]bool{}) {
					continue
				}
				name := types.TypeString(t, qual)
				if strings.Contains(name, "\x00") {
					continue
				}
				c.replace(it.off(id.Pos()), it.off(id.End()), "("+name+")(nil)")
			}
			return true
		})
	}
}

// typeArgs writes out the type arguments of calls of a cell's generic
// functions, which go/types inferred: yaegi v0.16.1 infers them wrongly
// from a function literal (apply(xs, func(x int) string {...}) "cannot use
// type func(int) string as type func(int) int").
func (c *cell) typeArgs(it *item, n ast.Node, qual types.Qualifier) {
	call, ok := n.(*ast.CallExpr)
	if !ok {
		return
	}
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return
	}
	inst, ok := c.checked.Info.Instances[id]
	if !ok || inst.TypeArgs.Len() == 0 {
		return
	}
	if fn, ok := c.checked.Info.Uses[id].(*types.Func); !ok || fn.Pkg() == nil || fn.Pkg().Path() != "main" {
		return
	}
	var args []string
	for i := 0; i < inst.TypeArgs.Len(); i++ {
		t := inst.TypeArgs.At(i)
		if !writable(t, map[types.Type]bool{}) {
			return
		}
		s := types.TypeString(t, qual)
		if strings.Contains(s, "\x00") {
			return
		}
		args = append(args, s)
	}
	c.insert(it.off(id.End()), "["+strings.Join(args, ", ")+"]")
}
