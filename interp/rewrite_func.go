package interp

import (
	"fmt"
	"go/ast"
	"strconv"
	"strings"
)

// Functions a later cell declares again. yaegi v0.16.1 lets a cell declare
// a function again, and code compiled after that calls the new body, but
// code compiled before (functions, method bodies, closures, values holding
// the function) keeps calling the body it was compiled against. So every
// declaration of a non-generic function gets a guard, as the first
// declaration of a method does (rewrite_method.go):
//
//	var __func_f_7_on bool
//	var __func_f_7 func(int) int
//	func f(x int) int { if __func_f_7_on { return __func_f_7(x) }; <the body> }
//
// and a later declaration, compiled as written with a guard of its own,
// stores itself in the guards of the earlier declarations with its
// signature, and a function that panics with a clear message in those of
// the others, whose callers were compiled for another signature:
//
//	func init() { __func_f_3 = f; __func_f_3_on = true; __func_f_5 = func(string) { panic("…") }; __func_f_5_on = true }
//
// Code compiled against the latest declaration pays the test of a bool
// variable, lost in the noise of BenchmarkCalls1e6; code compiled earlier
// calls through a guard, a call more. Every guard of a function points at
// its latest declaration, so that no call goes through more than one.
// Builds with the race detector keep the guards in rt instead
// (funcguard_race.go).
//
// A generic function gets no guard (a variable cannot be generic), and
// yaegi keeps the body of each instance it made: a generic function
// declared again with another text would run its old body for the type
// arguments already used, so that is refused, and the same text again is
// left as it is. The guards of a function declared again as a generic one
// panic, as for another signature.

// funcDef is a declaration of a function that the cells made: its guard,
// the guard's type, and the declarations of the function before it; or,
// for a generic function, its text.
type funcDef struct {
	name    string
	sig     string
	guard   string
	earlier []*funcDef
	k       int // the guard's number (funcGuard)

	generic bool
	text    string // a generic function's declaration, spaces collapsed
}

// planFunc plans how declaration fd of item it declares its function,
// given the function's latest declaration (nil if none) and a number for
// the guard, unique in the process. It returns the declaration, or
// nil for one that needs no plan, and an error for a generic function
// that cannot change.
func (c *cell) planFunc(it *item, fd *ast.FuncDecl, latest *funcDef, n int) (*funcDef, error) {
	name := fd.Name.Name
	if name == "main" || name == "init" || name == "_" {
		return nil, nil
	}
	if latest != nil && latest.generic {
		if text := strings.Join(strings.Fields(c.src[it.start:it.end]), " "); text != latest.text {
			return nil, c.errorAt(it.off(fd.Name.Pos()), "CompileError", fmt.Sprintf(
				"function %s is generic and already defined differently; the interpreter keeps the instances it made of it: restart the kernel, or give the function another name", name))
		}
		return nil, nil
	}
	def := &funcDef{name: name, guard: fmt.Sprintf("__func_%s_%d", name, n), k: n}
	if latest != nil {
		def.earlier = append(latest.earlier[:len(latest.earlier):len(latest.earlier)], latest)
	}
	how := funcGuarded
	if fd.Type.TypeParams != nil {
		def.generic, def.guard = true, ""
		def.text = strings.Join(strings.Fields(c.src[it.start:it.end]), " ")
		def.sig = "a generic function"
		how = funcGeneric
	} else {
		def.sig = c.funcType(it, fd, func(n ast.Node) string { return textOf(c, it, n) })
	}
	c.methodPlans = append(c.methodPlans, methodPlan{it: it, fd: fd, how: how, key: name, guard: def.guard, fn: def})
	return def, nil
}

// redirect is the func init that points the guards of the earlier
// declarations of def at it, or "" when there were none; at gives the
// panics of the functions it makes for other signatures the position of
// the declaration.
func (def *funcDef) redirect(name, at string) string {
	if len(def.earlier) == 0 {
		return ""
	}
	var sb strings.Builder
	sb.WriteString("; func init() {")
	for _, e := range def.earlier {
		if e.guard == "" {
			continue // a generic function's: never earlier than another, but for safety
		}
		if e.sig == def.sig {
			sb.WriteString(" " + setGuard(e.k, e.guard, name))
			continue
		}
		msg := fmt.Sprintf("%s was declared again with another signature, %s: run again the cells that call it as %s", def.name, def.sig, e.sig)
		if def.generic {
			msg = fmt.Sprintf("%s was declared again as a generic function: run again the cells that call it as %s", def.name, e.sig)
		}
		sb.WriteString(" " + setGuard(e.k, e.guard, fmt.Sprintf("%s { %spanic(%s) }", e.sig, at, strconv.Quote(msg))))
	}
	sb.WriteString(" }")
	return sb.String()
}
