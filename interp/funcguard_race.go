//go:build race

package interp

import "fmt"

// funcGuard keeps the guard in rt under the race detector, which would
// report the reads of the global variables of funcguard.go by goroutines
// calling a function while a cell declares new globals.
func funcGuard(k int, guard, typ string) guardForm {
	return guardForm{test: fmt.Sprintf("__rt.Redirected(%d)", k), callee: fmt.Sprintf("__rt.Redirect(%d).(%s)", k, typ)}
}

// setGuard is the statement that gives guard number k the function fn.
func setGuard(k int, guard, fn string) string { return fmt.Sprintf("__rt.SetRedirect(%d, %s);", k, fn) }
