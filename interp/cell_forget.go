package interp

import (
	"go/ast"
	"go/token"

	"github.com/gofutures/gofutures/interp/internal/rt"
)

// Once a cell ran, the session keeps of it only what later cells read:
// the positions and lines that tracebacks name and quote when a function
// of the cell panics later. A cell whose code cannot run again once it
// returned (it declares no function and makes no function literal or
// goroutine, and no goroutine of it still runs) is not kept at all, and
// the files go/types read it from (in the checker's file set) go with it
// when it declared nothing. Everything else (syntax trees, the type
// checker's findings, the rewrite's edits) is dropped, and so are the
// files of yaegi's file set that the cell's evaluations were parsed from
// when it declared nothing (its code cannot run again, so no message of
// yaegi's will name their positions).

// settle replaces the session's record of c, which ran on task t, by what
// later cells need of it, or drops it; the caller holds s.mu. c itself is
// left alone: the cell's goroutines, or a background build (tier.go), may
// still read it.
func (s *Session) settle(c *cell, t *rt.Task) {
	if c == nil {
		return
	}
	if t != nil && t.Running() {
		return // abandoned by an interrupt, it may still change c
	}
	if !c.outlives() {
		s.meta.Lock()
		if s.cells[c.no] == c {
			delete(s.cells, c.no)
		}
		s.meta.Unlock()
		if c.checked == nil || !c.checked.Declares() {
			c.forgetFiles()
		}
		if c.checked != nil && !c.checked.Declares() {
			if info, ok := t.Data.(*taskInfo); ok {
				s.compile.Lock()
				for _, f := range info.files {
					s.yi.FileSet().RemoveFile(f)
				}
				info.files = nil
				s.compile.Unlock()
			}
		}
		return
	}
	kept := c.compact()
	s.meta.Lock()
	if s.cells[c.no] == c {
		s.cells[c.no] = kept
	}
	s.meta.Unlock()
}

// outlives reports whether code of c may run after the cell returned:
// it declares a function or method, or makes a function literal or a
// goroutine.
func (c *cell) outlives() bool {
	for i := range c.items {
		var n ast.Node = c.items[i].stmt
		if d := c.items[i].decl; d != nil {
			n = d
		}
		if n == nil {
			continue
		}
		found := false
		ast.Inspect(n, func(n ast.Node) bool {
			switch n.(type) {
			case *ast.FuncDecl, *ast.FuncLit, *ast.GoStmt:
				found = true
			}
			return !found
		})
		if found {
			return true
		}
	}
	return false
}

// compact returns a copy of c without what only running it needed: its
// syntax trees, parsed files, edits, range hints and type information.
func (c *cell) compact() *cell {
	k := *c
	k.fset = nil
	k.checked = nil
	k.edits = nil
	k.ranges, k.hints, k.probe = nil, nil, nil
	k.safe = nil
	k.items = make([]item, len(c.items))
	for i, it := range c.items {
		k.items[i] = item{kind: it.kind, start: it.start, end: it.end, semi: it.semi, base: it.base, guard: it.guard}
	}
	k.methodPlans = make([]methodPlan, len(c.methodPlans))
	for i, p := range c.methodPlans {
		k.methodPlans[i] = methodPlan{how: p.how, base: p.base, key: p.key, expr: p.expr, guard: p.guard, label: p.label}
	}
	return &k
}

// forgetFiles removes the files of c's items from the file set they were
// parsed into.
func (c *cell) forgetFiles() {
	if c.fset == nil {
		return
	}
	for i := range c.items {
		if f := c.items[i].file; f != nil {
			c.fset.RemoveFile(f)
		}
	}
}

// noteEvalFile removes from fset, yaegi's file set, the files added since
// base but the last, and records the last one in the running cell's task;
// compileSrc calls it under s.compile. yaegi adds three files to its file
// set for each evaluation (to read the first token, to check build
// constraints, and to parse), and keeps the syntax tree of only the last,
// whose positions its messages name. Files follow each other in a file
// set, each one byte past the end of the one before.
func noteEvalFile(fset *token.FileSet, base int) {
	var added []*token.File
	for p := base; p < fset.Base(); {
		f := fset.File(token.Pos(p))
		if f == nil || f.Base() != p {
			return // not laid out as expected: leave it all
		}
		added = append(added, f)
		p += f.Size() + 1
	}
	if len(added) == 0 {
		return
	}
	for _, f := range added[:len(added)-1] {
		fset.RemoveFile(f)
	}
	if t := rt.Current(); t != nil {
		if info, ok := t.Data.(*taskInfo); ok && info.cell != nil {
			info.files = append(info.files, added[len(added)-1])
		}
	}
}
