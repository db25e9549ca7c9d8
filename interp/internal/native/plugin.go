package native

import (
	"fmt"
	"path/filepath"
	"plugin"
	"reflect"
	"strings"
	"sync"
)

// Symbols is a symbol table in the form yaegi's Interpreter.Use takes:
// "importpath/pkgname" -> exported name -> value.
type Symbols = map[string]map[string]reflect.Value

// loaded holds the plugins this process opened, by key. A plugin's main
// package path is its key, and a path loads once per process, so a plugin
// of the same key in another cache (the same content) is the one loaded.
var loaded sync.Map

// open loads the plugin at path and returns its symbol table. Opening the
// same file again, or a plugin of the same key, returns the same plugin.
func open(path string) (*plugin.Plugin, Symbols, error) {
	key := strings.TrimSuffix(filepath.Base(path), ".so")
	p, err := openOnce(key, path)
	if err != nil {
		if strings.Contains(err.Error(), "different version of package") {
			return nil, nil, fmt.Errorf("%w: %v\nthis kernel has loaded another version of that package already; restart the kernel to change versions", ErrConflict, err)
		}
		return nil, nil, fmt.Errorf("%w: %v", ErrUnsupported, err)
	}
	loaded.Store(key, p)
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

// openOnce returns the plugin of key this process loaded, or opens path.
func openOnce(key, path string) (*plugin.Plugin, error) {
	if p, ok := loaded.Load(key); ok {
		return p.(*plugin.Plugin), nil
	}
	return plugin.Open(path)
}
