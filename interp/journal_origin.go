package interp

import (
	"fmt"
	"go/ast"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// Where the declarations of a journal (journal.go) came from. A worker
// runs a journal as one cell of its own session, so a panic there would
// be named by the worker's cell and line. The journal therefore puts
// before each declaration the cell and line the kernel's cells wrote it
// at, on a line
//
//	//gofutures:cell COUNT LINE LINES
//
// (the cell's execution count, the declaration's first line in it, and
// how many lines it has), and a worker's session (Options.Journals) names
// those lines of its cell by them: "In [7], line 3, in div", as the
// kernel names a panic of the same function run in its own process.

// origin is where a declaration starts: the execution count of its cell
// and the line in it.
type origin struct{ count, line int }

// cellLine is a line directive of a journal.
var cellLine = regexp.MustCompile(`(?m)^//gofutures:cell[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]+([0-9]+)[ \t]*$`)

// recordOrigins notes where the declarations of items start, by the names
// the journal asks for them (names; "T.M" for a method); the caller holds
// s.meta.
func (s *Session) recordOrigins(c *cell, items []*item) {
	if c.count <= 0 {
		return
	}
	if s.origins == nil {
		s.origins = map[string]origin{}
	}
	for _, it := range items {
		line, _ := c.position(it.start)
		o := origin{c.count, line}
		switch d := it.decl.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil && len(d.Recv.List) == 1 {
				recv := d.Recv.List[0].Type
				if base, _ := decls.BaseName(c.src[it.off(recv.Pos()):it.off(recv.End())]); base != "" {
					s.origins[base+"."+d.Name.Name] = o
				}
				continue
			}
		}
		for _, n := range declaredNames(it.decl) {
			s.origins[n] = o
		}
		if as, ok := it.stmt.(*ast.AssignStmt); ok {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name != "_" {
					s.origins[id.Name] = o
				}
			}
		}
	}
}

// originOf returns the directive that names where the declaration of key
// (a name, or "T.M") starts, src being its text, and ahead lines into it;
// "" when it is not known.
func (s *Session) originOf(key, src string, ahead int) string {
	s.meta.Lock()
	o, ok := s.origins[key]
	s.meta.Unlock()
	if !ok {
		return ""
	}
	return fmt.Sprintf("//gofutures:cell %d %d %d\n", o.count, o.line+ahead, strings.Count(src, "\n")+1)
}

// lineOrigin maps a run of a cell's lines to the lines of another cell.
type lineOrigin struct {
	first, last int // the cell's lines
	count, line int // the first one's cell and line there
}

// journalOrigins reads the //gofutures:cell lines of src.
func journalOrigins(src string) []lineOrigin {
	var out []lineOrigin
	for _, m := range cellLine.FindAllStringSubmatchIndex(src, -1) {
		num := func(i int) int {
			n, _ := strconv.Atoi(src[m[2*i]:m[2*i+1]])
			return n
		}
		first := strings.Count(src[:m[1]], "\n") + 2 // the line after the directive
		if n := num(3); n > 0 {
			out = append(out, lineOrigin{first: first, last: first + n - 1, count: num(1), line: num(2)})
		}
	}
	return out
}

// named returns the label and line by which a traceback names line of c:
// the cell a journal's declaration came from, else c itself.
func (c *cell) named(line int) (string, int) {
	i := sort.Search(len(c.origins), func(i int) bool { return c.origins[i].last >= line })
	if i < len(c.origins) && c.origins[i].first <= line {
		o := c.origins[i]
		return fmt.Sprintf("In [%d]", o.count), o.line + line - o.first
	}
	return c.label(), line
}
