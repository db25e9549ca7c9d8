package native

import (
	"context"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"
)

// CompileMarker is the first line that makes a cell compiled.
const CompileMarker = "//gofutures:compile"

// IsCompiled reports whether a cell's first line is CompileMarker.
func IsCompiled(src string) bool {
	first, _, _ := strings.Cut(strings.TrimLeft(src, " \t\r\n"), "\n")
	return strings.TrimSpace(first) == CompileMarker
}

// Cells compiles the compiled cells of one session and remembers which of
// their declarations are the latest, for later compiled cells. Its methods
// are serialized.
type Cells struct {
	B *Builder
	// Flag and Check are the interrupt hooks compiled code polls at loop
	// heads and function entries: when *Flag is non-zero it calls Check,
	// which panics in a goroutine that should stop.
	Flag  *int32
	Check func()

	mu    sync.Mutex
	decls map[string]decl // name -> its latest compiled declaration
}

// decl is a top-level declaration of a compiled cell.
type decl struct {
	kind  token.Token // FUNC, TYPE, VAR, CONST
	pkg   string      // import path of the cell's package
	typed bool        // for a constant: whether it has a type
	key   string      // the plugin's key
}

// Compiled is a compiled cell, loaded.
type Compiled struct {
	Key     string  // the plugin's content address
	Package string  // import path of the cell's package in Symbols
	Symbols Symbols // the cell's declarations as X_name, for yaegi's Use
	// Bridge is interpreted source declaring the cell's names in terms of
	// Symbols: functions calling the compiled ones, type aliases,
	// constants, and variables initialised with the compiled values.
	Bridge string
	// Images are the types without names that the cell's type assertions
	// name (images.go).
	Images []reflect.Type
	Types  string // file holding the compiler's export data of Package
	Cached bool
	Steps  Steps // where the time went
}

// Compile builds the cell src (its first line CompileMarker) into a
// plugin and loads it. interpreted reports whether a name is declared by
// an interpreted cell, which compiled code cannot use. Errors are the
// compiler's, at the cell's lines ("cell:L:C: ...").
func (c *Cells) Compile(ctx context.Context, src string, interpreted func(string) bool, status func(string)) (*Compiled, error) {
	if status == nil {
		status = func(string) {}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var steps Steps
	t0 := time.Now()
	// The marker line becomes the package clause: lines keep their numbers.
	_, rest, _ := strings.Cut(strings.TrimLeft(src, " \t\r\n"), "\n")
	text := "package cell\n" + rest
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "cell", text, parser.ParseComments)
	if err != nil {
		return nil, &BuildError{What: "compiled cell", Output: err.Error()}
	}
	own, err := c.ownDecls(fset, f)
	if err != nil {
		return nil, err
	}
	bridge, deps, err := c.bridge(fset, f, own, interpreted)
	if err != nil {
		return nil, err
	}
	files := map[string]string{
		// The images table goes in the cell's file, whose imports its
		// types may name, after its last line.
		"cell.go":    insertCheckpoints(fset, f, text) + "\n" + imagesDecl(imageTypes(fset, f, text)),
		"bridge.go":  bridge,
		"exports.go": exportsFile(f, own),
	}
	for name, text := range stackFiles {
		files[name] = text
	}
	c.B.mu.Lock()
	defer c.B.mu.Unlock()
	if err := c.B.init(ctx); err != nil {
		return nil, err
	}
	// The key covers the versions of the modules the cell imports.
	versions := c.B.wsVersions()
	mods := []string{files["cell.go"], files["bridge.go"], files["exports.go"], pluginMain("", own)}
	for _, imp := range f.Imports {
		m, v := moduleOf(versions, strings.Trim(imp.Path.Value, `"`))
		mods = append(mods, m+"@"+v)
	}
	key := "c" + c.B.hash(mods...)
	pkg := wsModule + "/cells/" + key
	out := &Compiled{Key: key, Package: pkg}
	steps.add("prepare", t0)
	// The type checker's export data of the cell's package comes from a
	// go command (types.go): it runs beside the build, which it does not
	// wait for, and beside plugin.Open.
	var types <-chan Step
	if _, err := os.Stat(c.B.pluginPath(key)); err == nil {
		out.Cached = true
	} else {
		status("building the cell")
		if types, err = c.build(ctx, key, pkg, files, own, deps, &steps); err != nil {
			return nil, err
		}
		status("loading the cell")
	}
	if types == nil {
		types = c.B.startTypes(ctx, "./cells/"+key, key)
	}
	t1 := time.Now()
	p, syms, openErr := open(c.B.pluginPath(key))
	steps.add("open", t1)
	st := <-types
	steps = append(steps, st)
	if _, err := os.Stat(c.B.typesPath(key)); err != nil {
		// It ran before the build wrote the package: again.
		t := time.Now()
		if err := c.B.saveTypes(ctx, "./cells/"+key, key); err != nil {
			return nil, err
		}
		steps.add("types", t)
	}
	if openErr != nil {
		return nil, openErr
	}
	out.Types = c.B.typesPath(key)
	if h, err := p.Lookup("Hooks"); err == nil && c.Flag != nil {
		h.(func(*int32, func()))(c.Flag, c.Check)
	}
	out.Symbols, out.Images = takeImages(syms, pkg+"/cell")
	out.Bridge = interpBridge(fset, f, text, own, pkg, key)
	for name, d := range own {
		d.pkg, d.key = pkg, key
		if c.decls == nil {
			c.decls = map[string]decl{}
		}
		c.decls[name] = d
	}
	out.Steps = steps
	return out, nil
}

// build writes the cell's package and its plugin's main package and
// builds them; the caller holds the Builder's mutex. The returned channel
// ends the saving of the package's export data, started beside the build.
func (c *Cells) build(ctx context.Context, key, pkg string, files map[string]string, own map[string]decl, deps []string, steps *Steps) (<-chan Step, error) {
	b := c.B
	unlock, err := lockDir(b.ws)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if err := writeFiles(filepath.Join(b.ws, "cells", key), files); err != nil {
		return nil, err
	}
	if err := writeFiles(filepath.Join(b.ws, "cellmain", key), map[string]string{"main.go": pluginMain(pkg, own)}); err != nil {
		return nil, err
	}
	what := "compiled cell"
	for tries := 0; ; tries++ {
		types := b.startTypes(ctx, "./cells/"+key, key)
		err := b.build(ctx, what, "cellmain/"+key, b.pluginPath(key), steps)
		be, ok := err.(*BuildError)
		if !ok {
			if err != nil {
				<-types
				return nil, err
			}
			return types, b.writeRecord(ctx, &Record{Kind: "cell", Key: key, Package: pkg, DependsOn: deps}, "cellmain/"+key, "cells/"+key)
		}
		<-types
		be.Output = cellOutput(be.Output, key)
		missing := missingModules(be.Output)
		if len(missing) == 0 || tries > 0 {
			return nil, be
		}
		for _, m := range missing { // an import of a module not fetched yet
			if strings.HasPrefix(m, "github.com/gofutures/gofutures") {
				return nil, fmt.Errorf("native: compiled cells cannot import the kernel's own package %s; use it from an interpreted cell", m)
			}
			t := time.Now()
			if err := b.get(ctx, m); err != nil {
				return nil, err
			}
			steps.add("go get", t)
		}
	}
}

var (
	cellFile    = regexp.MustCompile(`(?m)(\S*/)?cells/c[0-9a-f]+/cell\.go:`)
	cellHeader  = regexp.MustCompile(`(?m)^# ` + regexp.QuoteMeta(wsModule) + `/\S+\n`)
	missingLine = regexp.MustCompile(`no required module provides package (\S+)`)
)

// cellOutput shows compiler output in the cell's terms.
func cellOutput(out, key string) string {
	out = cellHeader.ReplaceAllString(out, "")
	return cellFile.ReplaceAllString(out, "cell:")
}

// missingModules returns the packages the build found no module for.
func missingModules(out string) []string {
	var ps []string
	for _, m := range missingLine.FindAllStringSubmatch(out, -1) {
		ps = append(ps, strings.TrimSuffix(m[1], ";"))
	}
	return ps
}

// ownDecls returns the names the cell declares at top level. Generic
// functions and types stay inside the compiled code: a plugin cannot hand
// them to the interpreter.
func (c *Cells) ownDecls(fset *token.FileSet, f *ast.File) (map[string]decl, error) {
	own := map[string]decl{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name != "init" && d.Name.Name != "_" && d.Type.TypeParams == nil {
				own[d.Name.Name] = decl{kind: token.FUNC}
			}
		case *ast.GenDecl:
			typed := false
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if s.TypeParams == nil {
						own[s.Name.Name] = decl{kind: token.TYPE}
					}
				case *ast.ValueSpec:
					if d.Tok == token.CONST && (s.Type != nil || len(s.Values) > 0) {
						typed = s.Type != nil
					}
					for _, n := range s.Names {
						if n.Name != "_" {
							own[n.Name] = decl{kind: d.Tok, typed: typed}
						}
					}
				}
			}
		}
	}
	return own, nil
}

// bridge returns the file that declares, in the cell's package, the names
// of earlier compiled cells the cell uses, and the keys of their plugins.
func (c *Cells) bridge(fset *token.FileSet, f *ast.File, own map[string]decl, interpreted func(string) bool) (string, []string, error) {
	imported := map[string]bool{}
	for _, imp := range f.Imports {
		if imp.Name != nil {
			imported[imp.Name.Name] = true
		} else {
			p := strings.Trim(imp.Path.Value, `"`)
			imported[p[strings.LastIndex(p, "/")+1:]] = true
		}
	}
	uses := map[string]decl{}
	for _, id := range f.Unresolved {
		if own[id.Name].kind != 0 || imported[id.Name] {
			continue
		}
		if d, ok := c.decls[id.Name]; ok {
			if d.kind == token.VAR {
				return "", nil, &BuildError{What: "compiled cell", Output: fmt.Sprintf(
					"cell:%d:%d: %s is a variable of an earlier compiled cell; compiled cells share functions, types and constants, not variables: use a function that returns it",
					fset.Position(id.Pos()).Line, fset.Position(id.Pos()).Column, id.Name)}
			}
			uses[id.Name] = d
			continue
		}
		if interpreted != nil && interpreted(id.Name) {
			return "", nil, &BuildError{What: "compiled cell", Output: fmt.Sprintf(
				"cell:%d:%d: %s is declared by an interpreted cell; a compiled cell can use the standard library, imported modules and earlier compiled cells only",
				fset.Position(id.Pos()).Line, fset.Position(id.Pos()).Column, id.Name)}
		}
	}
	var b strings.Builder
	b.WriteString("package cell\n\n")
	alias := map[string]string{}
	var deps []string
	for _, name := range sortedKeys(uses) {
		if _, ok := alias[uses[name].pkg]; !ok {
			alias[uses[name].pkg] = fmt.Sprintf("gofutures__c%d", len(alias))
			deps = append(deps, uses[name].key)
		}
	}
	for _, p := range sortedKeys(alias) {
		fmt.Fprintf(&b, "import %s %q\n", alias[p], p)
	}
	for _, name := range sortedKeys(uses) {
		d := uses[name]
		switch d.kind {
		case token.FUNC:
			fmt.Fprintf(&b, "var %s = %s.X_%s\n", name, alias[d.pkg], name)
		case token.TYPE:
			fmt.Fprintf(&b, "type %s = %s.X_%s\n", name, alias[d.pkg], name)
		case token.CONST:
			fmt.Fprintf(&b, "const %s = %s.X_%s\n", name, alias[d.pkg], name)
		}
	}
	sort.Strings(deps)
	return b.String(), deps, nil
}

// exportsFile declares the exported names (X_name) through which the
// plugin's table and later compiled cells reach the cell's declarations,
// and the interrupt hooks.
func exportsFile(f *ast.File, own map[string]decl) string {
	var b strings.Builder
	b.WriteString(`package cell

import "sync/atomic"

var (
	gofutures__flag  = new(int32)
	gofutures__check = func() {}
)

// gofutures__poll is the checkpoint at loop heads.
func gofutures__poll() {
	if atomic.LoadInt32(gofutures__flag) != 0 {
		gofutures__check()
	}
}

// gofutures__enter is the checkpoint at function entries: the interrupt
// check, and a stack check that turns runaway recursion into a panic
// before Go's own limit ends the process with a fatal error.
func gofutures__enter() {
	if used := gofutures__stackUsed(); used > gofutures__maxStack {
		panic(&gofutures__overflow{used})
	}
	if atomic.LoadInt32(gofutures__flag) != 0 {
		gofutures__check()
	}
}

// gofutures__maxStack is how much of a goroutine's stack compiled code may
// use: far below Go's 1 GB limit, far above any sane recursion.
const gofutures__maxStack = ` + maxStackText + `

// gofutures__overflow is the panic value of gofutures__enter.
type gofutures__overflow struct{ used uintptr }

func (e *gofutures__overflow) Error() string {
	return "stack overflow: compiled calls nested deeper than ` + maxStackMiB + ` MiB of stack (infinite recursion?)"
}

func (e *gofutures__overflow) RuntimeError() {}

// X_gofutures__hooks installs the session's interrupt hooks.
func X_gofutures__hooks(flag *int32, check func()) { gofutures__flag, gofutures__check = flag, check }

`)
	for _, name := range sortedKeys(own) {
		switch own[name].kind {
		case token.FUNC:
			fmt.Fprintf(&b, "var X_%s = %s\n", name, name)
		case token.TYPE:
			fmt.Fprintf(&b, "type X_%s = %s\n", name, name)
		case token.CONST:
			fmt.Fprintf(&b, "const X_%s = %s\n", name, name)
		case token.VAR:
			fmt.Fprintf(&b, "var X_%s = &%s\n", name, name)
		}
	}
	return b.String()
}

// pluginMain is the plugin's main package: the table of the cell's
// declarations and the hook installer.
func pluginMain(pkg string, own map[string]decl) string {
	var b strings.Builder
	fmt.Fprintf(&b, "package main\n\nimport (\n\t\"go/constant\"\n\t\"reflect\"\n\n\tc %q\n)\n\n", pkg)
	fmt.Fprintf(&b, "var Symbols = map[string]map[string]reflect.Value{\n\t%q: {\n", pkg+"/cell")
	for _, name := range sortedKeys(own) {
		d := own[name]
		switch {
		case d.kind == token.FUNC:
			fmt.Fprintf(&b, "\t\t%q: reflect.ValueOf(c.X_%s),\n", "X_"+name, name)
		case d.kind == token.TYPE:
			fmt.Fprintf(&b, "\t\t%q: reflect.ValueOf((*c.X_%s)(nil)),\n", "X_"+name, name)
		case d.kind == token.CONST && d.typed:
			fmt.Fprintf(&b, "\t\t%q: reflect.ValueOf(c.X_%s),\n", "X_"+name, name)
		case d.kind == token.CONST:
			fmt.Fprintf(&b, "\t\t%q: reflect.ValueOf(untyped(c.X_%s)),\n", "X_"+name, name)
		case d.kind == token.VAR:
			fmt.Fprintf(&b, "\t\t%q: reflect.ValueOf(&c.X_%s).Elem(),\n", "X_"+name, name)
		}
	}
	fmt.Fprintf(&b, "\t\t%q: reflect.ValueOf(c.%s),\n", imagesName, imagesName)
	b.WriteString(`	},
}

// Hooks installs the session's interrupt hooks.
func Hooks(flag *int32, check func()) { c.X_gofutures__hooks(flag, check) }

// untyped makes an untyped constant's default-typed value a constant again.
func untyped(v any) constant.Value {
	switch v := v.(type) {
	case bool:
		return constant.MakeBool(v)
	case string:
		return constant.MakeString(v)
	case int:
		return constant.MakeInt64(int64(v))
	case int32:
		return constant.MakeInt64(int64(v))
	case float64:
		return constant.MakeFloat64(v)
	case complex128:
		return constant.BinaryOp(constant.MakeFloat64(real(v)), token.ADD, constant.MakeImag(constant.MakeFloat64(imag(v))))
	}
	return constant.MakeUnknown()
}
`)
	return strings.Replace(b.String(), "\t\"go/constant\"\n", "\t\"go/constant\"\n\t\"go/token\"\n", 1)
}

// IsCellPackage reports whether the import path p is a compiled cell's
// package, whose names a plugin reaches by their exported form X_name.
func IsCellPackage(p string) bool { return strings.HasPrefix(p, wsModule+"/cells/") }
