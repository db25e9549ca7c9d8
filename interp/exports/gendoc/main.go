// Command gendoc writes the doc index that interp's inspect shows: for every
// package in yaegi's standard library tables and in exports.Symbols, the
// signature and doc comment of each exported symbol (and of each exported
// method of an exported type), read with go/doc.
//
// Usage (see interp/generate.go):
//
//	go run ./exports/gendoc -o exports/docs.jsonl importpath...
//
// The import paths name the packages that must have a symbol table; gendoc
// fails when one lacks it, because yaegi extract only prints its errors.
//
// The output has one JSON object per line, sorted by key, so that diffs of
// the committed file stay readable: {"k":"strings.Cut","s":"func Cut(...)","d":"Cut slices ..."}.
// Keys are "importpath" for a package, "importpath.Name" for a top-level
// symbol and "importpath.Type.Method" for a method.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/doc"
	"go/parser"
	"go/printer"
	"go/token"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/interp/exports"
)

// Limits that keep the index compact; inspect shows a link to the full doc.
const (
	maxDoc      = 3000 // bytes of one doc comment
	maxDeclLine = 40   // lines of one printed declaration
)

type entry struct {
	Key string `json:"k"`
	Sig string `json:"s,omitempty"`
	Doc string `json:"d,omitempty"`
}

func main() {
	out := flag.String("o", "docs.jsonl", "output file")
	source := flag.String("source", "builtin,cmp,maps,slices", "comma-separated packages documented in full: builtin, and those yaegi runs from source")
	flag.Parse()
	if err := run(*out, strings.Split(*source, ","), flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "gendoc:", err)
		os.Exit(1)
	}
}

func run(out string, source, required []string) error {
	tables := map[string]map[string]reflect.Value{}
	for _, m := range []map[string]map[string]reflect.Value{stdlib.Symbols, exports.Symbols} {
		for key, syms := range m {
			p := path.Dir(key)
			if p == "." || strings.HasPrefix(p, "github.com/traefik/yaegi") {
				continue
			}
			tables[p] = syms
		}
	}
	for _, p := range source {
		if p != "" {
			tables[p] = nil // every exported symbol
		}
	}
	for _, p := range required {
		if _, ok := tables[p]; !ok {
			return fmt.Errorf("no symbol table for %s: did yaegi extract fail?", p)
		}
	}
	paths := make([]string, 0, len(tables))
	for p := range tables {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	dirs, err := packageFiles(paths)
	if err != nil {
		return err
	}
	var entries []entry
	for _, p := range paths {
		es, err := packageEntries(p, dirs[p], tables[p])
		if err != nil {
			return err
		}
		entries = append(entries, es...)
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].Key < entries[j].Key })
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	for _, e := range entries {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// packageFiles lists the Go files of each package as the go command selects
// them for linux/amd64, so that the index does not depend on the machine.
func packageFiles(paths []string) (map[string][]string, error) {
	args := append([]string{"list", "-e", "-f", "{{.ImportPath}}\t{{.Dir}}\t{{join .GoFiles \" \"}}"}, paths...)
	cmd := exec.Command("go", args...)
	cmd.Env = append(os.Environ(), "GOOS=linux", "GOARCH=amd64", "CGO_ENABLED=0")
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("go list: %w", err)
	}
	files := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		f := strings.SplitN(line, "\t", 3)
		if len(f) < 3 {
			continue
		}
		for _, name := range strings.Fields(f[2]) {
			files[f[0]] = append(files[f[0]], filepath.Join(f[1], name))
		}
	}
	return files, nil
}

func packageEntries(importPath string, files []string, syms map[string]reflect.Value) ([]entry, error) {
	fset := token.NewFileSet()
	var parsed []*ast.File
	for _, name := range files {
		f, err := parser.ParseFile(fset, name, nil, parser.ParseComments)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	if len(parsed) == 0 {
		return nil, nil
	}
	var mode doc.Mode
	if importPath == "builtin" {
		mode = doc.AllDecls // its names are lower case
	}
	pkg, err := doc.NewFromFiles(fset, parsed, importPath, mode)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", importPath, err)
	}
	p := &printerFor{fset: fset}
	es := []entry{{
		Key: importPath,
		Sig: fmt.Sprintf("package %s // import %q", pkg.Name, importPath),
		Doc: clip(pkg.Doc),
	}}
	has := func(name string) bool {
		_, ok := syms[name]
		return ok || syms == nil
	}
	values := func(vs []*doc.Value) {
		for _, v := range vs {
			for _, name := range v.Names {
				if has(name) {
					es = append(es, entry{importPath + "." + name, p.value(v.Decl, name), clip(v.Doc)})
				}
			}
		}
	}
	funcs := func(prefix string, fs []*doc.Func) {
		for _, f := range fs {
			if prefix != "" || has(f.Name) {
				es = append(es, entry{importPath + "." + prefix + f.Name, p.fn(f.Decl), clip(f.Doc)})
			}
		}
	}
	values(pkg.Consts)
	values(pkg.Vars)
	funcs("", pkg.Funcs)
	for _, t := range pkg.Types {
		values(t.Consts)
		values(t.Vars)
		funcs("", t.Funcs)
		if !has(t.Name) {
			continue
		}
		es = append(es, entry{importPath + "." + t.Name, p.typ(t.Decl, t.Name), clip(t.Doc)})
		funcs(t.Name+".", t.Methods)
	}
	return es, nil
}

type printerFor struct{ fset *token.FileSet }

func (p *printerFor) print(node any) string {
	var b bytes.Buffer
	cfg := printer.Config{Mode: printer.UseSpaces | printer.TabIndent, Tabwidth: 8}
	if err := cfg.Fprint(&b, p.fset, node); err != nil {
		return ""
	}
	lines := strings.Split(b.String(), "\n")
	if len(lines) > maxDeclLine {
		lines = append(lines[:maxDeclLine], "\t...")
	}
	return strings.Join(lines, "\n")
}

func (p *printerFor) fn(d *ast.FuncDecl) string {
	c := *d
	c.Doc, c.Body = nil, nil
	return p.print(&c)
}

// typ prints the spec that declares name, without comments.
func (p *printerFor) typ(d *ast.GenDecl, name string) string {
	for _, s := range d.Specs {
		if ts, ok := s.(*ast.TypeSpec); ok && ts.Name.Name == name {
			c := *ts
			c.Doc, c.Comment = nil, nil
			return "type " + p.print(&c)
		}
	}
	return ""
}

// value prints the const or var spec that declares name; an iota
// continuation line borrows the type of the spec it continues.
func (p *printerFor) value(d *ast.GenDecl, name string) string {
	var last *ast.ValueSpec
	for _, s := range d.Specs {
		vs := s.(*ast.ValueSpec)
		if vs.Type != nil || len(vs.Values) > 0 {
			last = vs
		}
		for i, n := range vs.Names {
			if n.Name != name {
				continue
			}
			c := ast.ValueSpec{Names: []*ast.Ident{n}, Type: vs.Type}
			if len(vs.Values) == len(vs.Names) {
				c.Values = []ast.Expr{vs.Values[i]}
			} else if vs.Type == nil && len(vs.Values) == 0 && last != nil {
				c.Type = last.Type
			}
			return d.Tok.String() + " " + p.print(&c)
		}
	}
	return ""
}

func clip(s string) string {
	s = strings.TrimSpace(s)
	if len(s) <= maxDoc {
		return s
	}
	cut := strings.LastIndex(s[:maxDoc], "\n\n")
	if cut < maxDoc/2 {
		cut = maxDoc
		for cut > 0 && s[cut]&0xC0 == 0x80 { // stay on a rune boundary
			cut--
		}
	}
	return s[:cut] + "\n\n[...]"
}
