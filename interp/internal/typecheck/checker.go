package typecheck

import (
	"go/ast"
	"go/importer"
	"go/token"
	"go/types"
	"go/version"
	"io"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
)

// MaxErrors is how many errors a check reports at most, as go build does.
const MaxErrors = 10

// Cell is what Check reads: a cell's top-level pieces in source order,
// parsed into the Checker's FileSet with positions that grow in source
// order.
type Cell struct {
	Items []Item
	// Source returns the text of a node of the cell (used to recognise a
	// type declared again with the same text).
	Source func(ast.Node) string
}

// Item is one top-level piece of a cell: a declaration (import, func,
// type, const or var) or a statement.
type Item struct {
	Decl ast.Decl
	Stmt ast.Stmt
}

// Error is one error go/types reported, at a position in the cell.
type Error struct {
	Pos token.Pos
	Msg string
}

// Checker checks the cells of one session. Its methods are safe for
// concurrent use; checks and commits are serialized.
type Checker struct {
	mu   sync.Mutex
	fset *token.FileSet
	imp  *cachedImporter
	lang string

	// main is the package of the package-level variables and constants
	// Commit keeps, which it makes anew, without a position, rather than
	// keep the package they were checked in, whose scopes hold all of
	// their cell's objects, and the cell's files.
	main *types.Package

	objs     map[string]types.Object // package-level objects of committed cells
	imports  map[string]string       // local name -> path of committed imports ("." and "_" keyed by path too)
	typeText map[string]string       // committed type name -> its declaration's text, spaces folded
	pending  []addedMethod           // methods checks added to earlier types, not committed (methods.go)
}

// New returns a Checker that reads the export data of imported packages
// through lookup (see go/importer.ForCompiler).
func New(lookup func(path string) (io.ReadCloser, error)) *Checker {
	fset := token.NewFileSet()
	return &Checker{
		fset:     fset,
		imp:      &cachedImporter{imp: importer.ForCompiler(fset, "gc", lookup)},
		lang:     version.Lang(runtime.Version()),
		main:     types.NewPackage("main", "main"),
		objs:     map[string]types.Object{},
		imports:  map[string]string{},
		typeText: map[string]string{},
	}
}

// FileSet is the file set cells must be parsed into.
func (c *Checker) FileSet() *token.FileSet { return c.fset }

// cachedImporter serializes the gc importer, which caches packages.
type cachedImporter struct {
	mu  sync.Mutex
	imp types.Importer
}

func (ci *cachedImporter) Import(path string) (*types.Package, error) {
	ci.mu.Lock()
	defer ci.mu.Unlock()
	return ci.imp.Import(path)
}

// Result is a checked cell.
type Result struct {
	// Info holds the types of the cell's expressions and the objects its
	// names define and use, keyed by the nodes of the Cell's items.
	Info *types.Info
	// Errors are go/types' errors, sorted by position, at most MaxErrors;
	// Truncated says there were more.
	Errors    []Error
	Truncated bool

	c       *Checker
	pkg     *types.Package
	decls   map[string]types.Object // package-level objects the cell declares
	defines map[string]*types.Var   // the last top-level define of each name
	types   map[string]string       // type name -> text, for the types it declares
	imports map[string]string       // local name -> path
	added   []addedMethod           // methods the check added to earlier types
}

// Check checks a cell against the committed cells.
func (c *Checker) Check(cell Cell) *Result {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.rollback()
	m := c.model(cell)
	r := c.run(m, nil)
	var added []addedMethod
	if len(m.newMethods) > 0 {
		if added = c.addMethods(m, r); len(added) > 0 {
			r = c.run(m, nil)
		}
	}
	if len(m.referenced) > 0 {
		pre := map[string]types.Type{}
		for name, id := range m.referenced {
			if v, ok := r.Info.Defs[id].(*types.Var); ok {
				pre[name] = v.Type()
			}
		}
		r = c.run(m, pre)
	}
	r.c = c
	r.added = added
	r.types = m.types
	r.imports = m.imports
	r.defines = map[string]*types.Var{}
	for _, id := range m.defined {
		if v, ok := r.Info.Defs[id].(*types.Var); ok {
			r.defines[id.Name] = v
		}
	}
	return r
}

// run checks the model's file in a new package holding the committed
// objects, and, when pre is not nil, package variables of those types.
func (c *Checker) run(m *model, pre map[string]types.Type) *Result {
	pkg := types.NewPackage("main", "main")
	scope := pkg.Scope()
	for name, t := range pre { // before the committed objects, which Insert would keep
		if !m.declares[name] {
			scope.Insert(types.NewVar(token.NoPos, pkg, name, t))
		}
	}
	// Only the names the cell uses are looked up in the scope; objects
	// they refer to otherwise are reached through their types.
	for name := range m.names {
		if obj := c.objs[name]; obj != nil && !m.declares[name] {
			scope.Insert(obj)
		}
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Implicits:  map[ast.Node]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
		Instances:  map[*ast.Ident]types.Instance{},
	}
	r := &Result{Info: info, pkg: pkg, decls: map[string]types.Object{}}
	var errs []Error
	conf := &types.Config{
		Importer:                 c.imp,
		GoVersion:                c.lang,
		DisableUnusedImportCheck: true,
		Sizes:                    types.SizesFor("gc", runtime.GOARCH),
		Error: func(err error) {
			if te, ok := err.(types.Error); ok && !(m.shown[te.Pos] && strings.HasSuffix(te.Msg, " is not used")) {
				errs = append(errs, Error{Pos: te.Pos, Msg: dequalify(te.Msg)})
			}
		},
	}
	_ = types.NewChecker(conf, c.fset, pkg, info).Files([]*ast.File{m.file})
	errs = fixUnexported(errs, unexportedFields(m.file, info, pkg), info, m.file)
	sort.SliceStable(errs, func(i, j int) bool { return errs[i].Pos < errs[j].Pos })
	for i, e := range errs {
		if i > 0 && c.fset.Position(e.Pos).Line == c.fset.Position(errs[i-1].Pos).Line && e.Pos == errs[i-1].Pos {
			continue // one error per position, as the compiler prints
		}
		if len(r.Errors) == MaxErrors {
			r.Truncated = true
			break
		}
		r.Errors = append(r.Errors, e)
	}
	for name := range m.declares {
		if obj := scope.Lookup(name); obj != nil && obj.Pkg() == pkg {
			r.decls[name] = obj
		}
	}
	return r
}

// mainQual matches the package qualifier go/types gives the objects of
// earlier cells, which belong to another package named main.
var mainQual = regexp.MustCompile(`(^|[^\w.])main\.`)

// dequalify drops "main." from a message: every cell's objects are the
// session's package, as a Go program's would be one package.
func dequalify(msg string) string {
	if !strings.Contains(msg, "main.") {
		return msg
	}
	return mainQual.ReplaceAllString(msg, "$1")
}

// Commit makes the cell's declarations, top-level variables and imports
// the session's. Call it once the cell ran; a cell that failed to check or
// to compile must not be committed.
func (r *Result) Commit() {
	c := r.c
	c.mu.Lock()
	defer c.mu.Unlock()
	c.keep(r)
	for name, obj := range r.decls {
		switch o := obj.(type) { // see Checker.main
		case *types.Var:
			obj = types.NewVar(token.NoPos, c.main, name, o.Type())
		case *types.Const:
			obj = types.NewConst(token.NoPos, c.main, name, o.Type(), o.Val())
		}
		c.objs[name] = obj
		if _, ok := obj.(*types.TypeName); !ok {
			delete(c.typeText, name)
		}
	}
	for name, v := range r.defines {
		c.objs[name] = types.NewVar(token.NoPos, c.main, name, v.Type())
		delete(c.typeText, name)
	}
	for name, text := range r.types {
		c.typeText[name] = text
	}
	for name, p := range r.imports {
		c.imports[name] = p
	}
}

// Lookup returns the package-level object the cell declares or defines
// as name, or nil; it is valid before Commit.
func (r *Result) Lookup(name string) types.Object {
	if o, ok := r.decls[name]; ok {
		return o
	}
	if v, ok := r.defines[name]; ok {
		return v
	}
	return nil
}

// Lookup returns the committed object named name.
func (c *Checker) Lookup(name string) types.Object {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.objs[name]
}

// Len is the number of committed package-level objects.
func (c *Checker) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.objs)
}

// Declares reports whether committing the result adds or replaces a
// function or a type, objects whose positions are in the cell's files
// (Commit keeps variables and constants without a position).
func (r *Result) Declares() bool {
	for _, obj := range r.decls {
		switch obj.(type) {
		case *types.Var, *types.Const:
		default:
			return true
		}
	}
	return false
}
