package interp

import (
	"go/format"
	"go/parser"
	"go/token"
	"strconv"
	"testing"
)

// TestPreludeIsGoFmt checks that the prelude is a Go file as gofmt leaves
// it, package main, whose one import is the runtime's symbol table.
func TestPreludeIsGoFmt(t *testing.T) {
	f, err := parser.ParseFile(token.NewFileSet(), "prelude/prelude.go", prelude, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	if f.Name.Name != "main" {
		t.Errorf("the prelude is package %s, not main", f.Name.Name)
	}
	if len(f.Imports) != 1 || f.Imports[0].Name == nil || f.Imports[0].Name.Name != "__rt" || f.Imports[0].Path.Value != strconv.Quote(rtPath) {
		t.Errorf("the prelude must import only __rt %q", rtPath)
	}
	formatted, err := format.Source([]byte(prelude))
	if err != nil {
		t.Fatal(err)
	}
	if string(formatted) != prelude {
		t.Error("gofmt changes prelude/prelude.go")
	}
}
