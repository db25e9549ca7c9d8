package assist

import (
	"reflect"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// Scope is what completion and inspection may know about the session:
// the user's top-level names, imports, values and declarations, and the
// packages a cell may import.
type Scope interface {
	Names() []string                         // user top-level names declared so far (funcs, vars, consts, types)
	Imports() map[string]string              // local package name -> import path, for imports made so far
	Value(name string) (reflect.Value, bool) // current value of a user global; false while a cell runs
	Source(name string) (string, bool)       // the declaration's source text
	Declared() *decls.Index                  // what the declarations say of types, globals and functions; may be nil
	// Items splits code as the session splits a cell, nil when it cannot.
	Items(code string) []decls.Item
	Packages
}

// Packages is what completion and inspection know of the packages a cell
// may import.
type Packages interface {
	Paths() []string                            // the import paths a cell may import, sorted
	Name(path string) string                    // the name the package declares
	Table(path string) map[string]reflect.Value // its exported symbols, as the interpreter's tables hold them; nil for none
}

// IsTypeSymbol reports whether a symbol table entry names a type: the
// tables hold a type T as a nil *T, and a variable as an addressable value.
func IsTypeSymbol(v reflect.Value) bool {
	return v.Kind() == reflect.Pointer && v.IsNil() && !v.CanAddr()
}

// symbolType returns the type of what a table entry denotes (the type
// itself for a type, the variable's or typed constant's type otherwise), or
// nil for functions and untyped constants.
func symbolType(v reflect.Value) reflect.Type {
	switch {
	case !v.IsValid() || v.Kind() == reflect.Func:
		return nil
	case IsTypeSymbol(v):
		return v.Type().Elem()
	case v.Type().PkgPath() == "go/constant":
		return nil
	}
	return v.Type()
}
