package rt

import (
	"sync"
	"sync/atomic"
)

var nextGuard atomic.Int64

// NewGuard numbers the guard of a function's declaration, which a later
// cell may redirect to another declaration (interp/rewrite_func.go).
// Numbers are unique in the process.
func NewGuard() int { return int(nextGuard.Add(1)) }

// redirects holds the functions that guards are redirected to, for
// builds with the race detector: interpreted code keeps them in global
// variables otherwise, whose reads the detector reports when a goroutine
// calls a function while a cell declares new globals (see the package
// doc of interp).
var redirects sync.Map // guard number -> func

// Redirected reports whether guard k has a function.
func Redirected(k int) bool {
	_, ok := redirects.Load(k)
	return ok
}

// Redirect returns the function of guard k.
func Redirect(k int) any {
	f, _ := redirects.Load(k)
	return f
}

// SetRedirect gives guard k the function f.
func SetRedirect(k int, f any) { redirects.Store(k, f) }
