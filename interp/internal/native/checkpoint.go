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
	var at []int
	ast.Inspect(f, func(n ast.Node) bool {
		var body *ast.BlockStmt
		switch n := n.(type) {
		case *ast.FuncDecl:
			body = n.Body
		case *ast.FuncLit:
			body = n.Body
		case *ast.ForStmt:
			body = n.Body
		case *ast.RangeStmt:
			body = n.Body
		}
		if body != nil {
			at = append(at, fset.Position(body.Lbrace).Offset+1)
		}
		return true
	})
	sort.Sort(sort.Reverse(sort.IntSlice(at)))
	for _, off := range at {
		text = text[:off] + " gofutures__poll();" + text[off:]
	}
	return text
}
