package interp

import (
	"fmt"
	"path"
	"reflect"
	"sort"
	"strings"

	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/interp/exports"
)

// genericStdlib are the standard library packages yaegi provides as
// interpreted source instead of symbol tables.
var genericStdlib = []string{"cmp", "maps", "slices"}

// availablePackages returns the import paths a cell may import, sorted: the
// standard library as yaegi ships it, and the packages in exports.
func availablePackages() []string {
	seen := map[string]bool{}
	for _, p := range genericStdlib {
		seen[p] = true
	}
	for _, m := range []map[string]map[string]reflect.Value{stdlib.Symbols, exports.Symbols} {
		for key := range m {
			if p := importPathOf(key); p != "" {
				seen[p] = true
			}
		}
	}
	out := make([]string, 0, len(seen))
	for p := range seen {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
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
		fmt.Fprintf(&b, "; did you mean %q?", similar[0])
		for _, p := range similar[1:] {
			fmt.Fprintf(&b, " or %q?", p)
		}
	}
	fmt.Fprintf(&b, "\navailable: the Go standard library (%d packages) and\n  %s",
		nstd, strings.Join(extra, "\n  "))
	return b.String()
}
