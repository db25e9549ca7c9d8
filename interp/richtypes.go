package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/internal/decls"
	"github.com/gofutures/gofutures/interp/internal/rt"
)

// Rendering methods of cell types. yaegi v0.16.1 hides the methods of an
// interpreted type from compiled code, so display's renderers cannot see
// a cell type's HTML or String method. Inside the interpreter, a type
// switch on an interface misses them too (it finds HTML only on types that
// also have String), and so do a type switch that assigns (switch x :=
// v.(type)) and an assertion with ok, whenever another type has the same
// reflect type: they compare reflect types by name, and all empty structs
// share one, as `type C float64` shares float64's. A type switch without
// assignment compares the interpreter's own types, and a plain assertion
// then gives the value. So after a cell declares a type, or methods of
// one, the session declares a function with such a switch over every cell
// type with rendering methods, and its pointer, that calls them:
//
//	func __renderAll_3(v any) (__rt.Rich, bool) {
//		switch v.(type) {
//		case T:
//			x := v.(T)
//			var f __found; …; f.HTML = x.HTML(); f.Has["HTML"] = true
//			return __rt.Fill(x, f), true
//		…
//		}
//		return __rt.Rich{}, false
//	}
//	func init() { __renderAll = __renderAll_3 }
//
// __show runs it on a cell's value, and the rewrite passes the argument of
// display.Show and of a display handle's Show and Update through
// __showArg, which runs it. A value that interpreted code held in an
// interface variable may have lost its cell type by then; it shows as
// compiled code sees it. For values that reach compiled code otherwise (a
// handle the rewrite did not recognise), each such type also gets a
// renderer by reflect type, used where that reflect type is a struct with
// fields that no other cell type has (see renderCellValue). Generic,
// interface and alias types get neither.

// renderMethods are the methods a renderer calls: the field of __found
// each fills and the result type it must have as written.
var renderMethods = []struct{ name, field, result string }{
	{"String", "Text", "string"},
	{"Error", "Text", "string"},
	{"HTML", "HTML", "string"},
	{"Markdown", "Markdown", "string"},
	{"SVG", "SVG", "string"},
	{"LaTeX", "LaTeX", "string"},
	{"PNG", "PNG", "[]byte"},
	{"JPEG", "JPEG", "[]byte"},
	{"JSON", "JSON", "any"},
	{"Bundle", "Bundle", ".Bundle"},
}

// cellRenderers holds the renderers of cell types by reflect type. yaegi
// gives every struct type with the same fields one reflect type (two empty
// structs share one) and a type like `type C float64` the reflect type
// float64, so a reflect type may stand for several cell types, and for
// values of no cell type at all; each renderer checks the value's type
// itself, which only the interpreter knows (see renderCellValue).
var cellRenderers struct {
	mu sync.RWMutex
	m  map[reflect.Type][]cellRenderer
}

// cellRenderer is the renderer of one cell type: it reports false for a
// value of another type.
type cellRenderer struct {
	name string // the type as written: "T" or "*T"
	f    func(any) (display.Rich, bool)
}

var registerCellRenderers sync.Once

// setRenderer makes f the renderer of the cell type name, whose values
// have sample's reflect type.
func setRenderer(sample any, name string, f func(any) (display.Rich, bool)) {
	registerCellRenderers.Do(func() { display.Register(renderCellValue) })
	t := reflect.TypeOf(rt.Concrete(sample))
	cellRenderers.mu.Lock()
	defer cellRenderers.mu.Unlock()
	if cellRenderers.m == nil {
		cellRenderers.m = map[reflect.Type][]cellRenderer{}
	}
	list := slices.DeleteFunc(cellRenderers.m[t], func(r cellRenderer) bool { return r.name == name })
	cellRenderers.m[t] = append(list, cellRenderer{name, f})
}

// renderersOf returns the renderers registered for v's reflect type.
func renderersOf(v any) []cellRenderer {
	cellRenderers.mu.RLock()
	defer cellRenderers.mu.RUnlock()
	return cellRenderers.m[reflect.TypeOf(rt.Concrete(v))]
}

// renderCellValue is the display.Renderer of cell types. A value that
// interpreted code held in an interface reaches compiled code with its
// interpreted type (yaegi's valueInterface), which each renderer's type
// assertion checks. A value passed as its own type arrives as a bare
// reflect value: it is rendered only when one struct type with fields has
// that reflect type, since it may as well be a value of another type.
func renderCellValue(v any) (display.Bundle, bool) {
	list := renderersOf(v)
	c := rt.Concrete(v)
	if reflect.ValueOf(v).Type() == reflect.ValueOf(c).Type() { // a bare value
		t := reflect.TypeOf(c)
		if t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if len(list) != 1 || t.Kind() != reflect.Struct || t.NumField() == 0 {
			return display.Bundle{}, false
		}
	}
	for _, r := range list {
		if rich, ok := r.f(v); ok {
			if rich.Text == nil {
				rich.Text = &rendered{text: fmt.Sprint(c)}
			}
			rich.Value = nil // everything is rendered: rendering v again would come back here
			return display.FromValue(rich), true
		}
	}
	return display.Bundle{}, false
}

// renderersSource declares the renderers of the cell types d records
// that have rendering methods: __renderAll, numbered n, over all of them,
// and a renderer by reflect type for those named in changed. It returns ""
// when there are none.
func renderersSource(d *decls.Index, changed []string, n int) string {
	var all, by strings.Builder
	for _, name := range d.Types() {
		tf := d.Type(name)
		if !tf.Concrete(name) {
			continue
		}
		var val, ptr []*decls.Method
		for _, m := range tf.Methods {
			if !rendersWith(m) {
				continue
			}
			ptr = append(ptr, m)
			if !m.Ptr {
				val = append(val, m)
			}
		}
		if len(ptr) == 0 {
			continue
		}
		if len(val) > 0 {
			writeCase(&all, name, val)
		}
		writeCase(&all, "*"+name, ptr)
		if !slices.Contains(changed, name) {
			continue
		}
		// Named functions, not literals: compiled code calls them on its
		// goroutines (see the package doc on closures).
		fmt.Fprintf(&by, "func __render_%s_%d(v any) (__rt.Rich, bool) { x, ok := v.(%s); if !ok { return __rt.Rich{}, false }; return __renderAll_%d(x) }\n", name, n, name, n)
		fmt.Fprintf(&by, "func __render_p_%s_%d(v any) (__rt.Rich, bool) { x, ok := v.(*%s); if !ok { return __rt.Rich{}, false }; return __renderAll_%d(x) }\n", name, n, name, n)
		fmt.Fprintf(&by, "func init() {\n\tvar z %s\n", name)
		if len(val) > 0 {
			fmt.Fprintf(&by, "\t__rt.SetRenderer(z, %q, __render_%s_%d)\n", name, name, n)
		}
		fmt.Fprintf(&by, "\t__rt.SetRenderer(&z, %q, __render_p_%s_%d)\n}\n", "*"+name, name, n)
	}
	if all.Len() == 0 {
		return ""
	}
	return fmt.Sprintf("func __renderAll_%d(v any) (__rt.Rich, bool) {\n\tswitch v.(type) {\n%s\t}\n\treturn __rt.Rich{}, false\n}\nfunc init() { __renderAll = __renderAll_%d }\n%s", n, all.String(), n, by.String())
}

// rendersWith reports whether m is a rendering method: one of
// renderMethods, without parameters, with the one result it needs.
func rendersWith(m *decls.Method) bool {
	if len(m.Results) != 1 || !strings.Contains(m.Sig, ") "+m.Name+"() ") {
		return false
	}
	for _, r := range renderMethods {
		if r.name == m.Name {
			res := m.Results[0]
			return res == r.result || r.result == "any" && res == "interface{}" ||
				strings.HasPrefix(r.result, ".") && strings.HasSuffix(res, r.result)
		}
	}
	return false
}

// writeCase writes the case of __renderAll for type typ, which calls
// methods.
func writeCase(sb *strings.Builder, typ string, methods []*decls.Method) {
	slices.SortFunc(methods, func(a, b *decls.Method) int { return strings.Compare(a.Name, b.Name) })
	fmt.Fprintf(sb, "\tcase %s:\n\t\tx := v.(%s)\n\t\tvar f __found\n\t\tf.Has = map[string]bool{}\n", typ, typ)
	hasString := slices.ContainsFunc(methods, func(m *decls.Method) bool { return m.Name == "String" })
	for _, m := range methods {
		if m.Name == "Error" && hasString {
			continue // fmt prefers Error, but a value shows its String
		}
		for _, r := range renderMethods {
			if r.name == m.Name {
				fmt.Fprintf(sb, "\t\tf.%s = x.%s()\n\t\tf.Has[%q] = true\n", r.field, m.Name, r.field)
			}
		}
	}
	sb.WriteString("\t\treturn __rt.Fill(x, f), true\n")
}

// declareRenderers declares the renderers of the types that items, just
// evaluated, declared or gave methods. A failure is logged, not reported:
// the cell did what it said.
func (s *Session) declareRenderers(items []*item) {
	var names []string
	for _, it := range items {
		switch x := it.decl.(type) {
		case *ast.GenDecl:
			for _, sp := range x.Specs {
				if ts, ok := sp.(*ast.TypeSpec); ok {
					names = append(names, ts.Name.Name)
				}
			}
		case *ast.FuncDecl:
			if x.Recv != nil && len(x.Recv.List) == 1 {
				base, _ := decls.BaseName(types.ExprString(x.Recv.List[0].Type))
				names = append(names, base)
			}
		}
	}
	if len(names) == 0 {
		return
	}
	s.meta.Lock()
	s.renderers++
	src := renderersSource(s.decls, slices.Compact(slices.Sorted(slices.Values(names))), s.renderers)
	s.meta.Unlock()
	if src == "" {
		return
	}
	if _, err := s.eval(wrapper + "package main\n" + src); err != nil {
		s.log.Warn("interp: declaring the renderers of cell types", "err", err, "source", src)
	}
}

// displayPath is the import path of package display.
var displayPath = reflect.TypeFor[display.Bundle]().PkgPath()

// showArg passes the argument of call through __showArg when call is
// display.Show(v), or h.Show(v) or h.Update(v) on a display handle h (see
// isHandle). An untyped nil is left alone.
func (r *rewriter) showArg(call *ast.CallExpr) {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || len(call.Args) != 1 || call.Ellipsis.IsValid() {
		return
	}
	x, ok := sel.X.(*ast.Ident)
	if !ok {
		return
	}
	switch {
	case r.c.importPath(x.Name) == displayPath:
		if sel.Sel.Name != "Show" {
			return
		}
	case sel.Sel.Name == "Show" || sel.Sel.Name == "Update":
		if !r.isHandle(x.Name) {
			return
		}
	default:
		return
	}
	arg := call.Args[0]
	if id, ok := arg.(*ast.Ident); ok && id.Name == "nil" {
		return
	}
	r.c.insert(r.off(arg.Pos()), "__showArg(")
	r.c.insert(r.off(arg.End()), ")")
}

// isHandle reports whether name is a *display.Handle: a global holding
// one, or a name the cell declares only as one (h := display.New(), var h
// *display.Handle, a parameter h *display.Handle). Declared otherwise too,
// or not known, it is not.
func (r *rewriter) isHandle(name string) bool {
	handle, other := false, false
	note := func(isHandle bool) {
		handle = handle || isHandle
		other = other || !isHandle
	}
	for i := range r.c.items {
		it := &r.c.items[i]
		var n ast.Node = it.stmt
		if it.decl != nil {
			n = it.decl
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.AssignStmt:
				if n.Tok != token.DEFINE {
					return true
				}
				for i, l := range n.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name {
						note(len(n.Lhs) == len(n.Rhs) && r.c.newsHandle(n.Rhs[i]))
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					if id.Name == name {
						note(n.Type != nil && r.c.isHandleType(n.Type) ||
							n.Type == nil && i < len(n.Values) && len(n.Names) == len(n.Values) && r.c.newsHandle(n.Values[i]))
					}
				}
			case *ast.Field:
				for _, id := range n.Names {
					if id.Name == name {
						note(r.c.isHandleType(n.Type))
					}
				}
			case *ast.FuncDecl:
				if n.Name.Name == name {
					note(false)
				}
			case *ast.TypeSpec:
				if n.Name.Name == name {
					note(false)
				}
			}
			return true
		})
	}
	if handle || other {
		return handle && !other
	}
	v, ok := r.global(name)
	return ok && v.IsValid() && v.Type() == reflect.TypeFor[*display.Handle]()
}

// newsHandle reports whether x is display.New() or display.NewHandle(...).
func (c *cell) newsHandle(x ast.Expr) bool {
	call, ok := x.(*ast.CallExpr)
	if !ok {
		return false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "New" && sel.Sel.Name != "NewHandle" {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && c.importPath(pkg.Name) == displayPath
}

// isHandleType reports whether t is *display.Handle.
func (c *cell) isHandleType(t ast.Expr) bool {
	star, ok := t.(*ast.StarExpr)
	if !ok {
		return false
	}
	sel, ok := star.X.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Handle" {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && c.importPath(pkg.Name) == displayPath
}
