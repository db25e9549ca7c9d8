package interp

import (
	"fmt"
	"go/ast"
)

// A top-level `x := v` or `var x = v` is a yaegi REPL statement, which
// makes a new global even when x exists: functions compiled before keep
// reading the old one. So when x is already a global of the type the new
// value has, the session assigns it instead (x = v), and every function,
// closure and goroutine sees the new value, as a function declared again
// is seen (rewrite_func.go). When the type differs, x is declared anew:
// earlier code, compiled for the old type, keeps the old variable, which
// is first set to its zero value, so that what it held can be freed (a
// cell that declares `big` again expects its 512 MiB back); earlier code
// then reads that zero value.
//
// The type is asked of yaegi, without running anything: a function that
// would take the value into a new variable and point at it and at x with
// one pointer, `__t := v; __p := &__t; __p = &x`, compiles only when the
// types are identical (an interface-typed x given a string does not, as x
// would stay an interface; yaegi lets `__t = x` through there).

// reassignGlobal returns step k of p turned into an assignment when it
// declares one existing global again with a value of its type.
func (s *Session) reassignGlobal(c *cell, p *plan, k int) *plan {
	st := p.steps[k]
	if st.kind != stepREPL || len(st.names) != 1 || st.names[0] == "_" || !s.isUser(st.names[0]) {
		return p
	}
	name := st.names[0]
	var assign, rhs string
	switch n := st.it.stmt.(type) {
	case *ast.AssignStmt: // x := v
		if len(n.Lhs) != 1 || len(n.Rhs) != 1 {
			return p
		}
		tok := st.it.off(n.TokPos)
		rhs = c.text(tok+2, st.it.end)
		assign = c.at(st.it.start) + c.text(st.it.start, tok) + "=" + rhs
	default: // var x = v (see declare)
		if st.rhs == "" {
			return p
		}
		rhs, assign = st.rhs, st.lhs+" = "+st.rhs
	}
	// In a func init, not as a REPL statement, whose temporaries would
	// stay in yaegi's global frame (see result_mem.go).
	assign = wrapper + "package main\nfunc init() {\n" + assign + "\n}"
	probe := fmt.Sprintf("%spackage main\nfunc __redeclare() {\n__t := %s\n__p := &__t; __p = &%s; _ = __p\n}", wrapper, rhs, name)
	if _, err := s.compileSrc(probe); err != nil {
		s.zeroGlobal(name)
		return p
	}
	np := *p
	np.steps = append([]step(nil), p.steps...)
	np.steps[k].src = assign
	return &np
}

// zeroGlobal sets the global variable name to its zero value, through a
// pointer handed to compiled code, since its type is not known here.
func (s *Session) zeroGlobal(name string) {
	if _, isVar := s.declared().Var(name); !isVar {
		return
	}
	if _, err := s.eval(fmt.Sprintf("%spackage main\nfunc init() { __rt.Zero(&%s) }", wrapper, name)); err != nil {
		s.log.Debug("interp: the global declared again keeps its value", "name", name, "err", err)
	}
}
