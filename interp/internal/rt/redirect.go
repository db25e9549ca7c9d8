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

// The guards, for builds with the race detector: interpreted code keeps
// them in global variables otherwise, whose reads the detector reports
// when a goroutine calls a function while a cell declares new globals
// (see the package doc of interp).
var (
	redirected sync.Map // guard number -> struct{}: the flags set
	redirects  sync.Map // signature number -> func
)

// Redirected reports whether the flag of guard k is set.
func Redirected(k int) bool {
	_, ok := redirected.Load(k)
	return ok
}

// SetRedirected sets the flag of guard k.
func SetRedirected(k int) { redirected.Store(k, struct{}{}) }

// Redirect returns the function of signature k.
func Redirect(k int) any {
	f, _ := redirects.Load(k)
	return f
}

// SetRedirect gives signature k the function f.
func SetRedirect(k int, f any) { redirects.Store(k, f) }
