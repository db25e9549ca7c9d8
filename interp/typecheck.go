package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/typecheck"
)

// Every cell is checked by go/types (internal/typecheck) before anything
// of it runs: a cell Go rejects fails with go/types' own messages, all of
// them up to typecheck.MaxErrors, and declares nothing. The checker keeps
// the session's declarations as it committed them: a cell is committed
// once it ran, even if it panicked or was interrupted (what it declared
// before may exist), never when it failed to check or to compile.

// check takes a parsed cell and type-checks it as Go against the
// session's declarations and the packages cells can import: it gives the
// cell its types (c.checked, which the rewrites and lower read), or an
// *Error with go/types' messages at the cell's positions. The checker
// keeps the cell's declarations only once it ran (commitCheck).
func (s *Session) check(c *cell) error {
	if err := s.checkImports(c); err != nil {
		return err
	}
	if s.noCheck {
		return nil
	}
	tc := typecheck.Cell{Source: c.nodeText}
	for i := range c.items {
		it := &c.items[i]
		if it.decl != nil {
			tc.Items = append(tc.Items, typecheck.Item{Decl: it.decl})
		} else if it.stmt != nil {
			tc.Items = append(tc.Items, typecheck.Item{Stmt: it.stmt})
		}
	}
	if len(tc.Items) == 0 {
		return nil
	}
	r := s.tc.Check(tc)
	if len(r.Errors) == 0 {
		c.checked = r
		s.meta.Lock()
		s.running = r
		s.meta.Unlock()
		return nil
	}
	return c.checkError(r)
}

// commitCheck makes the cell's declarations the checker's unless the cell
// failed before it ran.
func (s *Session) commitCheck(c *cell, err error) {
	s.meta.Lock()
	s.running = nil
	s.meta.Unlock()
	if c == nil || c.checked == nil {
		return
	}
	var e *Error
	if errors.As(err, &e) && (e.Kind == CompileError || e.Kind == SyntaxError || e.Kind == InternalError) {
		return
	}
	c.checked.Commit()
}

// lookupDecl returns the object the cells declare as name: the running
// cell's once a step of it declared the name (a cluster's client asks
// while the cell that declared a function submits it), else the committed
// one. The running cell's checked declarations reach the checker only
// when it ends (commitCheck).
func (s *Session) lookupDecl(name string) types.Object {
	s.meta.Lock()
	r := s.running
	_, ran := s.names[name]
	s.meta.Unlock()
	if r != nil && ran {
		if o := r.Lookup(name); o != nil {
			return o
		}
	}
	return s.tc.Lookup(name)
}

// checkImports refuses imports of packages no symbol table provides,
// naming what is available.
func (s *Session) checkImports(c *cell) error {
	for i := range c.items {
		it := &c.items[i]
		if it.kind != itemImport {
			continue
		}
		for _, sp := range it.decl.(*ast.GenDecl).Specs {
			_, p := importName(sp.(*ast.ImportSpec))
			if knownPackage(p) != "" {
				continue
			}
			if name, err := s.importNative(p); err != nil {
				return c.errorAt(it.off(sp.Pos()), CompileError, err.Error())
			} else if name == "" {
				return c.errorAt(it.off(sp.Pos()), CompileError, unavailableImport(p))
			}
		}
	}
	return nil
}

// itemAt returns the item whose parsed file holds pos, or nil.
func (c *cell) itemAt(pos token.Pos) *item {
	f := c.fset.File(pos)
	for i := range c.items {
		if c.items[i].file == f {
			return &c.items[i]
		}
	}
	return nil
}

// offAt converts a position in one of the cell's files to a cell offset.
func (c *cell) offAt(pos token.Pos) int {
	it := c.itemAt(pos)
	if it == nil {
		return 0
	}
	return min(max(it.off(pos), it.start), it.end)
}

// nodeText returns the cell's text of node n.
func (c *cell) nodeText(n ast.Node) string {
	it := c.itemAt(n.Pos())
	if it == nil {
		return ""
	}
	return c.src[min(max(it.off(n.Pos()), it.start), it.end):min(max(it.off(n.End()), it.start), it.end)]
}

// checkError is the cell's type errors as one CompileError: one message
// line per error, as go build prints them, and the quoted lines.
func (c *cell) checkError(r *typecheck.Result) *Error {
	e := &Error{Kind: CompileError}
	var msgs []string
	for _, te := range r.Errors {
		line, col := c.position(c.offAt(te.Pos))
		msgs = append(msgs, fmt.Sprintf("cell:%d:%d: %s", line, col, te.Msg))
		e.Trace = append(e.Trace, c.quote(line, col)...)
	}
	if r.Truncated {
		msgs = append(msgs, "too many errors")
	}
	e.Msg = strings.Join(msgs, "\n")
	return e
}
