package main

import (
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Parameters, as papermill injects them: the cell tagged "parameters"
// holds the defaults; the values given on the command line go into a new
// cell after it, tagged "injected-parameters", which assigns them. Go is
// typed, so each value is written as a literal of the type its default
// has in the parameters cell (`name := "x"` makes -p name=1 the string
// "1"); a name the cell does not declare gets `name := value`, with the
// value's kind guessed as papermill guesses it: true or false, a number,
// else a string.

// param is one -p NAME=VALUE.
type param struct{ name, value string }

// notebookJSON is an .ipynb file kept as generic JSON, so that what the
// run does not touch is written back as it was read.
type notebookJSON map[string]any

func readNotebookJSON(path string) (notebookJSON, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var nb notebookJSON
	if err := json.Unmarshal(b, &nb); err != nil {
		return nil, fmt.Errorf("%s: not a notebook: %w", path, err)
	}
	if _, ok := nb["cells"].([]any); !ok {
		return nil, fmt.Errorf("%s: not a notebook: no cells", path)
	}
	return nb, nil
}

func (nb notebookJSON) cells() []any { c, _ := nb["cells"].([]any); return c }

// cellTags returns the tags of cell c.
func cellTags(c any) []string {
	m, _ := c.(map[string]any)
	meta, _ := m["metadata"].(map[string]any)
	raw, _ := meta["tags"].([]any)
	var tags []string
	for _, t := range raw {
		if s, ok := t.(string); ok {
			tags = append(tags, s)
		}
	}
	return tags
}

// cellSource returns the source of cell c, which nbformat stores as a
// string or a list of lines.
func cellSource(c any) string {
	m, _ := c.(map[string]any)
	switch s := m["source"].(type) {
	case string:
		return s
	case []any:
		var b strings.Builder
		for _, l := range s {
			if str, ok := l.(string); ok {
				b.WriteString(str)
			}
		}
		return b.String()
	}
	return ""
}

// injectParameters puts the cell assigning params after the cell tagged
// "parameters" (replacing an injected cell of an earlier run), or first
// when no cell is tagged, and returns warnings to show.
func (nb notebookJSON) injectParameters(params []param) ([]string, error) {
	if len(params) == 0 {
		return nil, nil
	}
	var cells []any
	at, defaults := -1, ""
	for _, c := range nb.cells() {
		tags := cellTags(c)
		if slices.Contains(tags, "injected-parameters") {
			continue
		}
		cells = append(cells, c)
		if at < 0 && slices.Contains(tags, "parameters") {
			at, defaults = len(cells), cellSource(c)
		}
	}
	var warnings []string
	tagged := at >= 0
	if !tagged {
		at = 0
		warnings = append(warnings, "no cell is tagged \"parameters\": the parameters go into a new first cell")
	}
	kinds := paramKinds(defaults)
	var src strings.Builder
	src.WriteString("// Parameters\n")
	for _, p := range params {
		kind, declared := kinds[p.name]
		lit, err := goLiteral(kind, p.value)
		if err != nil {
			return nil, fmt.Errorf("parameter %s: %w", p.name, err)
		}
		op := "="
		if !declared {
			op = ":="
			if tagged {
				warnings = append(warnings, fmt.Sprintf("parameter %s is not in the parameters cell: it is declared in the injected one", p.name))
			}
		}
		fmt.Fprintf(&src, "%s %s %s\n", p.name, op, lit)
	}
	cell := map[string]any{
		"cell_type":       "code",
		"execution_count": nil,
		"metadata":        map[string]any{"tags": []any{"injected-parameters"}},
		"outputs":         []any{},
		"source":          strings.TrimSuffix(src.String(), "\n"),
	}
	if minor, _ := nb["nbformat_minor"].(float64); minor >= 5 {
		cell["id"] = "injected-parameters"
	}
	nb["cells"] = slices.Insert(cells, at, any(cell))
	return warnings, nil
}

// paramKinds reads the parameters cell: for each name it declares, the
// kind of its default ("string", "int", "float", "bool"), or "" when it
// cannot tell.
func paramKinds(src string) map[string]string {
	kinds := map[string]string{}
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p\nfunc _() {\n"+src+"\n}", 0)
	if err != nil || len(f.Decls) == 0 {
		return kinds
	}
	body := f.Decls[0].(*ast.FuncDecl).Body
	for _, st := range body.List {
		switch st := st.(type) {
		case *ast.AssignStmt:
			if st.Tok != token.DEFINE {
				continue
			}
			for i, l := range st.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					kinds[id.Name] = ""
					if len(st.Rhs) == len(st.Lhs) {
						kinds[id.Name] = exprKind(st.Rhs[i])
					}
				}
			}
		case *ast.DeclStmt:
			gd, ok := st.Decl.(*ast.GenDecl)
			if !ok || gd.Tok != token.VAR {
				continue
			}
			for _, sp := range gd.Specs {
				vs := sp.(*ast.ValueSpec)
				for i, id := range vs.Names {
					switch {
					case vs.Type != nil:
						kinds[id.Name] = typeKind(vs.Type)
					case len(vs.Values) == len(vs.Names):
						kinds[id.Name] = exprKind(vs.Values[i])
					default:
						kinds[id.Name] = ""
					}
				}
			}
		}
	}
	return kinds
}

// exprKind is the kind of a default value: a literal, maybe negated, true
// or false, or a conversion such as float64(1).
func exprKind(e ast.Expr) string {
	switch e := e.(type) {
	case *ast.BasicLit:
		switch e.Kind {
		case token.STRING:
			return "string"
		case token.INT:
			return "int"
		case token.FLOAT:
			return "float"
		}
	case *ast.UnaryExpr:
		if e.Op == token.SUB || e.Op == token.ADD {
			return exprKind(e.X)
		}
	case *ast.Ident:
		if e.Name == "true" || e.Name == "false" {
			return "bool"
		}
	case *ast.CallExpr:
		if len(e.Args) == 1 {
			return typeKind(e.Fun)
		}
	case *ast.ParenExpr:
		return exprKind(e.X)
	}
	return ""
}

// typeKind is the kind of a predeclared type named by e.
func typeKind(e ast.Expr) string {
	id, ok := e.(*ast.Ident)
	if !ok {
		return ""
	}
	switch id.Name {
	case "string":
		return "string"
	case "bool":
		return "bool"
	case "float32", "float64":
		return "float"
	case "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "uintptr":
		return "int"
	}
	return ""
}

var (
	intLit   = regexp.MustCompile(`^[-+]?[0-9]+$`)
	floatLit = regexp.MustCompile(`^[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?$`)
)

// goLiteral writes value as a Go literal of kind ("" to guess).
func goLiteral(kind, value string) (string, error) {
	switch kind {
	case "string":
		return strconv.Quote(value), nil
	case "int":
		if !intLit.MatchString(value) {
			return "", fmt.Errorf("%q is not an integer, as the default is", value)
		}
		return value, nil
	case "float":
		if !floatLit.MatchString(value) {
			return "", fmt.Errorf("%q is not a number, as the default is", value)
		}
		return value, nil
	case "bool":
		b, err := strconv.ParseBool(value)
		if err != nil {
			return "", fmt.Errorf("%q is not true or false, as the default is", value)
		}
		return strconv.FormatBool(b), nil
	}
	if value == "true" || value == "false" || floatLit.MatchString(value) {
		return value, nil
	}
	return strconv.Quote(value), nil
}
