package interp

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"iter"
	"strconv"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/decls"
	"github.com/gofutures/gofutures/interp/internal/typecheck"
)

// A cell is split at its top-level semicolons (written or implied by a
// newline) into items, each an import, a declaration or a statement, and
// each item is parsed on its own with go/parser. Positions are kept as byte
// offsets into the cell, so that every message can name the cell's own
// line and column.

type itemKind int

const (
	itemImport itemKind = iota
	itemDecl            // func, type, const or var at the top level
	itemStmt
)

// item is one top-level piece of a cell.
type item struct {
	kind       itemKind
	start, end int  // byte offsets in the cell; end excludes the terminator
	semi       bool // ended with a written ';'
	decl       ast.Decl
	stmt       ast.Stmt
	base       int // offset in the parsed text where the item starts
	file       *token.File
	guard      bool // has a range-over-func loop outside functions (see iterGuard)
}

// cell is a parsed cell.
type cell struct {
	src     string
	fset    *token.FileSet // the items' files
	items   []item
	program bool // began with a package clause
	lines   []int
	edits   []edit // sorted by offset once rewrite is done

	ranges []rangeAt                    // ranges over operands of unknown type
	hints  map[*ast.RangeStmt]rangeHint // what compiling taught about them
	probe  map[string]bool              // names to rename (see learnRanges)

	methodPlans []methodPlan // the methods it declares (rewrite_method.go)

	checked *typecheck.Result // what the type checker found (typecheck.go)

	no      int                      // the cell's number in its session (see at)
	count   int                      // its execution count, by which tracebacks name it
	origins []lineOrigin             // a worker's journal: where its lines came from (journal_origin.go)
	lookup  func(int) *cell          // an earlier cell of the session by number, or nil
	imports func(name string) string // the path of a package earlier cells imported as name, or ""
	// importsAll returns the packages earlier cells imported, by name.
	importsAll func() map[string]string

	funcs map[linecol]funcEntry // instrumented functions, by their entry (see rewrite_pos.go)
	// firsts holds, by line, the offsets of the statements that are the
	// first and only ones that may panic in functions without checkpoint.
	firsts map[int][]int
	slots  map[int]int // slot of rt.Lines by function body (see cell.slot)
	// newSlot gives a slot of the session's rt.Lines; record sets it.
	newSlot func() int
	top     int             // slot of rt.Lines + 1 of the top-level statements; 0 if none
	safe    map[string]bool // the cell's functions, whether they cannot panic
	// safeGlobal reports whether an earlier cell's function cannot panic.
	safeGlobal func(name string) bool
}

// resolve maps a line number yaegi reports to the cell it belongs to and
// the line in that cell; the cell is nil when it is not known.
func (c *cell) resolve(abs int) (*cell, int) {
	no, line := abs/cellLines, abs%cellLines
	if no == c.no {
		return c, line
	}
	if c.lookup != nil {
		return c.lookup(no), line
	}
	return nil, line
}

// where names a position of a compile error: "cell:L:C" in c, "In [N],
// line L, column C" in another cell of the session.
func (c *cell) where(in *cell, line, col int) string {
	if in == c {
		return fmt.Sprintf("cell:%d:%d", line, col)
	}
	return fmt.Sprintf("%s, line %d, column %d", in.label(), line, col)
}

// frame names a frame of a traceback, as IPython does: "In [N], line L,
// in fn", without the function for the cell's top-level code.
func (c *cell) frame(line int, fn string) string {
	label, line := c.named(line)
	if fn == "" || fn == "cell" {
		return fmt.Sprintf("%s, line %d", label, line)
	}
	return fmt.Sprintf("%s, line %d, in %s", label, line, fn)
}

// label names the cell by its execution count: "In [7]".
func (c *cell) label() string {
	if c.count <= 0 {
		return "In [ ]"
	}
	return fmt.Sprintf("In [%d]", c.count)
}

// off converts a position inside it's parsed text to a cell offset.
func (it *item) off(p token.Pos) int { return it.file.Offset(p) - it.base + it.start }

// tok is one scanned token.
type tok struct {
	t   token.Token
	off int
	lit string
}

// parseCell splits and parses src. A syntax error is returned as *Error.
func parseCell(src string) (*cell, error) { return parseCellIn(src, token.NewFileSet()) }

// parseCellIn parses src into fset, its items in source order, so that
// their positions grow in source order (as the type checker needs).
func parseCellIn(src string, fset *token.FileSet) (*cell, error) {
	c := &cell{src: src, lines: lineStarts(src), fset: fset}
	toks, err := c.scan()
	if err != nil {
		return nil, err
	}
	for i := 0; i < len(toks); {
		j := i
		depth := 0
		header := -1 // depth of an if/for/switch header, whose ';' do not end the item
		for ; j < len(toks); j++ {
			switch toks[j].t {
			case token.IF, token.FOR, token.SWITCH:
				if header < 0 {
					header = depth
				}
			case token.LBRACE:
				if header == depth {
					header = -1
				}
				depth++
			case token.LPAREN, token.LBRACK:
				depth++
			case token.RPAREN, token.RBRACE, token.RBRACK:
				depth--
			}
			if depth <= 0 && header < 0 && toks[j].t == token.SEMICOLON {
				break
			}
		}
		group := toks[i:j]
		semi := j < len(toks) && toks[j].lit == ";"
		end := len(src)
		if j < len(toks) {
			end = toks[j].off
		}
		i = j + 1
		if len(group) == 0 {
			continue
		}
		if group[0].t == token.PACKAGE && len(c.items) == 0 && !c.program {
			c.program = true
			continue
		}
		it := item{kind: classify(group), start: group[0].off, end: end, semi: semi}
		if err := c.parseItem(&it); err != nil {
			return nil, err
		}
		if it.decl != nil || it.stmt != nil {
			c.items = append(c.items, it)
		}
	}
	return c, nil
}

// scan tokenizes the cell, reporting the first scanner error.
func (c *cell) scan() ([]tok, error) {
	fset := token.NewFileSet()
	f := fset.AddFile("cell", -1, len(c.src))
	var first error
	var s scanner.Scanner
	s.Init(f, []byte(c.src), func(pos token.Position, msg string) {
		if first == nil {
			first = c.errorAt(pos.Offset, SyntaxError, msg)
		}
	}, 0)
	var toks []tok
	for {
		pos, t, lit := s.Scan()
		if t == token.EOF {
			break
		}
		toks = append(toks, tok{t, f.Offset(pos), lit})
	}
	return toks, first
}

// classify tells a declaration from a statement by its first tokens. A
// func is a declaration when a name follows it, or a receiver and a name.
func classify(g []tok) itemKind {
	switch g[0].t {
	case token.IMPORT:
		return itemImport
	case token.TYPE, token.CONST, token.VAR:
		return itemDecl
	case token.FUNC:
		if len(g) > 1 && g[1].t == token.IDENT {
			return itemDecl
		}
		if len(g) > 1 && g[1].t == token.LPAREN {
			depth := 0
			for k := 1; k < len(g); k++ {
				switch g[k].t {
				case token.LPAREN:
					depth++
				case token.RPAREN:
					depth--
				}
				if depth == 0 {
					if k+2 < len(g) && g[k+1].t == token.IDENT && g[k+2].t == token.LPAREN {
						return itemDecl // a method
					}
					return itemStmt // a function literal
				}
			}
		}
	}
	return itemStmt
}

const (
	declPrefix = "package main\n"
	stmtPrefix = "package main\nfunc _() {\n"
)

// parseItem parses one item with go/parser.
func (c *cell) parseItem(it *item) error {
	text := c.src[it.start:it.end]
	fset := c.fset
	prefix, suffix := declPrefix, "\n"
	if it.kind == itemStmt {
		prefix, suffix = stmtPrefix, "\n}\n"
	}
	it.base = len(prefix)
	f, err := parser.ParseFile(fset, "cell", prefix+text+suffix, parser.SkipObjectResolution)
	if err != nil {
		var list scanner.ErrorList
		if ok := asErrorList(err, &list); ok && len(list) > 0 {
			off := list[0].Pos.Offset - it.base + it.start
			off = min(max(off, it.start), len(c.src))
			return c.errorAt(off, SyntaxError, list[0].Msg)
		}
		return c.errorAt(it.start, SyntaxError, err.Error())
	}
	it.file = fset.File(f.Pos())
	if it.kind == itemStmt {
		body := f.Decls[0].(*ast.FuncDecl).Body.List
		if len(body) > 1 {
			return c.errorAt(it.off(body[1].Pos()), SyntaxError, "unexpected statement")
		}
		if len(body) == 1 {
			if _, empty := body[0].(*ast.EmptyStmt); !empty {
				it.stmt = body[0]
			}
		}
		return nil
	}
	if len(f.Decls) != 1 {
		if len(f.Decls) == 0 {
			return nil
		}
		return c.errorAt(it.off(f.Decls[1].Pos()), SyntaxError, "unexpected declaration")
	}
	it.decl = f.Decls[0]
	return nil
}

func asErrorList(err error, list *scanner.ErrorList) bool {
	l, ok := err.(scanner.ErrorList)
	*list = l
	return ok
}

// lineStarts returns the offset at which each line of src begins.
func lineStarts(src string) []int {
	starts := []int{0}
	for i := 0; i < len(src); i++ {
		if src[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// position returns the 1-based line and column (in bytes) of offset off.
func (c *cell) position(off int) (line, col int) {
	lo, hi := 0, len(c.lines)
	for hi-lo > 1 {
		m := (lo + hi) / 2
		if c.lines[m] <= off {
			lo = m
		} else {
			hi = m
		}
	}
	return lo + 1, off - c.lines[lo] + 1
}

// line returns the text of the 1-based line n, or "".
func (c *cell) line(n int) string {
	if n < 1 || n > len(c.lines) {
		return ""
	}
	s := c.src[c.lines[n-1]:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// importPath returns the path of the package the cell knows as name: by
// its own imports, else the session's; "" when none.
func (c *cell) importPath(name string) string {
	for local, path := range c.ownImports() {
		if local == name {
			return path
		}
	}
	if c.imports != nil {
		return c.imports(name)
	}
	return ""
}

// ownImports yields the local name and path of each import the cell makes.
func (c *cell) ownImports() iter.Seq2[string, string] {
	return func(yield func(string, string) bool) {
		for i := range c.items {
			gd, ok := c.items[i].decl.(*ast.GenDecl)
			if !ok || c.items[i].kind != itemImport {
				continue
			}
			for _, sp := range gd.Specs {
				is := sp.(*ast.ImportSpec)
				path, err := strconv.Unquote(is.Path.Value)
				if err != nil {
					continue
				}
				local := path[strings.LastIndexByte(path, '/')+1:]
				if is.Name != nil {
					local = is.Name.Name
				}
				if !yield(local, path) {
					return
				}
			}
		}
	}
}

// declItems gives the declaration records what they read of items.
func (c *cell) declItems(items []*item) []decls.Item {
	out := make([]decls.Item, len(items))
	for i, it := range items {
		out[i] = decls.Item{Decl: it.decl, Stmt: it.stmt, Src: c.src, Start: it.start, End: it.end, Off: it.off}
	}
	return out
}

// textOf is the source text of n, a node of item it.
func textOf(c *cell, it *item, n ast.Node) string {
	return c.src[it.off(n.Pos()):it.off(n.End())]
}
