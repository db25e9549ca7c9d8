package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/scanner"
	"go/token"
	"go/types"
	"path"
	"reflect"
	"strconv"
	"strings"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/exports"
	"github.com/gofutures/gofutures/interp/internal/yaegimsg"
)

// evalSteps makes the cell's imports and evaluates its steps in order, on
// the cell's task goroutine, and records what each step declared; the
// step that shows the final expression (show) gives the result bundle.
func (s *Session) evalSteps(c *cell, p *plan, info *taskInfo) (*display.Bundle, error) {
	if err := s.importAll(c, p.imports); err != nil {
		return nil, err
	}
	for name, path := range p.typedImports {
		if s.typedImports[name] {
			continue
		}
		if _, err := s.eval(wrapper + "import " + name + " " + strconv.Quote(path)); err != nil {
			return nil, &Error{Kind: CompileError, Msg: err.Error()}
		}
		if s.typedImports == nil {
			s.typedImports = map[string]bool{}
		}
		s.typedImports[name] = true
	}
	if err := s.checkTypes(c); err != nil {
		return nil, err
	}
	var result *display.Bundle
	for k := 0; k < len(p.steps); k++ {
		st := p.steps[k]
		if st.kind == stepShow {
			b, err := s.show(c, st, info)
			if err != nil {
				return nil, err
			}
			result = b
			continue
		}
		p = s.reassignGlobal(c, p, k)
		np, err := s.evalRanges(c, p, k, info)
		p = np
		if err != nil {
			s.keepBroken(c, st.items)
			if e := (*Error)(nil); errors.As(err, &e) && e.Kind == CompileError {
				s.restoreFuncs(c, st.items, info)
			}
			if st.it != nil && yaegimsg.DefinitionLoop(err.Error()) {
				if e := s.undefined(c, p, st.it); e != nil {
					return nil, e
				}
			}
			return nil, err
		}
		s.meta.Lock()
		for _, n := range st.names {
			s.names[n] = p.source[n]
		}
		for _, it := range st.items {
			// A cluster's client may journal them before the cell ends.
			for _, n := range declaredNames(it.decl) {
				if src, ok := p.source[n]; ok {
					s.names[n] = src
				}
			}
		}
		if items := st.items; len(items) > 0 || st.kind == stepREPL {
			if st.kind == stepREPL {
				items = []*item{st.it}
			}
			s.decls = s.decls.Record(c.declItems(items))
			s.recordOrigins(c, items)
		}
		s.recordMethods(c, st.items)
		s.meta.Unlock()
		s.declareRenderers(st.items)
	}
	s.meta.Lock()
	for n, src := range p.source {
		s.names[n] = src
	}
	s.meta.Unlock()
	return result, nil
}

// declaredNames are the functions, types and constants d declares.
func declaredNames(d ast.Decl) []string {
	var out []string
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv == nil {
			out = append(out, d.Name.Name)
		}
	case *ast.GenDecl:
		for _, sp := range d.Specs {
			switch sp := sp.(type) {
			case *ast.TypeSpec:
				out = append(out, sp.Name.Name)
			case *ast.ValueSpec:
				for _, n := range sp.Names {
					out = append(out, n.Name)
				}
			}
		}
	}
	return out
}

// evalStep evaluates src, turning yaegi's failures into an *Error.
func (s *Session) evalStep(c *cell, src string, info *taskInfo) (reflect.Value, error) {
	info.takeFrames()
	if c.top > 0 {
		s.lines.Mark(c.top-1, 0) // what an earlier step of the cell left is not this step's
	}
	v, err := s.eval(src)
	if err == nil {
		return v, nil
	}
	var p interp.Panic
	if errors.As(err, &p) {
		return v, c.panicError(p.Value, info.takeFrames())
	}
	var ie *internalError
	if errors.As(err, &ie) {
		e := c.compileError(err)
		e.Kind = InternalError
		e.compileNilType = ie.compiling && yaegimsg.NilType(ie.v)
		return v, e
	}
	return v, c.compileError(err)
}

// show evaluates the final expression through __show and renders it.
func (s *Session) show(c *cell, st step, info *taskInfo) (*display.Bundle, error) {
	if c.checked != nil {
		if v, ok := constantResult(c.checked.Info.Types[st.expr]); ok {
			b, _ := render(reflect.ValueOf(display.Rich{Value: v}))
			return b, nil
		}
	}
	wrap, hidden := "__show", false
	if call, ok := st.expr.(*ast.CallExpr); ok && isChain(call.Fun) && !s.isCellType(call.Fun) {
		a, b := st.it.off(call.Fun.Pos()), st.it.off(call.Fun.End())
		if fv, err := s.eval(c.at(a) + c.src[a:b]); err == nil && fv.IsValid() && fv.Kind() == reflect.Func {
			t := fv.Type()
			hidden = hiddenResults(t)
			switch t.NumOut() {
			case 0:
				_, err := s.evalStep(c, wrapper+"package main\nfunc init() {\n"+st.src+"\n}", info)
				return nil, err
			case 2:
				wrap = "__show2"
			case 3:
				wrap = "__show3"
			}
		}
	} else if call, ok := st.expr.(*ast.CallExpr); ok && c.checked != nil {
		// A call of a call's result (client.Submit(f, 1).Result()): the
		// checker knows what it returns.
		if tv, ok := c.checked.Info.Types[call]; ok && !tv.IsType() {
			var n int
			n, hidden = checkedResults(tv.Type)
			switch n {
			case 0:
				_, err := s.evalStep(c, wrapper+"package main\nfunc init() {\n"+st.src+"\n}", info)
				return nil, err
			case 2:
				wrap = "__show2"
			case 3:
				wrap = "__show3"
			}
		}
	}
	v, err := s.evalResult(c, c.at(st.it.start), wrap+"("+trimComments(st.src)+")", info)
	var e *Error
	if _, isCall := st.expr.(*ast.CallExpr); isCall && errors.As(err, &e) && e.Kind == CompileError {
		// A call yaegi cannot pass to __show, such as one returning
		// nothing: compiling failed, so nothing ran; run it as a statement.
		_, err := s.evalStep(c, wrapper+"package main\nfunc init() {\n"+st.src+"\n}", info)
		return nil, err
	}
	if err != nil {
		return nil, err
	}
	if hidden && !errorResult(v) {
		return nil, nil
	}
	if r, ok := asRich(v); ok && info.sink != nil && r.Value != nil && s.showLive(r.Value, info.sink) {
		return nil, nil // shown as a live display instead of a result
	}
	b, _ := render(v)
	return b, nil
}

// checkedResults is how many results a call of type t returns, and
// whether they are hidden as hiddenResults says.
func checkedResults(t types.Type) (int, bool) {
	isErr := func(t types.Type) bool { return types.Identical(t, types.Universe.Lookup("error").Type()) }
	tup, ok := t.(*types.Tuple)
	if !ok {
		if t == nil {
			return 0, true
		}
		return 1, isErr(t)
	}
	switch tup.Len() {
	case 0:
		return 0, true
	case 2:
		b, _ := tup.At(0).Type().Underlying().(*types.Basic)
		return 2, b != nil && b.Kind() == types.Int && isErr(tup.At(1).Type())
	}
	return tup.Len(), false
}

// asRich returns the display.Rich that __show returned.
func asRich(v reflect.Value) (display.Rich, bool) {
	if !v.IsValid() || !v.CanInterface() {
		return display.Rich{}, false
	}
	r, ok := v.Interface().(display.Rich)
	return r, ok
}

// isChain reports whether x is a name or a selector chain (pkg.F, v.M,
// a.b.c), which can be evaluated alone without side effects.
func isChain(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.Ident:
		return true
	case *ast.SelectorExpr:
		return isChain(x.X)
	case *ast.ParenExpr:
		return isChain(x.X)
	}
	return false
}

// importAll makes the cell's new imports. Importing a package again under
// the same name does nothing; an unavailable package is an error that
// names what is available.
func (s *Session) importAll(c *cell, specs []*ast.ImportSpec) error {
	var todo []string
	added := map[string]string{}
	for _, spec := range specs {
		name, p := importName(spec)
		off := c.items[0].start
		for i := range c.items {
			if d, ok := c.items[i].decl.(*ast.GenDecl); ok && d.Pos() <= spec.Pos() && spec.End() <= d.End() && c.items[i].kind == itemImport {
				off = c.items[i].off(spec.Pos())
				break
			}
		}
		known := knownPackage(p)
		if known == "" {
			var err error
			if known, err = s.importNative(p); err != nil {
				return c.errorAt(off, CompileError, err.Error())
			}
		}
		if known == "" {
			return c.errorAt(off, CompileError, unavailableImport(p))
		}
		if name == "" {
			name = known
		}
		s.meta.Lock()
		prev, seen := s.imports[name]
		s.meta.Unlock()
		if seen && prev == p || added[name] == p {
			continue
		}
		if seen && name != "_" && name != "." {
			return c.errorAt(off, CompileError, fmt.Sprintf("%s is already imported as %q in this session", name, prev))
		}
		added[name] = p
		if name == known {
			todo = append(todo, strconv.Quote(p)) // yaegi mistakes "fmt" "fmt" for an incomplete type
		} else {
			todo = append(todo, fmt.Sprintf("%s %q", name, p))
		}
	}
	if len(todo) == 0 {
		return nil
	}
	for _, spec := range todo { // one at a time: yaegi mishandles types of grouped REPL imports
		if _, err := s.eval(wrapper + "import " + spec); err != nil {
			return &Error{Kind: CompileError, Msg: err.Error()}
		}
	}
	s.meta.Lock()
	for n, p := range added {
		s.imports[n] = p
	}
	s.meta.Unlock()
	return nil
}

// knownPackage returns the name of the package at import path p, or "" if
// no symbol table provides it.
func knownPackage(p string) string {
	for _, g := range genericStdlib {
		if g == p {
			return p
		}
	}
	for _, m := range []map[string]map[string]reflect.Value{stdlib.Symbols, exports.Symbols} {
		for key := range m {
			if path.Dir(key) == p {
				return path.Base(key)
			}
		}
	}
	return ""
}

// checkTypes refuses to redefine a type with a different declaration:
// yaegi v0.16.1 would keep the old type for existing code while silently
// accepting the new text.
func (s *Session) checkTypes(c *cell) error {
	for i := range c.items {
		gd, ok := c.items[i].decl.(*ast.GenDecl)
		if !ok {
			continue
		}
		for _, sp := range gd.Specs {
			ts, ok := sp.(*ast.TypeSpec)
			if !ok {
				continue
			}
			it := &c.items[i]
			text := strings.Join(strings.Fields(c.src[it.off(ts.Pos()):it.off(ts.End())]), " ")
			s.meta.Lock()
			prev, seen := s.types[ts.Name.Name]
			if !seen {
				s.types[ts.Name.Name] = text
			}
			s.meta.Unlock()
			if seen && prev != text {
				return c.errorAt(it.off(ts.Pos()), CompileError, fmt.Sprintf(
					"type %s is already defined differently (%s); the interpreter cannot change a type's shape: restart the kernel, or give the new type another name",
					ts.Name.Name, prev))
			}
		}
	}
	return nil
}

// undefined looks for the name yaegi v0.16.1 reports as a "definition
// loop" when a global's value uses a name that does not exist: the first
// identifier in it that is no global, import, builtin or local name.
func (s *Session) undefined(c *cell, p *plan, it *item) *Error {
	var node ast.Node = it.stmt
	if it.decl != nil {
		node = it.decl
	}
	local := declared(node)
	var found *ast.Ident
	known := func(name string) bool {
		if local[name] || s.isUser(name) || p.source[name] != "" || universe[name] || name == "_" {
			return true
		}
		s.meta.Lock()
		_, imported := s.imports[name]
		s.meta.Unlock()
		return imported
	}
	ast.Inspect(node, func(n ast.Node) bool {
		if found != nil {
			return false
		}
		switch n := n.(type) {
		case *ast.SelectorExpr:
			ast.Inspect(n.X, func(m ast.Node) bool {
				if id, ok := m.(*ast.Ident); ok && found == nil && !known(id.Name) {
					found = id
				}
				return found == nil
			})
			return false
		case *ast.KeyValueExpr:
			if _, ok := n.Key.(*ast.Ident); ok { // a field name in a composite literal
				ast.Inspect(n.Value, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok && found == nil && !known(id.Name) {
						found = id
					}
					return found == nil
				})
				return false
			}
		case *ast.Ident:
			if !known(n.Name) {
				found = n
			}
		}
		return found == nil
	})
	if found == nil {
		return nil
	}
	return c.errorAt(it.off(found.Pos()), CompileError, "undefined: "+found.Name)
}

// universe holds Go's predeclared names.
var universe = map[string]bool{}

func init() {
	for _, n := range strings.Fields(`bool byte complex64 complex128 error float32 float64 int int8 int16
		int32 int64 rune string uint uint8 uint16 uint32 uint64 uintptr any comparable true false
		iota nil append cap clear close complex copy delete imag len make max min new panic print
		println real recover`) {
		universe[n] = true
	}
}

// trimComments drops the comments after the last token of src, so that
// an expression such as "z // the sum" can be wrapped in a call: left in,
// the line comment would swallow the closing parenthesis.
func trimComments(src string) string {
	fset := token.NewFileSet()
	var sc scanner.Scanner
	sc.Init(fset.AddFile("", -1, len(src)), []byte(src), nil, scanner.ScanComments)
	end := len(src)
	for {
		pos, tok, lit := sc.Scan()
		if tok == token.EOF {
			break
		}
		if tok == token.COMMENT || (tok == token.SEMICOLON && lit == "\n") {
			continue
		}
		off := fset.Position(pos).Offset
		end = off + len(tokenText(tok, lit))
	}
	return src[:end]
}

// tokenText is the source text of a scanned token.
func tokenText(tok token.Token, lit string) string {
	if lit != "" {
		return lit
	}
	return tok.String()
}

// isCellType reports whether x names a type a cell declared: a conversion
// to it is no call, though yaegi may evaluate its name to some function.
func (s *Session) isCellType(x ast.Expr) bool {
	id, ok := x.(*ast.Ident)
	if !ok {
		return false
	}
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.decls.Type(id.Name) != nil
}
