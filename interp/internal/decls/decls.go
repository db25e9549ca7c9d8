// Package decls records what the cells declared, as their source says:
// the types with their fields and methods, the types of globals and the
// results of functions. yaegi shows reflection neither the name nor the
// methods of a type a cell declares (a struct is an unnamed
// reflect.StructOf, `type Celsius float64` is float64), so completion,
// inspection, %who, rich display of cell types and the journal read these
// records.
package decls

import (
	"go/ast"
	"go/token"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Item is one declaration or statement of a cell, with what is needed to
// read its source text.
type Item struct {
	Decl       ast.Decl // nil for a statement
	Stmt       ast.Stmt
	Src        string              // the cell's source
	Start, End int                 // the item's byte offsets in Src
	Off        func(token.Pos) int // the byte offset in Src of a position in Decl or Stmt
}

// Index is a snapshot of the records. It is never changed once
// published: Record returns a new one. A nil *Index has no records.
type Index struct {
	types map[string]*Type    // type name -> what its declaration says
	vars  map[string]string   // global -> its type as written ("*rect"), "" when unknown
	funcs map[string][]string // function -> its result types as written
}

// Type describes one type a cell declared.
type Type struct {
	Text    string // the declaration with spaces collapsed; another text is another shape
	Doc     string // the doc comment above `type`
	Fields  []Field
	Methods map[string]*Method
}

// Field is a field of a struct type a cell declared.
type Field struct {
	Name, Type string // Type as written
	Embedded   bool
}

// Method describes one method, declared by a cell or listed by an
// interface type.
type Method struct {
	Recv    string // the receiver's type name
	Ptr     bool   // a pointer receiver
	Name    string
	Sig     string   // "func (r *rect) Scale(f float64)"
	Doc     string   // the doc comment's text
	Source  string   // the whole declaration
	Results []string // result types as written
}

// Record returns the index after items, which a cell has just evaluated
// without error. A type declared again with the same text keeps its
// methods; declared with another text, or after its name was given to a
// variable or function, it starts with none, as it does in yaegi. A
// method declared again replaces the one recorded.
func (d *Index) Record(items []Item) *Index {
	n := &Index{types: map[string]*Type{}, vars: map[string]string{}, funcs: map[string][]string{}}
	if d != nil {
		n.types, n.vars, n.funcs = maps.Clone(d.types), maps.Clone(d.vars), maps.Clone(d.funcs)
	}
	// Types first: a method may precede its type in a run of declarations.
	for i := range items {
		it := &items[i]
		if gd, ok := it.Decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, sp := range gd.Specs {
				n.recordType(it, sp.(*ast.TypeSpec))
			}
		}
	}
	for i := range items {
		it := &items[i]
		switch x := it.Decl.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil {
				n.recordMethod(it, x)
				continue
			}
			n.forget(x.Name.Name)
			n.funcs[x.Name.Name] = fieldTypes(it, x.Type.Results)
		case *ast.GenDecl:
			for _, sp := range x.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					n.recordValues(it, identNames(vs.Names), vs.Type, vs.Values)
				}
			}
		case nil:
			if as, ok := it.Stmt.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				var names []string
				for _, l := range as.Lhs {
					id, _ := l.(*ast.Ident)
					if id == nil {
						names = append(names, "_")
					} else {
						names = append(names, id.Name)
					}
				}
				n.recordValues(it, names, nil, as.Rhs)
			}
		}
	}
	return n
}

// forget drops whatever name stood for before it is declared again.
func (d *Index) forget(name string) {
	delete(d.types, name)
	delete(d.vars, name)
	delete(d.funcs, name)
}

func (d *Index) recordType(it *Item, ts *ast.TypeSpec) {
	name := ts.Name.Name
	text := strings.Join(strings.Fields(it.Src[it.Off(ts.Pos()):it.Off(ts.End())]), " ")
	if old := d.types[name]; old != nil && old.Text == text {
		return
	}
	d.forget(name)
	tf := &Type{Text: text, Doc: docBefore(it.Src, it.Start), Methods: map[string]*Method{}}
	switch t := ts.Type.(type) {
	case *ast.StructType:
		for _, f := range t.Fields.List {
			typ := textOf(it, f.Type)
			if len(f.Names) == 0 {
				base, _ := BaseName(typ)
				base = base[strings.LastIndexByte(base, '.')+1:]
				tf.Fields = append(tf.Fields, Field{Name: base, Type: typ, Embedded: true})
			}
			for _, id := range f.Names {
				tf.Fields = append(tf.Fields, Field{Name: id.Name, Type: typ})
			}
		}
	case *ast.InterfaceType:
		for _, f := range t.Methods.List {
			ft, ok := f.Type.(*ast.FuncType)
			if !ok || len(f.Names) == 0 {
				continue // an embedded interface or a type union
			}
			m := f.Names[0].Name
			sig := "func (" + name + ") " + m + strings.TrimPrefix(textOf(it, ft), "func")
			tf.Methods[m] = &Method{Recv: name, Name: m, Sig: sig, Results: fieldTypes(it, ft.Results)}
		}
	}
	d.types[name] = tf
}

func (d *Index) recordMethod(it *Item, fd *ast.FuncDecl) {
	m := MethodOf(it, fd)
	old := d.types[m.Recv]
	if old == nil {
		return // not a type of the cells'
	}
	tf := *old
	tf.Methods = maps.Clone(old.Methods)
	tf.Methods[m.Name] = m
	d.types[m.Recv] = &tf
}

// MethodOf reads the method fd declares in item it.
func MethodOf(it *Item, fd *ast.FuncDecl) *Method {
	var recv string
	var ptr bool
	if len(fd.Recv.List) == 1 {
		recv, ptr = BaseName(textOf(it, fd.Recv.List[0].Type))
	}
	end := fd.End()
	if fd.Body != nil {
		end = fd.Body.Lbrace
	}
	return &Method{
		Recv:    recv,
		Ptr:     ptr,
		Name:    fd.Name.Name,
		Sig:     strings.TrimSpace(it.Src[it.Off(fd.Pos()):it.Off(end)]),
		Doc:     docBefore(it.Src, it.Start),
		Source:  it.Src[it.Start:it.End],
		Results: fieldTypes(it, fd.Type.Results),
	}
}

// recordValues records the globals names, declared with type typ (or nil)
// and values.
func (d *Index) recordValues(it *Item, names []string, typ ast.Expr, values []ast.Expr) {
	types := make([]string, len(names))
	switch {
	case typ != nil:
		for i := range types {
			types[i] = textOf(it, typ)
		}
	case len(values) == len(names):
		for i, v := range values {
			types[i] = d.exprType(it, v)
		}
	case len(values) == 1:
		if call, ok := ast.Unparen(values[0]).(*ast.CallExpr); ok {
			copy(types, d.callResults(it, call))
		}
	}
	for i, name := range names {
		if name != "_" {
			d.forget(name)
			d.vars[name] = types[i]
		}
	}
}

// exprType is the type of e as the records tell it, or "".
func (d *Index) exprType(it *Item, e ast.Expr) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		return d.vars[e.Name]
	case *ast.CompositeLit:
		if e.Type != nil {
			return textOf(it, e.Type)
		}
	case *ast.UnaryExpr:
		if t := d.exprType(it, e.X); e.Op == token.AND && t != "" {
			return "*" + t
		}
	case *ast.StarExpr:
		t, _ := strings.CutPrefix(d.exprType(it, e.X), "*")
		return t
	case *ast.SelectorExpr:
		if m, typ, ok := d.Member(d.exprType(it, e.X), e.Sel.Name); ok && m == nil {
			return typ
		}
	case *ast.CallExpr:
		if rs := d.callResults(it, e); len(rs) == 1 {
			return rs[0]
		}
	}
	return ""
}

// callResults are the result types of call: a conversion to a cell type,
// new, a function or a method the cells declared.
func (d *Index) callResults(it *Item, call *ast.CallExpr) []string {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		switch {
		case f.Name == "new" && len(call.Args) == 1:
			return []string{"*" + textOf(it, call.Args[0])}
		case d.types[f.Name] != nil:
			return []string{f.Name}
		}
		return d.funcs[f.Name]
	case *ast.StarExpr: // (*T)(x)
		if id, ok := f.X.(*ast.Ident); ok && d.types[id.Name] != nil {
			return []string{"*" + id.Name}
		}
	case *ast.SelectorExpr:
		recv := d.exprType(it, f.X)
		if id, ok := f.X.(*ast.Ident); ok && recv == "" && d.types[id.Name] != nil {
			recv = id.Name // a method expression, T.M(v)
		}
		if m, _, ok := d.Member(recv, f.Sel.Name); ok && m != nil {
			return m.Results
		}
	}
	return nil
}

// BaseName reads a type as written: the named type it is or points to,
// without type arguments, and whether it is a pointer.
func BaseName(typ string) (string, bool) {
	typ, ptr := strings.CutPrefix(strings.TrimSpace(typ), "*")
	if i := strings.IndexByte(typ, '['); i > 0 {
		typ = typ[:i]
	}
	return strings.TrimSpace(typ), ptr
}

// fieldTypes lists the types of a parameter or result list, one per value.
func fieldTypes(it *Item, fl *ast.FieldList) []string {
	types, _ := ParamTypes(it.Src, it.Off, fl)
	return types
}

// ParamTypes lists the types of a parameter or result list as src writes
// them, one per value, and whether the last is variadic; off gives the
// byte offset in src of a position in fl.
func ParamTypes(src string, off func(token.Pos) int, fl *ast.FieldList) (types []string, variadic bool) {
	if fl == nil {
		return nil, false
	}
	for _, f := range fl.List {
		_, variadic = f.Type.(*ast.Ellipsis)
		text := src[off(f.Type.Pos()):off(f.Type.End())]
		for range max(1, len(f.Names)) {
			types = append(types, text)
		}
	}
	return types, variadic
}

func textOf(it *Item, n ast.Node) string {
	return it.Src[it.Off(n.Pos()):it.Off(n.End())]
}

func identNames(ids []*ast.Ident) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.Name
	}
	return out
}

// docBefore returns the text of the // comment lines just above the line
// where offset start is, as go/doc would show it.
func docBefore(src string, start int) string {
	end := strings.LastIndexByte(src[:start], '\n')
	if strings.TrimSpace(src[end+1:start]) != "" {
		return "" // the declaration does not begin its line
	}
	var lines []string
	for end >= 0 {
		from := strings.LastIndexByte(src[:end], '\n') + 1
		line := strings.TrimSpace(src[from:end])
		text, ok := strings.CutPrefix(line, "//")
		if !ok {
			break
		}
		lines = append(lines, strings.TrimPrefix(text, " "))
		end = from - 1
	}
	var sb strings.Builder
	for i := len(lines) - 1; i >= 0; i-- {
		sb.WriteString(lines[i])
		if i > 0 {
			sb.WriteByte('\n')
		}
	}
	return sb.String()
}

// Member finds the field or method sel of the type written typ, looking
// through embedded fields the shallowest first, as Go does: the method, or
// nil and the field's type.
func (d *Index) Member(typ, sel string) (*Method, string, bool) {
	if d == nil || typ == "" {
		return nil, "", false
	}
	level := []string{typ}
	seen := map[string]bool{}
	for len(level) > 0 {
		var next []string
		for _, t := range level {
			name, _ := BaseName(t)
			tf := d.types[name]
			if tf == nil || seen[name] {
				continue
			}
			seen[name] = true
			if m := tf.Methods[sel]; m != nil {
				return m, "", true
			}
			for _, f := range tf.Fields {
				if f.Name == sel {
					return nil, f.Type, true
				}
				if f.Embedded {
					next = append(next, f.Type)
				}
			}
		}
		level = next
	}
	return nil, "", false
}

// Members lists the fields and methods of the type written typ that a
// value of it offers: pointer methods only when the value is a pointer or
// addressable (or reaches them through an embedded pointer).
func (d *Index) Members(typ string, addressable bool) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(typ string, all bool)
	visit = func(typ string, all bool) {
		name, ptr := BaseName(typ)
		tf := d.types[name]
		if tf == nil || seen[name] {
			return
		}
		seen[name] = true
		all = all || ptr
		for _, m := range tf.Methods {
			if all || !m.Ptr {
				out = append(out, m.Name)
			}
		}
		for _, f := range tf.Fields {
			out = append(out, f.Name)
			if f.Embedded {
				visit(f.Type, all)
			}
		}
	}
	if d != nil {
		visit(typ, addressable)
	}
	return out
}

// MethodExprs lists the methods Go lets code name as T.M: those with a
// value receiver.
func (d *Index) MethodExprs(typeName string) []string {
	var out []string
	if tf := d.Type(typeName); tf != nil {
		for _, m := range tf.Methods {
			if !m.Ptr {
				out = append(out, m.Name)
			}
		}
	}
	return out
}

// Type returns the facts of the cell type name, or nil.
func (d *Index) Type(name string) *Type {
	if d == nil {
		return nil
	}
	return d.types[name]
}

// Has reports whether name is a global, function or type of the cells'.
func (d *Index) Has(name string) bool {
	if d == nil {
		return false
	}
	_, v := d.vars[name]
	_, f := d.funcs[name]
	return v || f || d.types[name] != nil
}

// MethodSigs lists the signatures of the methods of the cell type name,
// sorted by method name.
func (d *Index) MethodSigs(name string) []string {
	tf := d.Type(name)
	if tf == nil {
		return nil
	}
	names := make([]string, 0, len(tf.Methods))
	for n := range tf.Methods {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = tf.Methods[n].Sig
	}
	return out
}

// Types lists the names of the types the cells declared, sorted.
func (d *Index) Types() []string {
	if d == nil {
		return nil
	}
	return slices.Sorted(maps.Keys(d.types))
}

// Concrete reports whether the type name, declared as t says, is one
// values can have: not generic, an interface or an alias.
func (t *Type) Concrete(name string) bool {
	rest := strings.TrimPrefix(t.Text, name)
	return !strings.HasPrefix(rest, "[") && !strings.HasPrefix(rest, " =") && !strings.HasPrefix(rest, " interface")
}

// Var returns the type of the global name as written ("" when the records
// cannot tell), and whether name is a global of the cells'.
func (d *Index) Var(name string) (string, bool) {
	if d == nil {
		return "", false
	}
	t, ok := d.vars[name]
	return t, ok
}

// Func returns the result types of the function name as written, and
// whether name is a function of the cells'.
func (d *Index) Func(name string) ([]string, bool) {
	if d == nil {
		return nil, false
	}
	rs, ok := d.funcs[name]
	return rs, ok
}
