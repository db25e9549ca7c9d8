package interp

import (
	"fmt"
	"go/ast"
	"slices"
	"strconv"
	"strings"
)

// Functions a later cell declares again. yaegi v0.16.1 lets a cell declare
// a function again, and code compiled after that calls the new body, but
// code compiled before (functions, method bodies, closures, values holding
// the function) keeps calling the body it was compiled against. So every
// declaration of a non-generic function gets a guard, as the first
// declaration of a method does (rewrite_method.go): a bool that tells
// whether a later declaration has replaced it, and the function to call
// then, one for all the declarations of the name with the same signature:
//
//	var __func_f_3 func(int) int // declared with the first f of this signature
//	func f(x int) int { if __guard_7 { return __func_f_3(x) }; <the body> }
//
// A later declaration, compiled as written with a guard of its own,
// replaces the one before it and points the function of its signature at
// itself, and those of the other signatures, whose callers were compiled
// for another signature, at functions that panic with a clear message:
//
//	func init() { __guard_7 = true; __func_f_3 = f; __func_f_5 = func(string) { panic("…") } }
//
// So a declaration costs as many statements as the name has signatures,
// however often the cell declaring it runs again. Code compiled against
// the latest declaration pays the test of a bool variable, lost in the
// noise of BenchmarkCalls1e6; code compiled earlier calls through a
// guard, a call more, and never through more than one. Builds with the
// race detector keep the guards in rt instead (funcguard_race.go).
//
// The bools are not declared with the function: yaegi keeps the syntax
// tree of a global's declaration, and with it that of the whole cell
// declaring it, some 20 KB for a one-line function, for as long as the
// global lives, that is for ever. The session declares them 64 at a time
// in a compilation of their own (Session.guardFlag), so that a function
// declared again keeps a few hundred bytes.
//
// A generic function gets no guard (a variable cannot be generic), and
// yaegi keeps the body of each instance it made: a generic function
// declared again with another text would run its old body for the type
// arguments already used, so that is refused, and the same text again is
// left as it is. The guards of a function declared again as a generic one
// panic, as for another signature.

// funcDef is a declaration of a function that the cells made: its guard
// and the signatures the name has had; or, for a generic function, its
// text.
type funcDef struct {
	name  string
	sig   string
	flag  string     // the guard's bool (funcGuard)
	k     int        // the guard's number, unique in the process
	group *sigGroup  // the declarations of the name with this signature
	sigs  []sigGroup // every signature the name has had, after this declaration
	stub  []sigGroup // the signatures whose function this declaration makes panic

	generic bool
	text    string // a generic function's declaration, spaces collapsed

	// token identifies this declaration's text in pure task keys
	// (namedTask); past holds the tokens of the name's earlier
	// declarations, which code compiled before this one still names.
	token string
	past  []string
}

// sigGroup is the function the guards of a name's declarations with one
// signature call.
type sigGroup struct {
	sig    string
	target string // the func variable (funcGuard)
	k      int    // its number, unique in the process
	fresh  bool   // declared by the declaration that made this funcDef
	live   bool   // it holds a declaration, not a function that panics
}

// planFunc plans how declaration fd of item it declares its function,
// given the function's latest declaration (nil if none), a number for its
// guard, unique in the process, and a source of declared flags for it
// (Session.guardFlag). It returns the declaration, or nil for one that
// needs no plan, and an error for a generic function that cannot change.
func (c *cell) planFunc(it *item, fd *ast.FuncDecl, latest *funcDef, n int, flag func() string) (*funcDef, error) {
	name := fd.Name.Name
	if name == "main" || name == "init" || name == "_" {
		return nil, nil
	}
	if latest != nil && latest.generic {
		if text := strings.Join(strings.Fields(c.src[it.start:it.end]), " "); text != latest.text {
			return nil, c.errorAt(it.off(fd.Name.Pos()), CompileError, fmt.Sprintf(
				"function %s is generic and already defined differently; the interpreter keeps the instances it made of it: restart the kernel, or give the function another name", name))
		}
		return nil, nil
	}
	def := &funcDef{name: name, k: n, token: funcToken(c.src[it.start:it.end])}
	if latest != nil {
		def.past = append(slices.Clip(latest.past), latest.token)
		for _, g := range latest.sigs {
			g.fresh = false
			def.sigs = append(def.sigs, g)
		}
	}
	how := funcGuarded
	if fd.Type.TypeParams != nil {
		def.generic, def.flag = true, ""
		def.text = strings.Join(strings.Fields(c.src[it.start:it.end]), " ")
		def.sig = "a generic function"
		how = funcGeneric
	} else {
		def.flag = flag()
		def.sig = c.funcType(it, fd, func(n ast.Node) string { return textOf(c, it, n) })
		i := slices.IndexFunc(def.sigs, func(g sigGroup) bool { return g.sig == def.sig })
		if i < 0 {
			def.sigs = append(def.sigs, sigGroup{sig: def.sig, target: fmt.Sprintf("__func_%s_%d", name, n), k: n, fresh: true})
			i = len(def.sigs) - 1
		}
		def.group = &def.sigs[i]
	}
	for i := range def.sigs {
		g := &def.sigs[i]
		if g != def.group && g.live {
			def.stub = append(def.stub, *g)
			g.live = false
		}
	}
	if def.group != nil {
		def.group.live = true
	}
	c.methodPlans = append(c.methodPlans, methodPlan{it: it, fd: fd, how: how, key: name, guard: def.flag, fn: def, latest: latest})
	return def, nil
}

// redirect is the func init that points the guards of the earlier
// declarations of def at it, given the declaration before it (nil if
// none), or "" when there is nothing to do; at gives the panics of the
// functions it makes for other signatures the position of the declaration.
func (def *funcDef) redirect(latest *funcDef, name, at string) string {
	var sb strings.Builder
	if latest != nil && latest.flag != "" {
		sb.WriteString(" " + setOn(latest.k, latest.flag))
	}
	if def.group != nil && !def.group.fresh {
		sb.WriteString(" " + setTarget(def.group.k, def.group.target, name))
	}
	for _, g := range def.stub {
		msg := fmt.Sprintf("%s was declared again with another signature, %s: run again the cells that call it as %s", def.name, def.sig, g.sig)
		if def.generic {
			msg = fmt.Sprintf("%s was declared again as a generic function: run again the cells that call it as %s", def.name, g.sig)
		}
		sb.WriteString(" " + setTarget(g.k, g.target, fmt.Sprintf("%s { %spanic(%s) }", g.sig, at, strconv.Quote(msg))))
	}
	if sb.Len() == 0 {
		return ""
	}
	return "; func init() {" + sb.String() + " }"
}
