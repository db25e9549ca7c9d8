package interp

import (
	"go/ast"
	"strconv"
)

// Functions whose declaration failed to compile. yaegi v0.16.1 registers
// a function even when compiling its declaration fails, and a later call
// of it panics inside yaegi ("index out of range [0] with length 0"). So
// after a step fails to compile, the session declares each function of the
// step again, as a cell of its own: with the declaration an earlier
// cell made, which then stays in force as if the failed cell had not run;
// or, for a function no earlier cell declared, with a body that panics to
// say its cell did not compile. Either way the function guards (rewrite_func.go)
// let a later, fixed declaration reach its callers.

// restoreFuncs declares again the functions that items of c, which failed
// to compile, declare: yaegi registered them all, and their calls panic.
func (s *Session) restoreFuncs(c *cell, items []*item, info *taskInfo) {
	if s.restoring {
		return // a declaration made again failed too: leave it
	}
	s.restoring = true
	defer func() { s.restoring = false }()
	for _, it := range items {
		fd, ok := it.decl.(*ast.FuncDecl)
		if !ok || fd.Recv != nil || fd.Body == nil || fd.Type.TypeParams != nil {
			continue
		}
		name := fd.Name.Name
		if name == "main" || name == "init" || name == "_" {
			continue
		}
		src, ok := s.Source(name)
		if !ok || !declaresFunc(src, name) {
			msg := name + " is not declared: the cell declaring it failed to compile; run it again once it does"
			src = c.src[it.start:it.off(fd.Body.Lbrace)] + "{ panic(" + strconv.Quote(msg) + ") }"
		}
		if err := s.declareAgain(src, info); err != nil {
			s.log.Info("interp: declaring a function again after its cell failed", "name", name, "err", err)
		}
	}
}

// declaresFunc reports whether src is the declaration of function name.
func declaresFunc(src, name string) bool {
	c, err := parseCell(src)
	if err != nil || len(c.items) != 1 {
		return false
	}
	fd, ok := c.items[0].decl.(*ast.FuncDecl)
	return ok && fd.Recv == nil && fd.Name.Name == name
}

// declareAgain runs src, a declaration, as a cell of its own; the caller
// holds s.mu.
func (s *Session) declareAgain(src string, info *taskInfo) error {
	c, p, err := s.front(src)
	if err != nil {
		return err
	}
	_, err = s.evalSteps(c, p, info)
	s.keepSafe(c, p, err == nil)
	return err
}
