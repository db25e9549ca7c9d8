//go:build race

package interp

import "fmt"

// funcGuard keeps the guard in rt under the race detector, which would
// report the reads of the global variables of funcguard.go by goroutines
// calling a function while a cell declares new globals.
func funcGuard(k int, flag string, g sigGroup, typ string) guardForm {
	return guardForm{test: fmt.Sprintf("__rt.Redirected(%d)", k), callee: fmt.Sprintf("__rt.Redirect(%d).(%s)", g.k, typ)}
}

// setOn is the statement that sets the flag of guard number k.
func setOn(k int, flag string) string { return fmt.Sprintf("__rt.SetRedirected(%d);", k) }

// setTarget is the statement that gives the function of a signature,
// number k, the function fn.
func setTarget(k int, target, fn string) string {
	return fmt.Sprintf("__rt.SetRedirect(%d, %s);", k, fn)
}

// guardFlag returns a name for the flag of a guard, which builds with the
// race detector keep in rt: nothing is declared, and the name is unused.
func (s *Session) guardFlag() string { return "__guard" }
