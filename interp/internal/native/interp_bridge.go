package native

import (
	"fmt"
	"go/ast"
	"go/token"
	"strings"
)

// interpBridge returns the interpreted source that declares a compiled
// cell's names in the session: its imports again (signatures may use
// them), type aliases, functions that call the compiled ones (so that the
// session names, redefines and submits them as its own), constants, and
// variables holding a copy of the compiled values at load time.
func interpBridge(fset *token.FileSet, f *ast.File, text string, own map[string]decl, pkg, key string) string {
	src := func(n ast.Node) string {
		return text[fset.Position(n.Pos()).Offset:fset.Position(n.End()).Offset]
	}
	alias := "__" + key[:9]
	var b strings.Builder
	fmt.Fprintf(&b, "import %s %q\n", alias, pkg)
	for _, imp := range f.Imports {
		b.WriteString("import " + src(imp) + "\n")
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if _, ok := own[d.Name.Name]; ok && d.Recv == nil {
				b.WriteString(funcBridge(d, src, alias))
			}
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					if _, ok := own[s.Name.Name]; ok {
						fmt.Fprintf(&b, "type %s = %s.X_%s\n", s.Name.Name, alias, s.Name.Name)
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if _, ok := own[n.Name]; !ok {
							continue
						}
						if d.Tok == token.VAR { // X_name points at the compiled variable
							fmt.Fprintf(&b, "var %s = *%s.X_%s\n", n.Name, alias, n.Name)
						} else {
							fmt.Fprintf(&b, "const %s = %s.X_%s\n", n.Name, alias, n.Name)
						}
					}
				}
			}
		}
	}
	return b.String()
}

// funcBridge declares an interpreted function with d's signature that
// calls the compiled one.
func funcBridge(d *ast.FuncDecl, src func(ast.Node) string, alias string) string {
	var params, args []string
	i := 0
	for _, field := range d.Type.Params.List {
		typ := src(field.Type)
		names := field.Names
		if len(names) == 0 {
			names = []*ast.Ident{nil}
		}
		for _, n := range names {
			name := fmt.Sprintf("p%d", i)
			if n != nil && n.Name != "_" {
				name = n.Name
			}
			i++
			params = append(params, name+" "+typ)
			if _, ok := field.Type.(*ast.Ellipsis); ok {
				name += "..."
			}
			args = append(args, name)
		}
	}
	results := ""
	if d.Type.Results != nil {
		results = " " + src(d.Type.Results)
	}
	call := fmt.Sprintf("%s.X_%s(%s)", alias, d.Name.Name, strings.Join(args, ", "))
	if d.Type.Results != nil && len(d.Type.Results.List) > 0 {
		call = "return " + call
	}
	return fmt.Sprintf("func %s(%s)%s { %s }\n", d.Name.Name, strings.Join(params, ", "), results, call)
}
