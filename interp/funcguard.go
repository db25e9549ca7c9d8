//go:build !race

package interp

import "fmt"

// funcGuard is the form of the guard number k of a function of type typ:
// a bool variable that tells whether it is set, and a func variable.
// yaegi v0.16.1 tests a bool variable at no measurable cost (1e6 calls of
// a small function), a func variable against nil at about 17%, and an
// element of a compiled slice at about 70%.
func funcGuard(k int, guard, typ string) guardForm {
	return guardForm{decl: fmt.Sprintf("var %s_on bool; var %s %s;", guard, guard, typ), test: guard + "_on", callee: guard}
}

// setGuard is the statement that gives guard number k the function fn.
func setGuard(k int, guard, fn string) string {
	return fmt.Sprintf("%s = %s; %s_on = true;", guard, fn, guard)
}
