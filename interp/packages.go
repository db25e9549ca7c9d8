package interp

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/interp/exports"
	"github.com/gofutures/gofutures/interp/internal/decls"
)

// genericStdlib are the standard library packages yaegi provides as
// interpreted source instead of symbol tables.
var genericStdlib = []string{"cmp", "maps", "slices"}

// pkgInfo is what the symbol tables say about one importable package.
type pkgInfo struct {
	name  string                   // the package clause's name
	table map[string]reflect.Value // nil for packages yaegi runs from source
}

var (
	pkgOnce  sync.Once
	pkgs     map[string]pkgInfo // by import path
	pkgPaths []string           // sorted keys of pkgs
)

func loadPackages() {
	pkgs = map[string]pkgInfo{}
	for _, p := range genericStdlib {
		pkgs[p] = pkgInfo{name: path.Base(p)}
	}
	for _, m := range []map[string]map[string]reflect.Value{stdlib.Symbols, exports.Symbols} {
		for key, table := range m {
			if p := importPathOf(key); p != "" {
				pkgs[p] = pkgInfo{name: path.Base(key), table: table}
			}
		}
	}
	for p := range pkgs {
		pkgPaths = append(pkgPaths, p)
	}
	sort.Strings(pkgPaths)
}

// availablePackages returns the import paths a cell may import, sorted: the
// standard library as yaegi ships it, and the packages in exports.
func availablePackages() []string {
	pkgOnce.Do(loadPackages)
	return append([]string(nil), pkgPaths...)
}

// packageName returns the name a package declares, which an import binds
// by default (the last path element but for paths like "math/rand/v2").
func packageName(importPath string) string {
	pkgOnce.Do(loadPackages)
	if info, ok := pkgs[importPath]; ok {
		return info.name
	}
	if info, ok := nativeInfo(importPath); ok {
		return info.name
	}
	return path.Base(importPath)
}

// packageTable returns the exported symbols of a package, nil when it has
// no table.
func packageTable(importPath string) map[string]reflect.Value {
	pkgOnce.Do(loadPackages)
	if info, ok := nativeInfo(importPath); ok {
		return info.table
	}
	return pkgs[importPath].table
}

// importPathOf returns the import path of a symbol table key
// ("importpath/name"), or "" for yaegi's own entries.
func importPathOf(key string) string {
	p := path.Dir(key)
	if p == "." || strings.HasPrefix(p, "github.com/traefik/yaegi") {
		return ""
	}
	return p
}

// isStdlib reports whether an import path belongs to the standard library:
// its first element has no dot.
func isStdlib(importPath string) bool {
	first, _, _ := strings.Cut(importPath, "/")
	return !strings.Contains(first, ".")
}

// unfetchableImport explains that importPath is neither bundled nor
// provided by any module the Go module proxy serves.
func unfetchableImport(importPath string) string {
	msg := unavailableImport(importPath)
	first, rest, _ := strings.Cut(msg, "\n")
	return first + ", and no module on the Go module proxy provides it\n" + rest +
		"\n  and any package of a module on the Go module proxy"
}

// unavailableImport explains that importPath cannot be imported and names
// what can: packages whose last element matches first, then every
// non-standard package, then the size of the standard library.
func unavailableImport(importPath string) string {
	var similar, extra []string
	nstd := 0
	for _, p := range availablePackages() {
		if path.Base(p) == path.Base(importPath) {
			similar = append(similar, p)
		}
		if isStdlib(p) {
			nstd++
		} else {
			extra = append(extra, p)
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "package %q is not available in this kernel", importPath)
	if len(similar) > 0 {
		quoted := make([]string, len(similar))
		for i, p := range similar {
			quoted[i] = strconv.Quote(p)
		}
		fmt.Fprintf(&b, "; did you mean %s?", strings.Join(quoted, " or "))
	}
	fmt.Fprintf(&b, "\navailable: the Go standard library (%d packages) and\n  %s",
		nstd, strings.Join(extra, "\n  "))
	return b.String()
}

// assistScope is the session as completion and inspection see it.
type assistScope struct{ *Session }

func (a assistScope) Declared() *decls.Index { return a.declared() }

// Items splits code as a cell, nil when it does not parse.
func (a assistScope) Items(code string) []decls.Item {
	c, err := parseCell(code)
	if err != nil {
		return nil
	}
	items := make([]*item, len(c.items))
	for i := range c.items {
		items[i] = &c.items[i]
	}
	return c.declItems(items)
}

func (assistScope) Paths() []string                            { return availablePackages() }
func (assistScope) Name(path string) string                    { return packageName(path) }
func (assistScope) Table(path string) map[string]reflect.Value { return packageTable(path) }
