package interp

import (
	"os"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// envSymbols gives cells the kernel process's own environment. yaegi (in
// its default, restricted mode) gives a script a private copy of the
// environment, so that os.Setenv in a cell would not reach a child
// process started with os/exec or a !command line, and %env NAME=value
// would not reach os.Getenv in a cell. A notebook is the user's own
// process, as IPython's os.environ is: cells read and write the real one.
// The session loads these symbols after the standard library's, so they
// replace yaegi's private versions.
func envSymbols() interp.Exports {
	return interp.Exports{"os/os": {
		"Clearenv":  reflect.ValueOf(os.Clearenv),
		"Environ":   reflect.ValueOf(os.Environ),
		"ExpandEnv": reflect.ValueOf(os.ExpandEnv),
		"Getenv":    reflect.ValueOf(os.Getenv),
		"LookupEnv": reflect.ValueOf(os.LookupEnv),
		"Setenv":    reflect.ValueOf(os.Setenv),
		"Unsetenv":  reflect.ValueOf(os.Unsetenv),
	}}
}
