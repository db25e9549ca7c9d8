package native

import (
	"go/ast"
	"go/token"
	"sort"
)

// insertCheckpoints returns text with a call of gofutures__poll after the
// opening brace of every function body and loop body, on the same line, so
// that the compiler's line numbers stay the cell's. A poll costs an atomic
// load while nothing is interrupted.
func insertCheckpoints(fset *token.FileSet, f *ast.File, text string) string {
	type point struct {
		off  int
		call string
	}
	var at []point
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncDecl:
			if n.Body != nil {
				at = append(at, point{fset.Position(n.Body.Lbrace).Offset + 1, " gofutures__enter();"})
			}
		case *ast.FuncLit:
			at = append(at, point{fset.Position(n.Body.Lbrace).Offset + 1, " gofutures__enter();"})
		case *ast.ForStmt:
			at = append(at, point{fset.Position(n.Body.Lbrace).Offset + 1, " gofutures__poll();"})
		case *ast.RangeStmt:
			at = append(at, point{fset.Position(n.Body.Lbrace).Offset + 1, " gofutures__poll();"})
		}
		return true
	})
	sort.Slice(at, func(i, j int) bool { return at[i].off > at[j].off })
	for _, p := range at {
		text = text[:p.off] + p.call + text[p.off:]
	}
	return text
}
