package typecheck

import (
	"go/ast"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"
)

// model is the Go file a cell is checked as (see the package doc).
type model struct {
	file     *ast.File
	declares map[string]bool // package-level names the cell declares
	// defined are the names of top-level defines, in order.
	defined []*ast.Ident
	// referenced maps a top-level define's name that a declaration refers
	// to to the identifier of its last define.
	referenced map[string]*ast.Ident
	// newMethods are methods of earlier types the cell adds, checked as
	// functions (see addMethods).
	newMethods []newMethod
	types      map[string]string // types the cell declares -> text
	imports    map[string]string // local name -> path of the cell's imports
	// names are the identifiers the cell uses: only the committed objects
	// of these names need to be in its package scope.
	names map[string]bool
	// shown are the positions of top-level expression statements, whose
	// value the session shows, so Go's "is not used" does not apply.
	shown map[token.Pos]bool
}

type newMethod struct {
	named *types.Named
	ptr   bool
	name  *ast.Ident
	fn    *ast.FuncDecl // the function the method is checked as
}

// model builds the file that checks cell.
func (c *Checker) model(cell Cell) *model {
	m := &model{
		declares:   map[string]bool{},
		referenced: map[string]*ast.Ident{},
		types:      map[string]string{},
		imports:    map[string]string{},
		shown:      map[token.Pos]bool{},
		names:      map[string]bool{},
	}
	var lo, hi token.Pos
	for _, it := range cell.Items {
		var n ast.Node = it.Stmt
		if it.Decl != nil {
			n = it.Decl
		}
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok {
				m.names[id.Name] = true
			}
			return true
		})
		if lo == token.NoPos {
			lo = n.Pos()
		}
		hi = n.End()
	}
	f := &ast.File{Name: &ast.Ident{Name: "main", NamePos: lo}, Package: lo, FileStart: lo, FileEnd: hi + 1}
	m.file = f

	// Imports: the cell's, then the session's that the cell leaves alone.
	imp := &ast.GenDecl{Tok: token.IMPORT, TokPos: lo}
	bound := map[string]bool{}
	for _, it := range cell.Items {
		gd, ok := it.Decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.IMPORT {
			continue
		}
		for _, sp := range gd.Specs {
			is := sp.(*ast.ImportSpec)
			path, err := strconv.Unquote(is.Path.Value)
			if err != nil {
				continue
			}
			name := ""
			if is.Name != nil {
				name = is.Name.Name
			} else if p, err := c.imp.Import(path); err == nil {
				name = p.Name()
			} else {
				name = path[strings.LastIndexByte(path, '/')+1:]
			}
			key := name
			if name == "_" || name == "." {
				key = name + path
			}
			if bound[key] {
				continue // imported again in the same cell
			}
			bound[key] = true
			m.imports[key] = path
			imp.Specs = append(imp.Specs, is)
		}
	}
	var names []string
	for key := range c.imports {
		names = append(names, key)
	}
	sort.Strings(names)
	for _, key := range names {
		if bound[key] {
			continue
		}
		path := c.imports[key]
		spec := &ast.ImportSpec{Path: &ast.BasicLit{Kind: token.STRING, Value: strconv.Quote(path), ValuePos: lo}}
		switch {
		case strings.HasPrefix(key, "_"), strings.HasPrefix(key, "."):
			spec.Name = &ast.Ident{Name: key[:1], NamePos: lo}
		default:
			spec.Name = &ast.Ident{Name: key, NamePos: lo}
		}
		imp.Specs = append(imp.Specs, spec)
	}
	if len(imp.Specs) > 0 {
		f.Decls = append(f.Decls, imp)
	}

	// Names the cell declares at package level; the cell's types.
	cellTypes := map[string]bool{}
	for _, it := range cell.Items {
		switch d := it.Decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "_" && d.Name.Name != "init" {
				m.declares[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					cellTypes[sp.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						if n.Name != "_" {
							m.declares[n.Name] = true
						}
					}
				}
			}
		}
	}

	// A function or method declared again later in the cell is replaced:
	// the earlier declaration is checked as a function named _.
	lastFunc := map[string]*ast.FuncDecl{}
	for _, it := range cell.Items {
		if d, ok := it.Decl.(*ast.FuncDecl); ok {
			lastFunc[funcKey(d)] = d
		}
	}

	// Declarations.
	for _, it := range cell.Items {
		switch d := it.Decl.(type) {
		case *ast.FuncDecl:
			if lastFunc[funcKey(d)] != d && d.Name.Name != "init" && d.Name.Name != "_" {
				if fn := asFunc(d); fn != nil {
					f.Decls = append(f.Decls, fn)
				}
				continue
			}
			if d.Recv != nil {
				if nm, ok := c.earlierMethod(d, cellTypes); ok {
					m.newMethods = append(m.newMethods, nm)
					f.Decls = append(f.Decls, nm.fn)
					continue
				} else if nm.fn == nil && nm.named != nil {
					continue // a method of an earlier generic type: not checked
				}
			}
			f.Decls = append(f.Decls, d)
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			if d.Tok != token.TYPE {
				f.Decls = append(f.Decls, d)
				continue
			}
			kept := *d
			kept.Specs = nil
			for _, sp := range d.Specs {
				ts := sp.(*ast.TypeSpec)
				text := ""
				if cell.Source != nil {
					text = strings.Join(strings.Fields(cell.Source(ts)), " ")
				}
				_, isType := c.objs[ts.Name.Name].(*types.TypeName)
				if prev, ok := c.typeText[ts.Name.Name]; ok && prev == text && isType {
					continue // the same type again: the earlier one stays
				}
				m.types[ts.Name.Name] = text
				m.declares[ts.Name.Name] = true
				kept.Specs = append(kept.Specs, ts)
			}
			if len(kept.Specs) > 0 {
				f.Decls = append(f.Decls, &kept)
			}
		}
	}
	// Methods of types the cell keeps from earlier cells (declared again
	// with the same text) are methods of earlier types too.
	for i, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil {
			continue
		}
		if nm, ok := c.earlierMethod(fd, nil); ok && !m.declares[recvBase(fd)] {
			m.newMethods = append(m.newMethods, nm)
			f.Decls[i] = nm.fn
		} else if !ok && nm.named != nil && !m.declares[recvBase(fd)] {
			f.Decls[i] = &ast.BadDecl{From: fd.Pos(), To: fd.End()}
		}
	}

	// Statements, in order, as the body of func _().
	body := &ast.BlockStmt{Lbrace: lo, Rbrace: hi}
	list := &body.List
	var blocks []*ast.BlockStmt
	seen := map[string]bool{}
	for _, it := range cell.Items {
		if it.Stmt == nil {
			continue
		}
		if es, ok := it.Stmt.(*ast.ExprStmt); ok {
			m.shown[es.X.Pos()] = true
		}
		as, ok := it.Stmt.(*ast.AssignStmt)
		if !ok || as.Tok != token.DEFINE {
			*list = append(*list, it.Stmt)
			continue
		}
		again := false
		for _, l := range as.Lhs {
			if id, ok := l.(*ast.Ident); ok && seen[id.Name] {
				again = true
			}
		}
		if again {
			b := &ast.BlockStmt{Lbrace: as.Pos(), Rbrace: hi}
			*list = append(*list, b)
			blocks = append(blocks, b)
			list = &b.List
		}
		*list = append(*list, as)
		end := as.End()
		for _, l := range as.Lhs {
			id, ok := l.(*ast.Ident)
			if !ok || id.Name == "_" {
				continue
			}
			seen[id.Name] = true
			m.defined = append(m.defined, id)
			*list = append(*list, &ast.AssignStmt{
				Lhs:    []ast.Expr{&ast.Ident{Name: "_", NamePos: end}},
				TokPos: end, Tok: token.ASSIGN,
				Rhs: []ast.Expr{&ast.Ident{Name: id.Name, NamePos: end}},
			})
		}
	}
	if len(body.List) > 0 {
		f.Decls = append(f.Decls, &ast.FuncDecl{
			Name: &ast.Ident{Name: "_", NamePos: lo},
			Type: &ast.FuncType{Func: lo, Params: &ast.FieldList{Opening: lo, Closing: lo}},
			Body: body,
		})
	}

	// Top-level defines that declarations refer to.
	if len(seen) > 0 {
		last := map[string]*ast.Ident{}
		for _, id := range m.defined {
			last[id.Name] = id
		}
		for _, d := range f.Decls {
			if _, isImport := d.(*ast.GenDecl); isImport && d.(*ast.GenDecl).Tok == token.IMPORT {
				continue
			}
			if fd, ok := d.(*ast.FuncDecl); ok && fd.Body == body {
				continue
			}
			ast.Inspect(d, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && last[id.Name] != nil && !m.declares[id.Name] {
					m.referenced[id.Name] = last[id.Name]
				}
				return true
			})
		}
	}
	return m
}

// funcKey is "T.M" for a method of T, the name for a function.
func funcKey(fd *ast.FuncDecl) string {
	if fd.Recv != nil {
		return recvBase(fd) + "." + fd.Name.Name
	}
	return fd.Name.Name
}

// asFunc returns fd as a function named _, a method's receiver its first
// parameter; nil for a method of a generic type.
func asFunc(fd *ast.FuncDecl) *ast.FuncDecl {
	ft := *fd.Type
	if fd.Recv != nil {
		for t := fd.Recv.List[0].Type; ; {
			if st, ok := t.(*ast.StarExpr); ok {
				t = st.X
				continue
			}
			switch t.(type) {
			case *ast.IndexExpr, *ast.IndexListExpr:
				return nil
			}
			break
		}
		params := &ast.FieldList{Opening: fd.Type.Params.Opening, Closing: fd.Type.Params.Closing}
		params.List = append(append(params.List, named(fd.Recv.List)...), named(fd.Type.Params.List)...)
		ft.Params = params
	}
	return &ast.FuncDecl{Name: &ast.Ident{Name: "_", NamePos: fd.Name.NamePos}, Type: &ft, Body: fd.Body}
}

// named returns fields with a blank name for each unnamed one, so that
// a receiver and parameters may form one list.
func named(fields []*ast.Field) []*ast.Field {
	out := make([]*ast.Field, len(fields))
	for i, f := range fields {
		out[i] = f
		if len(f.Names) == 0 {
			g := *f
			g.Names = []*ast.Ident{{Name: "_", NamePos: f.Pos()}}
			out[i] = &g
		}
	}
	return out
}

// recvBase is the name of a method's receiver base type.
func recvBase(fd *ast.FuncDecl) string {
	if fd.Recv == nil || len(fd.Recv.List) == 0 {
		return ""
	}
	t := fd.Recv.List[0].Type
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr:
			t = x.X
		case *ast.IndexListExpr:
			t = x.X
		case *ast.Ident:
			return x.Name
		default:
			return ""
		}
	}
}

// earlierMethod returns, for a method of a type an earlier cell declared
// (and the cell does not declare, by cellTypes), the function it is
// checked as: the receiver becomes the first parameter. ok is false for
// other methods; nm.named is set without nm.fn for a method of an earlier
// generic type, which is not checked.
func (c *Checker) earlierMethod(fd *ast.FuncDecl, cellTypes map[string]bool) (nm newMethod, ok bool) {
	base := recvBase(fd)
	if base == "" || cellTypes[base] {
		return nm, false
	}
	tn, _ := c.objs[base].(*types.TypeName)
	if tn == nil {
		return nm, false
	}
	named, _ := tn.Type().(*types.Named)
	if named == nil {
		return nm, false
	}
	nm.named = named
	if named.TypeParams().Len() > 0 {
		return nm, false
	}
	_, nm.ptr = fd.Recv.List[0].Type.(*ast.StarExpr)
	nm.name = fd.Name
	nm.fn = asFunc(fd)
	return nm, nm.fn != nil
}

// addMethods adds to earlier types the methods the cell declares that
// they do not have yet, with the signatures the first check found, and
// returns them. They are pending until the result is committed (see
// methods.go): a cell that fails adds no method.
func (c *Checker) addMethods(m *model, r *Result) []addedMethod {
	var added []addedMethod
	for _, nm := range m.newMethods {
		if obj, _, _ := types.LookupFieldOrMethod(nm.named, true, nm.named.Obj().Pkg(), nm.name.Name); obj != nil {
			continue
		}
		fn, _ := r.Info.Defs[nm.fn.Name].(*types.Func)
		if fn == nil {
			continue
		}
		sig := fn.Type().(*types.Signature)
		if sig.Params().Len() == 0 {
			continue
		}
		var params []*types.Var
		for i := 1; i < sig.Params().Len(); i++ {
			params = append(params, sig.Params().At(i))
		}
		recv := sig.Params().At(0)
		msig := types.NewSignatureType(recv, nil, nil, types.NewTuple(params...), sig.Results(), sig.Variadic())
		meth := types.NewFunc(nm.name.Pos(), nm.named.Obj().Pkg(), nm.name.Name, msig)
		nm.named.AddMethod(meth)
		added = append(added, addedMethod{nm.named, meth})
		c.pending = append(c.pending, addedMethod{nm.named, meth})
	}
	return added
}
