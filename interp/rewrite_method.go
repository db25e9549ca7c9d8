package interp

import (
	"fmt"
	"go/ast"
	"slices"
	"sort"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// Methods a later cell may declare again. yaegi v0.16.1 keeps the first
// body it was given for a method: declaring the method again compiles and
// is ignored. So the first declaration of a method of a non-generic type
// gets a guard, a package-level func variable that is nil until a later
// declaration changes the method:
//
//	var __method_R_A func(R, int) int
//	func (r R) A(x int) int { if __method_R_A != nil { return __method_R_A(r, x) }; <the body> }
//
// and a later declaration becomes a function holding the new body, stored
// in the guard by a func init:
//
//	func __method_R_A_2_0(r R, x int) int { <the new body> }; func init() { __method_R_A = __method_R_A_2_0 }
//
// Values, method values, interface values and closures made earlier call
// the first body, so they all see the change. Declaring the first text
// again (re-running the cell) sets the guard back to nil. The guard costs a
// method call one comparison, lost in the noise of BenchmarkMethodCalls1e6
// (1e6 calls, about 2.6 s on a loaded 2-core machine); holding every body in
// a func variable that the method calls costs a call more, 40 to 90% there.
//
// The variable must be declared once per session: declaring it again makes
// another global, which the first body does not read. A method of a
// generic type gets no guard (a variable cannot be generic), so declaring
// it again with another text is refused, as is a declaration with another
// signature, which the guard's type cannot hold.
//
// The guard is a global like any other (see the package doc on
// concurrency): a goroutine or futures task calling the method while a
// cell declares it again runs either body.

// methodDef is what the session knows of a method the cells declared.
type methodDef struct {
	first string // its first declaration, spaces collapsed: what yaegi runs
	head  string // its first declaration up to the body
	sig   string // the guard's type: the receiver's, parameters' and results' types
	guard string // the guard's name; "" for a method of a generic type

	// broken: its first declaration was in a step that failed to compile,
	// and yaegi registered it all the same. yaegi keeps that method, which
	// runs no body, whatever is declared later.
	broken bool
}

// methodPlan is how a cell declares one method.
type methodPlan struct {
	it     *item
	fd     *ast.FuncDecl
	how    methodHow
	base   string     // the receiver's type name; "" for a function
	key    string     // "R.A"; "f" for a function
	expr   string     // the method expression: "R.A" or "(*R).A"
	guard  string     // the guard's name
	def    *methodDef // set for a first declaration, recorded once it is evaluated
	label  string     // for a later declaration: the name its body's function gets
	fn     *funcDef   // a function's declaration (rewrite_func.go)
	latest *funcDef   // for a function, the declaration before fn, or nil
}

type methodHow int

const (
	asIs        methodHow = iota // a generic type's method, declared alike again
	guarded                      // a first declaration
	restored                     // the first declaration again
	replaced                     // a later declaration with another body
	funcGuarded                  // a declaration of a function (rewrite_func.go)
	funcGeneric                  // a declaration of a generic function
)

// planMethods lowers the methods c declares, given those declared so far
// (known) and whether a guard name is taken, and keeps the first
// declarations to record once evaluated (see recordMethods). It returns an
// error for a method that cannot change.
//
// It plans the functions c declares too, given their latest declarations
// (latest), a source of numbers for their guards (seq) and one of declared
// flags for them (flag).
func (c *cell) planMethods(known func(key string) *methodDef, taken func(guard string) bool,
	latest func(name string) *funcDef, seq func() int, flag func() string) error {
	here := map[string]*methodDef{}
	used := map[string]bool{}
	funcs := map[string]*funcDef{}
	for i := range c.items {
		it := &c.items[i]
		fd, ok := it.decl.(*ast.FuncDecl)
		if ok && fd.Recv == nil && fd.Body != nil {
			last, ok := funcs[fd.Name.Name]
			if !ok {
				last = latest(fd.Name.Name)
			}
			def, err := c.planFunc(it, fd, last, seq(), flag)
			if err != nil {
				return err
			}
			if def != nil {
				funcs[fd.Name.Name] = def
			}
			continue
		}
		if !ok || fd.Recv == nil || len(fd.Recv.List) != 1 || fd.Body == nil {
			continue
		}
		recv := fd.Recv.List[0]
		base, ptr := decls.BaseName(textOf(c, it, recv.Type))
		key := base + "." + fd.Name.Name
		text := strings.Join(strings.Fields(c.src[it.start:it.end]), " ")
		def := here[key]
		if def == nil {
			def = known(key)
		}
		expr := key
		if ptr {
			expr = "(*" + base + ")." + fd.Name.Name
		}
		generic := isGeneric(recv.Type)
		sig := c.funcType(it, fd, func(n ast.Node) string { return textOf(c, it, n) })
		mp := methodPlan{it: it, fd: fd, base: base, key: key, expr: expr}
		switch {
		case def == nil:
			head := strings.Join(strings.Fields(c.src[it.start:it.off(fd.Body.Lbrace)]), " ")
			def = &methodDef{first: text, head: head, sig: sig}
			if !generic {
				def.guard = "__method_" + base + "_" + fd.Name.Name
				for n := 2; taken(def.guard) || used[def.guard]; n++ {
					def.guard = fmt.Sprintf("__method_%s_%s%d", base, fd.Name.Name, n)
				}
				used[def.guard] = true
				mp.how = guarded
			}
			here[key] = def
			mp.def, mp.guard = def, def.guard
			c.methodPlans = append(c.methodPlans, mp)
		case def.broken:
			return c.errorAt(it.off(fd.Name.Pos()), CompileError, fmt.Sprintf(
				"method %s was first declared in a cell that failed to compile, and the interpreter keeps that version, which cannot run: restart the kernel, or give the type another name", key))
		case def.guard == "":
			if text != def.first {
				return c.errorAt(it.off(fd.Name.Pos()), CompileError, fmt.Sprintf(
					"method %s is already defined differently, and the interpreter cannot change a method of a generic type: restart the kernel, or give the type another name", key))
			}
		case sig != def.sig:
			return c.errorAt(it.off(fd.Name.Pos()), CompileError, fmt.Sprintf(
				"method %s is already defined as %s; the interpreter can change a method's body but not its receiver, parameters or results: keep them, restart the kernel, or give the type another name",
				key, def.head))
		case text == def.first:
			mp.how, mp.guard = restored, def.guard
			c.methodPlans = append(c.methodPlans, mp)
		default:
			mp.how, mp.guard = replaced, def.guard
			mp.label = fmt.Sprintf("%s_%d_%d", def.guard, c.no, i)
			c.methodPlans = append(c.methodPlans, mp)
		}
	}
	return nil
}

// isGeneric reports whether a receiver type has type parameters.
func isGeneric(t ast.Expr) bool {
	for {
		switch x := t.(type) {
		case *ast.StarExpr:
			t = x.X
		case *ast.ParenExpr:
			t = x.X
		case *ast.IndexExpr, *ast.IndexListExpr:
			return true
		default:
			return false
		}
	}
}

// lowerMethods adds the edits of the cell's method plans to the sorted
// edits of the rewrite, which calls it last (it drops every edit when it
// starts). Ours go first among edits at the same offset, so that names
// given to unnamed parameters precede their types' renames. Types are
// written with the rewrite's edits, which rename the names a step declares
// in the copies learnRanges compiles; there the guards and bodies get
// names of their own, and a method on a type of an earlier cell becomes a
// plain function, since compiling it would give that type the method.
func (c *cell) lowerMethods() {
	if len(c.methodPlans) == 0 {
		return
	}
	l := &methodLowering{c: c}
	for i, p := range c.methodPlans {
		guard, label := p.guard, p.label
		if c.probe != nil {
			guard, label = guard+"__probe", fmt.Sprintf("%s__probe%d", p.guard, i)
		}
		switch {
		case p.how == asIs:
		case p.how == funcGuarded || p.how == funcGeneric:
			if p.how == funcGuarded {
				// A copy reads the declaration's flag, declared apart
				// (Session.guardFlag), and never sets it.
				guard := p.guard
				g := *p.fn.group
				if c.probe != nil {
					g.target += "__probe"
				}
				l.guard(p.it, p.fd, func(typ string) guardForm { return funcGuard(p.fn.k, guard, g, typ) })
			}
			if c.probe == nil {
				l.insert(p.it.off(p.fd.Body.Rbrace)+1, p.fn.redirect(p.latest, p.fd.Name.Name, c.at(p.it.off(p.fd.Name.Pos()))))
			}
		case p.how == restored:
			// The first body again: it is what yaegi runs; drop the guard.
			l.replace(p.it.start, p.it.end, "func init() { "+p.guard+" = nil }")
		case p.how == replaced, c.probe != nil && !c.probe[p.base]:
			l.function(p.it, p.fd, guard, label)
		default:
			l.guard(p.it, p.fd, methodGuard(guard))
		}
	}
	c.edits = append(l.edits, c.edits...)
	sort.SliceStable(c.edits, func(i, j int) bool { return c.edits[i].off < c.edits[j].off })
}

// methodLowering collects the edits of lowerMethods apart from the
// rewrite's, which c.text still applies meanwhile.
type methodLowering struct {
	c     *cell
	edits []edit
}

func (l *methodLowering) insert(off int, text string) {
	l.edits = append(l.edits, edit{off, off, text})
}
func (l *methodLowering) replace(off, end int, text string) {
	l.edits = append(l.edits, edit{off, end, text})
}

// text is node n as rewritten.
func (l *methodLowering) text(it *item, n ast.Node) string {
	return l.c.text(it.off(n.Pos()), it.off(n.End()))
}

// guard declares the guard and makes the method's body call it when it
// is set. Unnamed and blank receivers and parameters get names, so that
// the guard can be passed them. form writes the guard, given its type:
// a method's is a func variable, tested against nil; a function's is
// written by funcGuard (rewrite_func.go).
func (l *methodLowering) guard(it *item, fd *ast.FuncDecl, form func(typ string) guardForm) {
	c := l.c
	args := l.nameFields(it, fd.Recv, "__recv")
	args = append(args, l.nameFields(it, fd.Type.Params, "__p")...)
	if fd.Type.Params.NumFields() > 0 {
		last := fd.Type.Params.List[len(fd.Type.Params.List)-1]
		if _, ok := last.Type.(*ast.Ellipsis); ok {
			args[len(args)-1] += "..."
		}
	}
	g := form(c.funcType(it, fd, func(n ast.Node) string { return l.text(it, n) }))
	l.insert(it.start, g.decl+c.at(it.start))
	call := g.callee + "(" + strings.Join(args, ", ") + ")"
	if fd.Type.Results.NumFields() > 0 {
		call = "return " + call
	} else {
		call += "; return"
	}
	// yaegi names the first statement of a function in a traceback: the
	// guard takes the position of the body's own first statement.
	body := it.off(fd.Body.Lbrace) + 1
	first := body
	if len(fd.Body.List) > 0 {
		first = it.off(fd.Body.List[0].Pos())
	}
	l.insert(body, "if "+c.at(first)+g.test+" { "+call+" };"+c.at(body))
}

// guardForm is how a guard is written: the declarations it needs, the
// expression testing whether it is set, and the function to call then.
type guardForm struct{ decl, test, callee string }

// methodGuard is the form of a method's guard: a func variable.
func methodGuard(guard string) func(typ string) guardForm {
	return func(typ string) guardForm {
		return guardForm{decl: "var " + guard + " " + typ + ";", test: guard + " != nil", callee: guard}
	}
}

// nameFields names the unnamed and blank fields of fl (prefix, prefix1,
// ...) with edits, and returns the names of all of them.
func (l *methodLowering) nameFields(it *item, fl *ast.FieldList, prefix string) []string {
	var names []string
	if fl == nil {
		return nil
	}
	for _, f := range fl.List {
		if len(f.Names) == 0 {
			name := fmt.Sprintf("%s%d", prefix, len(names))
			l.insert(it.off(f.Type.Pos()), name+" ")
			names = append(names, name)
		}
		for _, id := range f.Names {
			name := id.Name
			if name == "_" {
				name = fmt.Sprintf("%s%d", prefix, len(names))
				l.replace(it.off(id.Pos()), it.off(id.End()), name)
			}
			names = append(names, name)
		}
	}
	return names
}

// funcType is the type of the guard, the method's with the receiver as
// the first parameter (or the function's), writing each type with text.
func (c *cell) funcType(it *item, fd *ast.FuncDecl, text func(ast.Node) string) string {
	var types []string
	if fd.Recv != nil {
		types = append(types, text(fd.Recv.List[0].Type))
	}
	for _, f := range fd.Type.Params.List {
		for range max(1, len(f.Names)) {
			types = append(types, text(f.Type))
		}
	}
	var results []string
	if fd.Type.Results != nil {
		for _, f := range fd.Type.Results.List {
			for range max(1, len(f.Names)) {
				results = append(results, text(f.Type))
			}
		}
	}
	t := "func(" + strings.Join(types, ", ") + ")"
	switch len(results) {
	case 0:
	case 1:
		t += " " + results[0]
	default:
		t += " (" + strings.Join(results, ", ") + ")"
	}
	return strings.Join(strings.Fields(t), " ")
}

// function turns a declaration of a method into a function named label
// holding the body, which is stored in the guard when evaluated (but for
// learnRanges's copies, which are only compiled).
func (l *methodLowering) function(it *item, fd *ast.FuncDecl, guard, label string) {
	c := l.c
	var params []string
	for _, fl := range []*ast.FieldList{fd.Recv, fd.Type.Params} {
		for _, f := range fl.List {
			typ := l.text(it, f.Type)
			if len(f.Names) == 0 {
				params = append(params, "_ "+typ)
			}
			for _, id := range f.Names {
				params = append(params, id.Name+" "+typ)
			}
		}
	}
	head := "func " + label + "(" + strings.Join(params, ", ") + ")"
	if res := fd.Type.Results; res != nil {
		head += " " + l.text(it, res)
	}
	lbrace := it.off(fd.Body.Lbrace)
	l.replace(it.start, lbrace, head+" "+c.at(lbrace))
	if c.probe == nil {
		l.insert(it.off(fd.Body.Rbrace)+1, "; func init() { "+guard+" = "+label+" }")
	}
}

// methodLabel names a function of cell c in a traceback: the method
// whose body it holds ("R.A"), or "" when it holds none.
func (c *cell) methodLabel(fn string) string {
	for _, p := range c.methodPlans {
		if p.label != "" && (fn == p.label || strings.HasPrefix(fn, p.label+".")) {
			return p.key + strings.TrimPrefix(fn, p.label)
		}
	}
	return ""
}

// recordMethods records the first declarations of methods among items,
// which have just been evaluated, and the latest ones of functions; the
// caller holds s.meta.
func (s *Session) recordMethods(c *cell, items []*item) {
	for _, p := range c.methodPlans {
		if !slices.Contains(items, p.it) {
			continue
		}
		if p.def != nil {
			s.methods[p.key] = p.def
		}
		if p.fn != nil {
			s.funcs[p.key] = p.fn
		}
	}
}

// keepBroken records which methods first declared among items, which
// failed to compile, yaegi registered all the same (their method
// expression compiles), so that later declarations of them are refused
// rather than silently ignored.
func (s *Session) keepBroken(c *cell, items []*item) {
	for _, p := range c.methodPlans {
		if p.def == nil || p.def.guard == "" || !slices.Contains(items, p.it) {
			continue
		}
		if _, err := s.eval(wrapper + p.expr); err != nil {
			continue // not registered: a later declaration is a first one
		}
		d := *p.def
		d.broken = true
		s.meta.Lock()
		s.methods[p.key] = &d
		s.meta.Unlock()
	}
}

// method returns what the session knows of the method key ("R.A").
func (s *Session) method(key string) *methodDef {
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.methods[key]
}

// guardTaken reports whether a method's guard has the name guard.
func (s *Session) guardTaken(guard string) bool {
	s.meta.Lock()
	defer s.meta.Unlock()
	for _, d := range s.methods {
		if d.guard == guard {
			return true
		}
	}
	return false
}

// function returns the latest declaration of the function name.
func (s *Session) function(name string) *funcDef {
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.funcs[name]
}
