package interp

import (
	"embed"
	"fmt"
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
