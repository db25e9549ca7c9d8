package interp

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// The journal of a function: the declarations it needs for another
// session (a cluster worker's) to run it, as one cell of source text. It
// holds, as the cells wrote them, the function, the functions it calls,
// the types, constants and function literals it uses (a type with all its
// methods), transitively, and the imports they name; a global it reads is
// declared with its checked type and set to its current value, written as
// a Go literal, so that nothing of the cells' top-level statements runs
// again. A value that no literal can write (a pointer, a channel, a
// function, an interface holding a value, a struct of another package)
// makes the function unfit, with an error naming the global and the
// function. A function held by a global (`g := func(x int) int { ... }`)
// goes as its literal when it is one, with the globals it captures; one
// made by a call (`g := adder(3)`) cannot go: its captured values are
// invisible to the session.
//
// Journal is called by the cluster's client for every task, possibly while
// a cell runs: it reads the declarations under s.meta, never s.mu, and the
// globals' values through yaegi's Globals, which reads the variables'
// storage without evaluating anything. The plan of a function (what to
// declare, which globals to write) is cached until the cells declare
// something again; the globals are written out on every call.

// journalState caches the journal plans of one version of the declarations.
type journalState struct {
	mu    sync.Mutex
	decls *decls.Index            // the version the plans are for
	plans map[string]*journalPlan // by function name
}

// journalPlan is what a function's journal declares.
type journalPlan struct {
	text    string      // imports and declarations
	globals []globalVar // set after the declarations
	assigns []string    // function literals held by globals: "g = func..."
	err     error
}

type globalVar struct {
	name string
	typ  types.Type
}

// Declared reports whether name is a function the cells declared, or a
// global holding a function literal (cluster.JournalSource).
func (s *Session) Declared(name string) bool {
	switch o := s.lookupDecl(name).(type) {
	case *types.Func:
		return true
	case *types.Var:
		_, ok := o.Type().Underlying().(*types.Signature)
		return ok
	}
	return false
}

// Journal returns the source of the declarations the function name needs
// and its ID, a hash of it (cluster.JournalSource).
func (s *Session) Journal(name string) (id, source string, err error) {
	p := s.journalPlan(name)
	if p.err != nil {
		return "", "", p.err
	}
	var sb strings.Builder
	sb.WriteString(p.text)
	if len(p.globals)+len(p.assigns) > 0 {
		vals := s.yi.Globals()
		sb.WriteString("\n// values\n")
		for _, g := range p.globals {
			v, ok := vals[g.name]
			if !ok {
				return "", "", fmt.Errorf("interp: %s reads the global %s, which has no value", name, g.name)
			}
			lit, err := literal(v, g.typ, s.qualifier(nil))
			if err != nil {
				return "", "", fmt.Errorf("interp: %s reads the global %s, whose value cannot be sent to workers: %w", name, g.name, err)
			}
			fmt.Fprintf(&sb, "%s = %s\n", g.name, lit)
		}
		for _, a := range p.assigns {
			sb.WriteString(a + "\n")
		}
	}
	source = sb.String()
	sum := sha256.Sum256([]byte(source))
	return hex.EncodeToString(sum[:16]), source, nil
}

// journalPlan returns the cached plan of name, making it when the
// declarations changed.
func (s *Session) journalPlan(name string) *journalPlan {
	d := s.declared()
	j := &s.journal
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.decls != d || j.plans == nil {
		j.decls, j.plans = d, map[string]*journalPlan{}
	}
	if p := j.plans[name]; p != nil {
		return p
	}
	p := s.planJournal(name, d)
	j.plans[name] = p
	return p
}

// planJournal walks the declarations name needs.
func (s *Session) planJournal(fn string, d *decls.Index) *journalPlan {
	s.meta.Lock()
	names := make(map[string]string, len(s.names))
	for k, v := range s.names {
		names[k] = v
	}
	imports := make(map[string]string, len(s.imports))
	for k, v := range s.imports {
		imports[k] = v
	}
	s.meta.Unlock()

	p := &journalPlan{}
	var (
		typeSrc, constSrc, funcSrc, methodSrc, varDecl []string
		seen                                           = map[string]bool{}
		seenSrc                                        = map[string]bool{}
		usedImps                                       = map[string]bool{}
		queue                                          = []string{fn}
	)
	// add adds the declaration src of key, after the line naming where
	// the cells wrote it (journal_origin.go).
	add := func(list *[]string, key, src string) {
		if !seenSrc[src] {
			seenSrc[src] = true
			*list = append(*list, s.originOf(key, src, 0)+src)
		}
	}
	refs := func(src string) error {
		ids, err := identsOf(src)
		if err != nil {
			return err
		}
		for _, id := range ids {
			if _, ok := imports[id]; ok {
				usedImps[id] = true
			}
			if _, ok := names[id]; ok && !seen[id] {
				queue = append(queue, id)
			}
		}
		return nil
	}
	qual := s.qualifier(func(local string) { usedImps[local] = true })
	typeRefs := func(t types.Type) {
		forEachCellType(t, func(n string) {
			if !seen[n] {
				queue = append(queue, n)
			}
		})
		types.TypeString(t, qual) // notes the imports the type names
	}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if seen[name] {
			continue
		}
		seen[name] = true
		src, ok := names[name]
		obj := s.lookupDecl(name)
		if !ok || obj == nil {
			if name == fn {
				p.err = fmt.Errorf("interp: %s is not declared by the cells", fn)
				return p
			}
			continue
		}
		var err error
		switch o := obj.(type) {
		case *types.Func:
			add(&funcSrc, name, src)
			err = refs(src)
		case *types.TypeName:
			add(&typeSrc, name, src)
			err = refs(src)
			if tf := d.Type(name); tf != nil {
				ms := make([]string, 0, len(tf.Methods))
				for m := range tf.Methods {
					ms = append(ms, m)
				}
				sort.Strings(ms)
				for _, m := range ms {
					if mf := tf.Methods[m]; mf.Source != "" {
						add(&methodSrc, name+"."+m, mf.Source)
						if err == nil {
							err = refs(mf.Source)
						}
					}
				}
			}
		case *types.Const:
			add(&constSrc, name, src)
			err = refs(src)
		case *types.Var:
			typ := types.TypeString(o.Type(), qual)
			typeRefs(o.Type())
			varDecl = append(varDecl, "var "+name+" "+typ)
			if lit, at, ok := funcLiteral(src, name); ok {
				p.assigns = append(p.assigns, s.originOf(name, lit, strings.Count(src[:at], "\n"))+name+" = "+lit)
				err = refs(lit)
				break
			}
			if _, isFunc := o.Type().Underlying().(*types.Signature); isFunc {
				what := fn
				if name != fn {
					what = fn + " calls " + name + ", which"
				}
				p.err = fmt.Errorf("interp: %s is a closure made by `%s`: the values it captured cannot be sent to workers; declare it as a function, or as a function literal of globals", what, strings.TrimSpace(src))
				return p
			}
			p.globals = append(p.globals, globalVar{name: name, typ: o.Type()})
		}
		if err != nil {
			p.err = fmt.Errorf("interp: reading the declaration of %s: %w", name, err)
			return p
		}
	}
	var sb strings.Builder
	sb.WriteString("// the declarations " + fn + " needs\n")
	locals := make([]string, 0, len(usedImps))
	for l := range usedImps {
		locals = append(locals, l)
	}
	sort.Strings(locals)
	paths := make([]string, len(locals))
	for i, l := range locals {
		if paths[i] = imports[l]; paths[i] == "" {
			paths[i] = s.importPath(l)
		}
	}
	sb.WriteString(s.pluginHeader(paths)) // journal_native.go
	for i, l := range locals {
		fmt.Fprintf(&sb, "import %s %q\n", l, paths[i])
	}
	for _, list := range [][]string{typeSrc, constSrc, varDecl, funcSrc, methodSrc} {
		for _, src := range list {
			sb.WriteString("\n" + src + "\n")
		}
	}
	p.text = sb.String()
	return p
}

// qualifier names other packages by the local name a cell imported them
// under, calling use with it; the cells' own types go unqualified.
func (s *Session) qualifier(use func(local string)) types.Qualifier {
	return func(pkg *types.Package) string {
		if pkg.Path() == "main" {
			return ""
		}
		s.meta.Lock()
		local := ""
		for l, p := range s.imports {
			if p == pkg.Path() && (local == "" || l < local) {
				local = l
			}
		}
		s.meta.Unlock()
		if local == "" {
			local = "__pkg_" + pkg.Name()
			s.meta.Lock()
			if s.journalImports == nil {
				s.journalImports = map[string]string{}
			}
			s.journalImports[local] = pkg.Path()
			s.meta.Unlock()
		}
		if use != nil {
			use(local)
		}
		return local
	}
}

// importPath returns the path of a package the journal imports under a
// name no cell gave it (qualifier).
func (s *Session) importPath(local string) string {
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.journalImports[local]
}

// identsOf returns the identifiers a declaration or statement uses, but
// the names of fields and methods after a dot.
func identsOf(src string) ([]string, error) {
	fset := token.NewFileSet()
	var root ast.Node
	f, err := parser.ParseFile(fset, "", "package p\n"+src, parser.SkipObjectResolution)
	if err == nil {
		root = f
	} else {
		f, err2 := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+src+"\n}", parser.SkipObjectResolution)
		if err2 != nil {
			return nil, err
		}
		root = f
	}
	var out []string
	ast.Inspect(root, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok {
					out = append(out, id.Name)
				}
				return true
			})
			return false
		case *ast.Ident:
			out = append(out, n.Name)
		}
		return true
	})
	return out, nil
}

// funcLiteral returns the function literal src assigns to name (`name :=
// func...` or `var name = func...`), and its offset in src.
func funcLiteral(src, name string) (string, int, bool) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "", "package p\nfunc _() {\n"+src+"\n}", parser.SkipObjectResolution)
	var rhs ast.Expr
	if err == nil {
		body := f.Decls[0].(*ast.FuncDecl).Body.List
		if len(body) == 1 {
			switch st := body[0].(type) {
			case *ast.AssignStmt:
				for i, l := range st.Lhs {
					if id, ok := l.(*ast.Ident); ok && id.Name == name && len(st.Rhs) == len(st.Lhs) {
						rhs = st.Rhs[i]
					}
				}
			case *ast.DeclStmt:
				if gd, ok := st.Decl.(*ast.GenDecl); ok {
					for _, sp := range gd.Specs {
						if vs, ok := sp.(*ast.ValueSpec); ok && len(vs.Values) == len(vs.Names) {
							for i, id := range vs.Names {
								if id.Name == name {
									rhs = vs.Values[i]
								}
							}
						}
					}
				}
			}
		}
	}
	lit, ok := rhs.(*ast.FuncLit)
	if !ok {
		return "", 0, false
	}
	base := len("package p\nfunc _() {\n")
	start, end := fset.Position(lit.Pos()).Offset-base, fset.Position(lit.End()).Offset-base
	return src[start:end], start, true
}

// forEachCellType calls f with the name of every type of the cells t
// mentions.
func forEachCellType(t types.Type, f func(name string)) {
	seen := map[types.Type]bool{}
	var walk func(t types.Type)
	walk = func(t types.Type) {
		if t == nil || seen[t] {
			return
		}
		seen[t] = true
		switch t := types.Unalias(t).(type) {
		case *types.Named:
			if o := t.Obj(); o.Pkg() != nil && o.Pkg().Path() == "main" {
				f(o.Name())
			}
		case *types.Pointer:
			walk(t.Elem())
		case *types.Slice:
			walk(t.Elem())
		case *types.Array:
			walk(t.Elem())
		case *types.Map:
			walk(t.Key())
			walk(t.Elem())
		case *types.Chan:
			walk(t.Elem())
		case *types.Signature:
			for i := range t.Params().Len() {
				walk(t.Params().At(i).Type())
			}
			for i := range t.Results().Len() {
				walk(t.Results().At(i).Type())
			}
		case *types.Struct:
			for i := range t.NumFields() {
				walk(t.Field(i).Type())
			}
		}
	}
	walk(t)
}
