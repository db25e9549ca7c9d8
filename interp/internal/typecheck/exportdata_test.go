package typecheck

import (
	"go/importer"
	"go/token"
	"path"
	"reflect"
	"strings"
	"testing"

	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/interp/exports"
)

// TestExportData: every package a symbol table provides has export data
// that loads on its own, and declares every symbol of its table. The
// export data is regenerated with the tables (interp/generate.go); this
// catches a table whose package changed its API without it.
func TestExportData(t *testing.T) {
	imp := importer.ForCompiler(token.NewFileSet(), "gc", exports.ExportData)
	for _, m := range []map[string]map[string]reflect.Value{stdlib.Symbols, exports.Symbols} {
		for key, table := range m {
			p := path.Dir(key)
			if p == "." {
				continue
			}
			pkg, err := imp.Import(p)
			if err != nil {
				t.Errorf("%s: %v", p, err)
				continue
			}
			for name := range table {
				if strings.HasPrefix(name, "_") { // yaegi's interface wrappers
					continue
				}
				if pkg.Scope().Lookup(name) == nil {
					t.Errorf("%s.%s: in the symbol table, not in the export data", p, name)
				}
			}
		}
	}
}
