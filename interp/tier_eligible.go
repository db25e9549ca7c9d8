package interp

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/native"
)

// Which functions tier up (tier.go), as go/types sees the cell that
// declares them. A top-level, non-generic function is eligible when every
// name its signature and body use is a parameter or local (types declared
// inside it included), a predeclared name, a member of a compiled package,
// a constant the cells declare, a type a compiled cell declares, or a
// function the cells declare, called directly (itself included); when no
// expression in it has a type an interpreted cell declared; and when it starts no goroutine (a compiled goroutine's
// panic would end the process, an interpreted one's is reported).
// Functions whose output or effects the session redirects for interpreted
// code stay interpreted: builtin print and println, fmt's Print functions,
// and packages os, os/exec, log, runtime and the like.
//
// A cell constant is written into the compiled code as its value, as yaegi
// does when it compiles an interpreted function: a constant declared again
// later changes neither. A call of another function of the cells goes
// through a route, a function variable of the plugin that the session sets
// (tier.go): to the interpreted function, whose guard reaches its latest
// declaration (rewrite_func.go), or, once that function is native too and
// not declared again, straight to its native version. So a call graph
// tiers function by function, and a redeclaration reaches compiled callers
// as it reaches interpreted ones. Each call through a route runs rt.Enter,
// the stack check of interpreted calls, so that a recursion through
// several functions panics rather than end the process.
//
// The names of compiled cells reach interpreted ones through their
// bridges (interp/internal/native): a constant, written out as the others
// are; a function, declared as an interpreted call of the compiled one,
// which stays interpreted and is called through a route like any function
// of the cells; the session points that route straight at the compiled
// function (Session.compiledFunc), and at the new declaration when a cell
// declares the name again, so that a compiled cell declared again reaches
// tiered callers too; a type, an alias of the compiled type, which the
// plugin names in the compiled cell's package (X_name, tierImportName).
//
// What stays interpreted, and why:
//   - functions that read or write the cells' variables: a variable of the
//     cells lives in yaegi's frame of globals, which compiled code cannot
//     reach without racing the interpreter, and a copy would silently go
//     stale when a cell assigns it;
//   - functions that use interpreted cells' types, and methods: such a
//     type is built by the interpreter with reflect, with no methods and
//     another identity than any compiled type, so values of it cannot
//     cross into compiled code and back;
//   - functions that use a function of the cells as a value (not called):
//     the value could be compared or kept, and would then be the plugin's.
//
// A doc comment line //gofutures:interpret opts a function out.

// tierWhyCompiled is why a compiled cell's function, as its bridge
// declares it, is not tiered: it calls native code already.
const tierWhyCompiled = "declared by a compiled cell"

// interpretMarker in a function's doc comment keeps it interpreted.
const interpretMarker = "//gofutures:interpret"

// tierDepth bounds the recursion of a tiered function: a runaway native
// recursion would otherwise reach Go's stack limit, which ends the process.
// Interpreted code stops far earlier (rt.MaxStack).
const tierDepth = 100000

// refusedPackages are packages whose use keeps a function interpreted: the
// session redirects them for interpreted code (output, processes, exits,
// goroutine control), or compiled code would reach the kernel's own state.
var refusedPackages = map[string]bool{
	"os": true, "os/exec": true, "os/signal": true, "log": true, "log/slog": true,
	"runtime": true, "runtime/debug": true, "unsafe": true, "syscall": true,
	"plugin": true, "reflect": true, "testing": true,
}

// refusedMembers are members of other packages that write to the
// process's standard output or read its standard input (the session's is
// the frontend's: stdin.go).
var refusedMembers = map[string]bool{"fmt.Print": true, "fmt.Printf": true, "fmt.Println": true,
	"fmt.Scan": true, "fmt.Scanf": true, "fmt.Scanln": true}

// tierPlan is an eligible function as a compiled cell: its source, whose
// function keeps the cell's line numbers through a //line directive.
type tierPlan struct {
	name    string
	src     string
	callees []tierCallee // the functions of the cells it calls, by name
}

// tierCallee is a function of the cells a tiered function calls through a
// route.
type tierCallee struct {
	name string
	key  string // its signature without names (sigKey)
}

// tierEdit is an edit of the function's text, at cell offsets; end > at
// replaces.
type tierEdit struct {
	at, end int
	text    string
}

// tierEligible returns the compiled-cell source of the function fd of
// item it, or a reason why it stays interpreted.
func (c *cell) tierEligible(it *item, fd *ast.FuncDecl) (*tierPlan, string) {
	if fd.Recv != nil || fd.Type.TypeParams != nil || fd.Body == nil {
		return nil, "a method or generic function"
	}
	name := fd.Name.Name
	if strings.Contains(c.src[it.off(fd.Pos()):it.off(fd.End())], ".X_"+name) {
		return nil, tierWhyCompiled // its bridge: it calls native code already
	}
	if name == "main" || name == "init" || name == "_" || strings.HasPrefix(name, "__") {
		return nil, "a special function"
	}
	// The doc comment: the comment lines right above the declaration.
	above := strings.Split(c.src[:it.off(fd.Pos())], "\n")
	for i := len(above) - 2; i >= 0 && strings.HasPrefix(strings.TrimSpace(above[i]), "//"); i-- {
		if strings.TrimSpace(above[i]) == interpretMarker {
			return nil, "opted out"
		}
	}
	if c.checked == nil || c.checked.Info == nil {
		return nil, "not type-checked"
	}
	info := c.checked.Info
	self := info.Defs[fd.Name]
	if self == nil || self.Pkg() == nil {
		return nil, "not type-checked"
	}
	pkg := self.Pkg()
	// cellLevel: declared at the top level of this cell or an earlier one.
	// An earlier cell's names were checked in a package of their own (path
	// "main" too), or made anew without a scope (internal/typecheck).
	cellLevel := func(o types.Object) bool {
		if o.Pkg() == pkg {
			return o.Parent() == pkg.Scope() || o.Parent() == self.Parent()
		}
		if o.Pkg() == nil || o.Pkg().Path() != "main" {
			return false
		}
		return o.Parent() == nil || o.Parent() == o.Pkg().Scope() || o.Parent().Parent() == types.Universe || pkg.Scope().Lookup(o.Name()) == o
	}
	for _, f := range fd.Type.Params.List {
		if len(f.Names) == 0 {
			return nil, "unnamed parameters"
		}
		for _, n := range f.Names {
			if n.Name == "_" {
				return nil, "unnamed parameters"
			}
		}
	}
	imports := map[string]string{} // local name -> path
	var selfCalls []*ast.CallExpr
	sels := map[*ast.Ident]*ast.SelectorExpr{}
	calls := map[*ast.Ident]*ast.CallExpr{}
	var edits []tierEdit
	callees := map[string]string{} // name -> its type, as the plugin writes it
	var order []tierCallee
	// typeText writes a type out, importing the packages it names; "" when
	// it names a type only the interpreter has.
	typeText := func(t types.Type) string {
		interpreted := false
		text := types.TypeString(unaliasAll(t), func(p *types.Package) string {
			if p.Path() == "main" {
				interpreted = true
			}
			n := tierImportName(p.Path())
			imports[n] = p.Path()
			return n
		})
		if interpreted {
			return ""
		}
		return cellTypeName.ReplaceAllString(text, "${1}.X_")
	}
	why := ""
	ast.Inspect(fd, func(n ast.Node) bool {
		if why != "" {
			return false
		}
		switch n := n.(type) {
		case *ast.GoStmt:
			why = "starts goroutines"
		case *ast.SelectorExpr:
			sels[n.Sel] = n
		case *ast.CallExpr:
			if id, ok := ast.Unparen(n.Fun).(*ast.Ident); ok {
				calls[id] = n
			}
		case *ast.Ident:
			if n == fd.Name || n.Name == "_" {
				return true
			}
			o := info.Uses[n]
			if o == nil {
				o = info.Defs[n]
			}
			if o == nil {
				return true
			}
			if t := o.Type(); t != nil && mentionsCellType(t, pkg, cellLevel) {
				why = "uses a type the cells declare: " + n.Name
				return true
			}
			switch o := o.(type) {
			case *types.PkgName:
				p := o.Imported().Path()
				if refusedPackages[p] || strings.HasPrefix(p, "github.com/gofutures/gofutures") {
					why = "uses package " + p
				}
				imports[o.Name()] = p
				return true
			case *types.Builtin:
				if o.Name() == "print" || o.Name() == "println" {
					why = "prints with " + o.Name()
				}
				return true
			}
			if s, ok := sels[n]; ok && s.Sel == n {
				if x, ok := s.X.(*ast.Ident); ok {
					if pn, ok := info.Uses[x].(*types.PkgName); ok && refusedMembers[pn.Imported().Path()+"."+n.Name] {
						why = "prints with " + pn.Imported().Path() + "." + n.Name
					}
				}
				return true // a field, method or package member: its types were checked
			}
			if o == self {
				if call, ok := calls[n]; ok && ast.Unparen(call.Fun) == n {
					selfCalls = append(selfCalls, call)
					return true
				}
				why = "uses itself as a value"
				return true
			}
			if k, ok := o.(*types.Const); ok && cellLevel(o) {
				tv, ok := info.Types[n]
				lit := ""
				if ok && tv.Value != nil {
					lit = constText(tv, typeText)
				}
				if lit == "" {
					why = "uses constant " + k.Name() + ", whose value cannot be written out"
					return true
				}
				edits = append(edits, tierEdit{it.off(n.Pos()), it.off(n.End()), lit})
				return true
			}
			if f, ok := o.(*types.Func); ok && cellLevel(o) {
				call, ok := calls[n]
				if !ok || ast.Unparen(call.Fun) != n {
					why = "uses function " + f.Name() + " as a value"
					return true
				}
				sig := f.Type().(*types.Signature)
				if _, seen := callees[f.Name()]; !seen {
					callees[f.Name()] = typeText(sig)
					if callees[f.Name()] == "" {
						why = "calls " + f.Name() + ", whose type the cells declare"
						return true
					}
					order = append(order, tierCallee{name: f.Name(), key: sigKey(sig)})
				}
				edits = append(edits, tierEdit{it.off(n.Pos()), it.off(n.End()), "gofutures__" + f.Name() + "()"})
				return true
			}
			if tn, ok := o.(*types.TypeName); ok && tn.IsAlias() && cellLevel(o) {
				// A compiled cell's type reaches cells as an alias (its
				// bridge's); the plugin names it in the cell's package.
				if nt, ok := types.Unalias(tn.Type()).(*types.Named); ok && nt.TypeArgs() == nil {
					if text := typeText(nt); text != "" {
						edits = append(edits, tierEdit{it.off(n.Pos()), it.off(n.End()), text})
						return true
					}
				}
			}
			if o.Parent() == types.Universe {
				return true
			}
			if v, ok := o.(*types.Var); ok && v.IsField() {
				return true // a key of a composite literal
			}
			if o.Pkg() != pkg || cellLevel(o) || o.Parent() == nil {
				why = "uses " + n.Name + ", declared outside it"
			}
		}
		return true
	})
	if why != "" {
		return nil, why
	}
	// Every expression's type: values of cell types may come without a name.
	for e, tv := range info.Types {
		if e.Pos() >= fd.Pos() && e.End() <= fd.End() && tv.Type != nil && mentionsCellType(tv.Type, pkg, cellLevel) {
			return nil, "uses a type the cells declare"
		}
	}
	if len(order) > 0 {
		imports["gofutures__atomic"] = "sync/atomic"
	}
	sig := typeText(self.Type())
	if sig == "" {
		return nil, "uses a type the cells declare"
	}
	return &tierPlan{name: name, src: c.tierSource(it, fd, sig, selfCalls, imports, edits, order, callees), callees: order}, ""
}

// mentionsCellType reports whether t names a type declared at the top
// level of the cells (cellLevel tells).
func mentionsCellType(t types.Type, pkg *types.Package, cellLevel func(types.Object) bool) bool {
	seen := map[types.Type]bool{}
	var walk func(t types.Type) bool
	walk = func(t types.Type) bool {
		t = types.Unalias(t)
		if t == nil || seen[t] {
			return false
		}
		seen[t] = true
		switch t := t.(type) {
		case *types.Named:
			o := t.Obj()
			if cellLevel(o) {
				return true
			}
			if o.Pkg() == pkg {
				return walk(t.Underlying()) // a type declared inside the function
			}
			if ta := t.TypeArgs(); ta != nil {
				for i := range ta.Len() {
					if walk(ta.At(i)) {
						return true
					}
				}
			}
			return false
		case *types.Pointer:
			return walk(t.Elem())
		case *types.Slice:
			return walk(t.Elem())
		case *types.Array:
			return walk(t.Elem())
		case *types.Map:
			return walk(t.Key()) || walk(t.Elem())
		case *types.Chan:
			return walk(t.Elem())
		case *types.Tuple:
			for i := range t.Len() {
				if walk(t.At(i).Type()) {
					return true
				}
			}
		case *types.Signature:
			return walk(t.Params()) || walk(t.Results())
		case *types.Struct:
			for i := range t.NumFields() {
				if walk(t.Field(i).Type()) {
					return true
				}
			}
		case *types.Interface:
			for i := range t.NumMethods() {
				if walk(t.Method(i).Type()) {
					return true
				}
			}
		case *types.TypeParam:
			return true
		}
		return false
	}
	return walk(t)
}

// tierSource is fd as a compiled cell. A self-recursive function gets a
// depth parameter, checked at its entry, and a wrapper with its name.
func (c *cell) tierSource(it *item, fd *ast.FuncDecl, sig string, selfCalls []*ast.CallExpr, imports map[string]string, edits []tierEdit, callees []tierCallee, types map[string]string) string {
	type edit = tierEdit
	name := fd.Name.Name
	inner := "gofutures__tier_" + name
	edits = append(edits, edit{it.off(fd.Name.Pos()), it.off(fd.Name.End()), inner})
	if len(selfCalls) > 0 {
		sep := ""
		if fd.Type.Params.NumFields() > 0 {
			sep = ", "
		}
		edits = append(edits, edit{it.off(fd.Type.Params.Opening) + 1, 0, "gofutures__d int" + sep})
		edits = append(edits, edit{it.off(fd.Body.Lbrace) + 1, 0, fmt.Sprintf(
			" if gofutures__d > %d { panic(%q) };", tierDepth,
			fmt.Sprintf("stack overflow: %s called itself more than %d calls deep (infinite recursion?)", name, tierDepth))})
		for _, call := range selfCalls {
			sep := ""
			if len(call.Args) > 0 {
				sep = ", "
			}
			edits = append(edits, edit{it.off(call.Fun.Pos()), it.off(call.Fun.End()), inner})
			edits = append(edits, edit{it.off(call.Lparen) + 1, 0, "gofutures__d+1" + sep})
		}
	}
	start, end := it.off(fd.Type.Func), it.off(fd.End())
	// Last first; at one offset, a replacement before an insertion, which
	// then goes in front of it.
	sort.SliceStable(edits, func(i, j int) bool {
		if edits[i].at != edits[j].at {
			return edits[i].at > edits[j].at
		}
		return edits[i].end > edits[i].at && edits[j].end <= edits[j].at
	})
	text := c.src[start:end]
	for _, e := range edits {
		a, b := e.at-start, e.at-start
		if e.end > e.at {
			b = e.end - start
		}
		text = text[:a] + e.text + text[b:]
	}
	line, col := c.position(start)
	var sb strings.Builder
	sb.WriteString("//gofutures:compile\n")
	imports["gofutures__runtime"] = "runtime"
	names := make([]string, 0, len(imports))
	for n := range imports {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&sb, "import %s %q\n", n, imports[n])
	}
	// The function keeps the positions the interpreter gives it (see
	// c.at), which the session's tracebacks read back (tierFrames).
	fmt.Fprintf(&sb, "\n//line _.go:%d:%d\n%s\n", c.no*cellLines+line, col, text)
	sb.WriteString("\n//line gofutures:1\n")
	sb.WriteString(tierRoutes(callees, types))
	// The wrapper: what the session calls; it reports the frames of a
	// panic, as the interpreter prints its own, and panics on.
	var args []string
	if len(selfCalls) > 0 {
		args = append(args, "0")
	}
	for _, f := range fd.Type.Params.List {
		_, variadic := f.Type.(*ast.Ellipsis)
		for _, n := range f.Names {
			if variadic {
				args = append(args, n.Name+"...")
			} else {
				args = append(args, n.Name)
			}
		}
	}
	ret := ""
	if fd.Type.Results != nil && len(fd.Type.Results.List) > 0 {
		ret = "return "
	}
	fmt.Fprintf(&sb, "\nfunc %s%s { defer gofutures__panicked(%q); %s%s(%s) }\n", name, strings.TrimPrefix(sig, "func"), name, ret, inner, strings.Join(args, ", "))
	return sb.String()
}

// tierRuntime is the part of every tiered function's plugin that the
// session sets up (gofutures__setup): the stack check of calls through
// routes (rt.Enter) and the report of a panic's frames in the function's
// cell (Session.tierFrames).
const tierRuntime = `
var (
	gofutures__routeEnter  = func() {}
	gofutures__report = func([]int, []string) {}
)

func gofutures__setup(enter func(), report func([]int, []string)) {
	gofutures__routeEnter, gofutures__report = enter, report
}

func gofutures__panicked(name string) {
	r := recover()
	if r == nil {
		return
	}
	pcs := make([]uintptr, 64)
	frames := gofutures__runtime.CallersFrames(pcs[:gofutures__runtime.Callers(2, pcs)])
	var lines []int
	var funcs []string
	for {
		f, more := frames.Next()
		if f.File == "gofutures" {
			if len(f.Function) > len(name) && f.Function[len(f.Function)-len(name)-1:] == "."+name {
				break // this function's wrapper
			}
			lines, funcs = nil, nil // frames a function this one calls reported
			continue
		}
		if f.File == "_.go" {
			fn := f.Function
			for i := len(fn) - 1; i >= 0; i-- {
				if fn[i] == '/' {
					fn = fn[i+1:]
					break
				}
			}
			for i := 0; i < len(fn); i++ {
				if fn[i] == '.' {
					fn = fn[i+1:]
					break
				}
			}
			if len(fn) > 16 && fn[:16] == "gofutures__tier_" {
				fn = fn[16:]
			}
			for i := 0; i < len(fn); i++ {
				if fn[i] == '.' {
					fn = fn[:i]
					break
				}
			}
			lines, funcs = append(lines, f.Line), append(funcs, fn)
		}
		if !more {
			break
		}
	}
	gofutures__report(lines, funcs)
	panic(r)
}
`

// tierRoutes declares, for each function of the cells a tiered function
// calls, the route the session sets (gofutures__route_NAME) and the call
// of it (gofutures__NAME), with the stack check the session hands in
// (gofutures__setenter: rt.Enter).
func tierRoutes(callees []tierCallee, types map[string]string) string {
	var b strings.Builder
	b.WriteString(tierRuntime)
	for _, f := range callees {
		t := types[f.name]
		fmt.Fprintf(&b, "\nvar gofutures__r_%s gofutures__atomic.Pointer[%s]\n", f.name, t)
		fmt.Fprintf(&b, "\nfunc gofutures__route_%s(fn %s) { gofutures__r_%s.Store(&fn) }\n", f.name, t, f.name)
		fmt.Fprintf(&b, "\nfunc gofutures__%s() %s { gofutures__routeEnter(); return *gofutures__r_%s.Load() }\n", f.name, t, f.name)
	}
	return b.String()
}

// sigKey is a signature's parameter and result types, without names.
func sigKey(sig *types.Signature) string {
	list := func(t *types.Tuple, variadic bool) string {
		var ps []string
		for i := range t.Len() {
			s := types.TypeString(unaliasAll(t.At(i).Type()), nil)
			if variadic && i == t.Len()-1 {
				s = "..." + strings.TrimPrefix(s, "[]")
			}
			ps = append(ps, s)
		}
		return "(" + strings.Join(ps, ", ") + ")"
	}
	return "func" + list(sig.Params(), sig.Variadic()) + " " + list(sig.Results(), false)
}

// constText is the value of a constant as Go source: a literal of its
// kind, converted to its type when it has one.
func constText(tv types.TypeAndValue, typeText func(types.Type) string) string {
	v := tv.Value
	var lit string
	switch v.Kind() {
	case constant.Bool:
		lit = strconv.FormatBool(constant.BoolVal(v))
	case constant.String:
		lit = strconv.Quote(constant.StringVal(v))
	case constant.Int:
		lit = v.ExactString()
	case constant.Float:
		lit = floatText(v)
	case constant.Complex:
		lit = "(" + floatText(constant.Real(v)) + " + " + floatText(constant.Imag(v)) + "*1i)"
	default:
		return ""
	}
	b, ok := tv.Type.(*types.Basic)
	if ok && b.Info()&types.IsUntyped != 0 {
		switch b.Kind() {
		case types.UntypedRune:
			return "('\\x00' + " + lit + ")"
		case types.UntypedFloat:
			return "(" + lit + " + 0.0)"
		}
		return "(" + lit + ")"
	}
	t := typeText(tv.Type)
	if t == "" {
		return ""
	}
	return t + "(" + lit + ")"
}

// cellTypeName matches a compiled cell's package name in a type written
// out (tierImportName), whose names are unexported: the plugin reaches
// them as X_name.
var cellTypeName = regexp.MustCompile(`\b(gofutures__c_[0-9A-Za-z]+)\.`)

// tierImportName is the name a tiered function's plugin imports the
// package at path p as, the same in every plugin, since the session's
// interpreter declares the swapped function with it (tierSwap).
func tierImportName(p string) string {
	if native.IsCellPackage(p) {
		return "gofutures__c_" + p[strings.LastIndex(p, "/")+1:]
	}
	return "gofutures__p_" + strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' {
			return r
		}
		return '_'
	}, p)
}

// unaliasAll is t with every alias in it replaced by the type it stands
// for, so that it is written out in the packages that declare its types.
func unaliasAll(t types.Type) types.Type {
	tuple := func(tt *types.Tuple) *types.Tuple {
		if tt == nil {
			return nil
		}
		vs := make([]*types.Var, tt.Len())
		for i := range vs {
			v := tt.At(i)
			vs[i] = types.NewParam(v.Pos(), v.Pkg(), v.Name(), unaliasAll(v.Type()))
		}
		return types.NewTuple(vs...)
	}
	switch t := t.(type) {
	case *types.Alias:
		return unaliasAll(types.Unalias(t))
	case *types.Pointer:
		return types.NewPointer(unaliasAll(t.Elem()))
	case *types.Slice:
		return types.NewSlice(unaliasAll(t.Elem()))
	case *types.Array:
		return types.NewArray(unaliasAll(t.Elem()), t.Len())
	case *types.Map:
		return types.NewMap(unaliasAll(t.Key()), unaliasAll(t.Elem()))
	case *types.Chan:
		return types.NewChan(t.Dir(), unaliasAll(t.Elem()))
	case *types.Tuple:
		return tuple(t)
	case *types.Signature:
		if t.Recv() != nil || t.TypeParams() != nil {
			return t
		}
		return types.NewSignatureType(nil, nil, nil, tuple(t.Params()), tuple(t.Results()), t.Variadic())
	case *types.Struct:
		fs := make([]*types.Var, t.NumFields())
		tags := make([]string, t.NumFields())
		for i := range fs {
			f := t.Field(i)
			fs[i], tags[i] = types.NewField(f.Pos(), f.Pkg(), f.Name(), unaliasAll(f.Type()), f.Embedded()), t.Tag(i)
		}
		return types.NewStruct(fs, tags)
	}
	return t // named types and interfaces as they are: their aliases, if any, show as "main"
}

// floatText writes a Float or Int constant exactly, as a quotient when
// it is not an integer.
func floatText(v constant.Value) string {
	v = constant.ToFloat(v)
	num, den := constant.Num(v), constant.Denom(v)
	if constant.Compare(den, token.EQL, constant.MakeInt64(1)) {
		return num.ExactString()
	}
	return "(" + num.ExactString() + ".0 / " + den.ExactString() + ")"
}
