package interp

import (
	"reflect"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// scope is what completion and inspection may know about the session: the
// user's top-level names, imports, values and declaration sources.
type scope interface {
	Names() []string                         // user top-level names declared so far (funcs, vars, consts, types)
	Imports() map[string]string              // local package name -> import path, for imports made so far
	Value(name string) (reflect.Value, bool) // current value of a user global, under the session lock
	Source(name string) (string, bool)       // the declaration's source text
	declared() *decls.Index                  // what the declarations say of types, globals and functions; may be nil
}
