package native

import (
	"fmt"
	"plugin"
	"reflect"
	"strings"
)

// Symbols is a symbol table in the form yaegi's Interpreter.Use takes:
// "importpath/pkgname" -> exported name -> value.
type Symbols = map[string]map[string]reflect.Value

// open loads the plugin at path and returns its symbol table. Opening the
// same file again returns the same plugin.
func open(path string) (*plugin.Plugin, Symbols, error) {
	p, err := plugin.Open(path)
	if err != nil {
		if strings.Contains(err.Error(), "different version of package") {
			return nil, nil, fmt.Errorf("%w: %v\nthis kernel has loaded another version of that package already; restart the kernel to change versions", ErrConflict, err)
		}
		return nil, nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	s, err := p.Lookup("Symbols")
	if err != nil {
		return nil, nil, fmt.Errorf("native: plugin %s: %w", path, err)
	}
	m, ok := s.(*Symbols)
	if !ok {
		return nil, nil, fmt.Errorf("native: plugin %s: Symbols is a %T", path, s)
	}
	return p, *m, nil
}
