package interp

// What the cells declared, as their source says: the types with their
// fields and methods, the types of globals and the results of functions.
// yaegi shows reflection neither the name nor the methods of a type a cell
// declares (a struct is an unnamed reflect.StructOf, `type Celsius
// float64` is float64), so completion and inspection read these records.

import (
	"go/ast"
	"go/token"
	"maps"
	"strings"
)

// declIndex is a snapshot of the records. It is never changed once
// published: record returns a new one.
type declIndex struct {
	types map[string]*typeFacts // type name -> what its declaration says
	vars  map[string]string     // global -> its type as written ("*rect"), "" when unknown
	funcs map[string][]string   // function -> its result types as written
}

// typeFacts describes one type a cell declared.
type typeFacts struct {
	text    string // the declaration with spaces collapsed; another text is another shape
	doc     string // the doc comment above `type`
	fields  []fieldFacts
	methods map[string]*methodFacts
}

type fieldFacts struct {
	name, typ string // typ as written
	embedded  bool
}

// methodFacts describes one method, declared by a cell or listed by an
// interface type.
type methodFacts struct {
	recv    string // the receiver's type name
	ptr     bool   // a pointer receiver
	name    string
	sig     string   // "func (r *rect) Scale(f float64)"
	doc     string   // the doc comment's text
	source  string   // the whole declaration
	results []string // result types as written
}

// record returns the index after items, which a cell has just evaluated
// without error. A type declared again with the same text keeps its
// methods; declared with another text, or after its name was given to a
// variable or function, it starts with none, as it does in yaegi. A
// method declared again replaces the one recorded.
func (d *declIndex) record(c *cell, items []*item) *declIndex {
	n := &declIndex{types: map[string]*typeFacts{}, vars: map[string]string{}, funcs: map[string][]string{}}
	if d != nil {
		n.types, n.vars, n.funcs = maps.Clone(d.types), maps.Clone(d.vars), maps.Clone(d.funcs)
	}
	// Types first: a method may precede its type in a run of declarations.
	for _, it := range items {
		if gd, ok := it.decl.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, sp := range gd.Specs {
				n.recordType(c, it, sp.(*ast.TypeSpec))
			}
		}
	}
	for _, it := range items {
		switch x := it.decl.(type) {
		case *ast.FuncDecl:
			if x.Recv != nil {
				n.recordMethod(c, it, x)
				continue
			}
			n.forget(x.Name.Name)
			n.funcs[x.Name.Name] = fieldTypes(c, it, x.Type.Results)
		case *ast.GenDecl:
			for _, sp := range x.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					n.recordValues(c, it, identNames(vs.Names), vs.Type, vs.Values)
				}
			}
		case nil:
			if as, ok := it.stmt.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
				var names []string
				for _, l := range as.Lhs {
					id, _ := l.(*ast.Ident)
					if id == nil {
						names = append(names, "_")
					} else {
						names = append(names, id.Name)
					}
				}
				n.recordValues(c, it, names, nil, as.Rhs)
			}
		}
	}
	return n
}

// forget drops whatever name stood for before it is declared again.
func (d *declIndex) forget(name string) {
	delete(d.types, name)
	delete(d.vars, name)
	delete(d.funcs, name)
}

func (d *declIndex) recordType(c *cell, it *item, ts *ast.TypeSpec) {
	name := ts.Name.Name
	text := strings.Join(strings.Fields(c.src[it.off(ts.Pos()):it.off(ts.End())]), " ")
	if old := d.types[name]; old != nil && old.text == text {
		return
	}
	d.forget(name)
	tf := &typeFacts{text: text, doc: docBefore(c.src, it.start), methods: map[string]*methodFacts{}}
	switch t := ts.Type.(type) {
	case *ast.StructType:
		for _, f := range t.Fields.List {
			typ := textOf(c, it, f.Type)
			if len(f.Names) == 0 {
				base, _ := baseName(typ)
				base = base[strings.LastIndexByte(base, '.')+1:]
				tf.fields = append(tf.fields, fieldFacts{name: base, typ: typ, embedded: true})
			}
			for _, id := range f.Names {
				tf.fields = append(tf.fields, fieldFacts{name: id.Name, typ: typ})
			}
		}
	case *ast.InterfaceType:
		for _, f := range t.Methods.List {
			ft, ok := f.Type.(*ast.FuncType)
			if !ok || len(f.Names) == 0 {
				continue // an embedded interface or a type union
			}
			m := f.Names[0].Name
			sig := "func (" + name + ") " + m + strings.TrimPrefix(textOf(c, it, ft), "func")
			tf.methods[m] = &methodFacts{recv: name, name: m, sig: sig, results: fieldTypes(c, it, ft.Results)}
		}
	}
	d.types[name] = tf
}

func (d *declIndex) recordMethod(c *cell, it *item, fd *ast.FuncDecl) {
	m := methodOf(c, it, fd)
	old := d.types[m.recv]
	if old == nil {
		return // not a type of the cells'
	}
	tf := *old
	tf.methods = maps.Clone(old.methods)
	tf.methods[m.name] = m
	d.types[m.recv] = &tf
}

// methodOf reads the method fd declares in item it of c.
func methodOf(c *cell, it *item, fd *ast.FuncDecl) *methodFacts {
	var recv string
	var ptr bool
	if len(fd.Recv.List) == 1 {
		recv, ptr = baseName(textOf(c, it, fd.Recv.List[0].Type))
	}
	end := fd.End()
	if fd.Body != nil {
		end = fd.Body.Lbrace
	}
	return &methodFacts{
		recv:    recv,
		ptr:     ptr,
		name:    fd.Name.Name,
		sig:     strings.TrimSpace(c.src[it.off(fd.Pos()):it.off(end)]),
		doc:     docBefore(c.src, it.start),
		source:  c.src[it.start:it.end],
		results: fieldTypes(c, it, fd.Type.Results),
	}
}

// recordValues records the globals names, declared with type typ (or nil)
// and values.
func (d *declIndex) recordValues(c *cell, it *item, names []string, typ ast.Expr, values []ast.Expr) {
	types := make([]string, len(names))
	switch {
	case typ != nil:
		for i := range types {
			types[i] = textOf(c, it, typ)
		}
	case len(values) == len(names):
		for i, v := range values {
			types[i] = d.exprType(c, it, v)
		}
	case len(values) == 1:
		if call, ok := unparen(values[0]).(*ast.CallExpr); ok {
			copy(types, d.callResults(c, it, call))
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
func (d *declIndex) exprType(c *cell, it *item, e ast.Expr) string {
	switch e := unparen(e).(type) {
	case *ast.Ident:
		return d.vars[e.Name]
	case *ast.CompositeLit:
		if e.Type != nil {
			return textOf(c, it, e.Type)
		}
	case *ast.UnaryExpr:
		if t := d.exprType(c, it, e.X); e.Op == token.AND && t != "" {
			return "*" + t
		}
	case *ast.StarExpr:
		t, _ := strings.CutPrefix(d.exprType(c, it, e.X), "*")
		return t
	case *ast.SelectorExpr:
		if m, typ, ok := d.member(d.exprType(c, it, e.X), e.Sel.Name); ok && m == nil {
			return typ
		}
	case *ast.CallExpr:
		if rs := d.callResults(c, it, e); len(rs) == 1 {
			return rs[0]
		}
	}
	return ""
}

// callResults are the result types of call: a conversion to a cell type,
// new, a function or a method the cells declared.
func (d *declIndex) callResults(c *cell, it *item, call *ast.CallExpr) []string {
	switch f := unparen(call.Fun).(type) {
	case *ast.Ident:
		switch {
		case f.Name == "new" && len(call.Args) == 1:
			return []string{"*" + textOf(c, it, call.Args[0])}
		case d.types[f.Name] != nil:
			return []string{f.Name}
		}
		return d.funcs[f.Name]
	case *ast.StarExpr: // (*T)(x)
		if id, ok := f.X.(*ast.Ident); ok && d.types[id.Name] != nil {
			return []string{"*" + id.Name}
		}
	case *ast.SelectorExpr:
		recv := d.exprType(c, it, f.X)
		if id, ok := f.X.(*ast.Ident); ok && recv == "" && d.types[id.Name] != nil {
			recv = id.Name // a method expression, T.M(v)
		}
		if m, _, ok := d.member(recv, f.Sel.Name); ok && m != nil {
			return m.results
		}
	}
	return nil
}

// baseName reads a type as written: the named type it is or points to,
// without type arguments, and whether it is a pointer.
func baseName(typ string) (string, bool) {
	typ, ptr := strings.CutPrefix(strings.TrimSpace(typ), "*")
	if i := strings.IndexByte(typ, '['); i > 0 {
		typ = typ[:i]
	}
	return strings.TrimSpace(typ), ptr
}

// fieldTypes lists the types of a parameter or result list, one per value.
func fieldTypes(c *cell, it *item, fl *ast.FieldList) []string {
	types, _ := paramTypes(c.src, it.off, fl)
	return types
}

func textOf(c *cell, it *item, n ast.Node) string {
	return c.src[it.off(n.Pos()):it.off(n.End())]
}

func identNames(ids []*ast.Ident) []string {
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = id.Name
	}
	return out
}

func unparen(e ast.Expr) ast.Expr {
	for {
		p, ok := e.(*ast.ParenExpr)
		if !ok {
			return e
		}
		e = p.X
	}
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
