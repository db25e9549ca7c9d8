package native

import (
	"errors"
	"fmt"
)

// Errors the Builder returns, wrapped with details; test with errors.Is.
var (
	// ErrUnsupported: this kernel cannot load plugins (built with
	// CGO_ENABLED=0, or an operating system without package plugin).
	ErrUnsupported = errors.New("native: this kernel cannot load Go plugins")
	// ErrNoToolchain: no go command, or one of another Go version.
	ErrNoToolchain = errors.New("native: no matching Go toolchain")
	// ErrNoCCompiler: the go command finds no C compiler; plugins need cgo.
	ErrNoCCompiler = errors.New("native: no C compiler")
	// ErrNoModule: the module proxy has no module providing the package.
	ErrNoModule = errors.New("native: no such module")
	// ErrConflict: the module needs a version of a module the kernel links
	// other than the kernel's.
	ErrConflict = errors.New("native: version conflict with the kernel")
)

// BuildError is a failed go build: Output is what the compiler printed,
// with the paths of a compiled cell's file shown as "cell".
type BuildError struct {
	What   string // what was built: "github.com/x/y", "compiled cell"
	Output string
}

func (e *BuildError) Error() string {
	return fmt.Sprintf("native: building %s failed:\n%s", e.What, e.Output)
}
