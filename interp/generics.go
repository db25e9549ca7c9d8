package interp

import (
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sync"
)

// yaegi v0.16.1 runs the generic packages of the standard library (cmp,
// maps, slices) from Go 1.22's source, without slices' sorting functions
// and without the iterator functions of Go 1.23. The files in generics/
// add them, in Go that yaegi runs; New compiles them after the symbol
// tables. The type checker sees Go 1.26's real packages, so a cell is
// checked as Go and run with these.

//go:embed generics/slices/slices.go generics/maps/maps.go
var genericsFS embed.FS

func (s *Session) loadGenerics() error {
	for _, f := range []string{"generics/slices/slices.go", "generics/maps/maps.go"} {
		src, err := genericsFS.ReadFile(f)
		if err != nil {
			return err
		}
		if _, err := s.yi.Compile(string(src)); err != nil {
			return fmt.Errorf("interp: %s: %w", f, err)
		}
	}
	return nil
}

// ownGenerics holds, by package path and name, the functions the files in
// generics/ declare, which stand in for the standard library's
// (generics_named.go), with the names of their type parameters.
var ownGenerics = sync.OnceValue(func() map[string]map[string][]string {
	out := map[string]map[string][]string{}
	for _, f := range []string{"generics/slices/slices.go", "generics/maps/maps.go"} {
		src, err := genericsFS.ReadFile(f)
		if err != nil {
			panic(err) // embedded
		}
		file, err := parser.ParseFile(token.NewFileSet(), f, src, parser.SkipObjectResolution)
		if err != nil {
			panic(err)
		}
		pkg := path.Base(path.Dir(f))
		out[pkg] = map[string][]string{}
		for _, d := range file.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv != nil {
				continue
			}
			names := []string{}
			if fd.Type.TypeParams != nil {
				for _, f := range fd.Type.TypeParams.List {
					for _, n := range f.Names {
						names = append(names, n.Name)
					}
				}
			}
			out[pkg][fd.Name.Name] = names
		}
	}
	return out
})

// ownGeneric returns the type parameters of function name of the package
// at path pkg that the session's generics/ declare, and whether they
// declare it.
func ownGeneric(pkg, name string) ([]string, bool) {
	tps, ok := ownGenerics()[pkg][name]
	return tps, ok
}
