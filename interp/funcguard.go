//go:build !race

package interp

import (
	"fmt"
	"strings"
)

// funcGuard is the form of the guard of a function of type typ: its bool
// flag (guard number k), tested, and the func variable of its signature,
// g, declared with the first function of that signature. yaegi v0.16.1
// tests a bool variable at no measurable cost (1e6 calls of a small
// function), a func variable against nil at about 17%, and an element of
// a compiled slice at about 70%. The flag is declared apart (guardFlag).
func funcGuard(k int, flag string, g sigGroup, typ string) guardForm {
	decl := ""
	if g.fresh {
		decl = fmt.Sprintf("var %s %s;", g.target, typ)
	}
	return guardForm{decl: decl, test: flag, callee: g.target}
}

// setOn is the statement that sets the flag of guard number k.
func setOn(k int, flag string) string { return flag + " = true;" }

// setTarget is the statement that gives the func variable of a signature,
// number k, the function fn.
func setTarget(k int, target, fn string) string { return fmt.Sprintf("%s = %s;", target, fn) }

// guardFlags is how many flags guardFlag declares at once.
const guardFlags = 64

// guardFlag returns the name of a bool global, false, that no function
// declaration has had yet, for the guard of one (rewrite_func.go). yaegi
// keeps the syntax tree of every global's declaration for as long as the
// global lives: declared in the cell, a flag would keep the whole cell's
// tree, so the session declares them guardFlags at a time in a source of
// their own. If that fails to compile, the name is undeclared and the
// cell using it fails to compile, saying so.
func (s *Session) guardFlag() string {
	f := &s.flags
	if f.next == f.end {
		names := make([]string, guardFlags)
		for i := range names {
			names[i] = fmt.Sprintf("__guard_%d", f.end+i)
		}
		if _, err := s.compileSrc(wrapper + "package main\nvar " + strings.Join(names, ", ") + " bool"); err == nil {
			f.end += guardFlags
		}
	}
	name := fmt.Sprintf("__guard_%d", f.next)
	f.next = min(f.next+1, f.end)
	return name
}
