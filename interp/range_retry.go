package interp

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/yaegimsg"
)

// A range over an integer whose type neither the syntax nor the session's
// globals reveal (a field, a method's result, a map element, a local set
// by a call) is left to yaegi, which fails to compile it with a panic,
// "nil type". Compiling is all that happened then, so the step can be
// compiled again: learnRanges compiles copies of the step with its
// unknown ranges lowered as ranges over integers, whose `% 1` makes yaegi
// name the type of every operand that is not one, and from those types
// learns which ranges yaegi runs as they are (slices, maps, strings,
// channels), which are function iterators, which are over pointers to
// arrays (see range_arrayptr.go), and which cannot be ranged over at all;
// then the step runs.
//
// A range over a pointer that is not to an array fails to compile too,
// thanks to a guard that follows the range (see range_guard.go).

// rangeHint is what compiling taught about a range statement's operand.
type rangeHint int

const (
	hintNone     rangeHint = iota
	hintInt                // an integer
	hintNative             // something yaegi ranges over itself
	hintArrayPtr           // a pointer to an array
	hintFunc0              // hintFunc0+n: a function iterator yielding n values
)

// rangeAt is a range statement and the item that holds it; name says
// that its operand is a name that may be a pointer to an array.
type rangeAt struct {
	f    *ast.RangeStmt
	it   *item
	name bool
}

// evalRanges evaluates step k of p, learning first, or after yaegi's
// "nil type", what the step's ranges of unknown type range over. It
// returns the plan that holds what ran.
func (s *Session) evalRanges(c *cell, p *plan, k int, info *taskInfo) (*plan, error) {
	st := p.steps[k]
	if early, compiles := c.mayPointToArray(st), c.maybeInt(st) && st.kind == stepDecl && c.declaresMethod(st); early || compiles {
		// A range over a pointer to an array compiles, and then runs
		// wrongly (see range_arrayptr.go). A failed compilation would
		// leave the step's types with methods that never run (yaegi
		// v0.16.1 keeps a type's first methods when it is declared
		// again). Either way, learn before compiling for real.
		np, err := s.learnRanges(c, p, k, early)
		if err != nil {
			return p, err
		}
		p = np
	}
	_, err := s.evalStep(c, p.steps[k].src, info)
	var e *Error
	if err == nil || !errors.As(err, &e) || !e.compileNilType && !guardFailed(e.Msg) || len(c.rangesIn(st)) == 0 {
		return p, err
	}
	np, lerr := s.learnRanges(c, p, k, true)
	if lerr != nil {
		return p, lerr
	}
	if np == p { // nothing learned
		return p, err
	}
	_, err = s.evalStep(c, np.steps[k].src, info)
	return np, err
}

// learnRanges compiles copies of step k, with the names the step declares
// renamed so that the session's own are left alone, until it knows how to
// lower the step's ranges of unknown type. failed says that the step as it
// is failed with "nil type", or must be learned although it compiles; when
// it is not, the step is first compiled as it is and, when that fails with
// another error, left for compiling the step for real to report.
func (s *Session) learnRanges(c *cell, p *plan, k int, failed bool) (*plan, error) {
	st := p.steps[k]
	todo := c.rangesIn(st)
	c.probe = c.declaredIn(st)
	defer func() { c.probe = nil }()
	relower := func() *plan { return c.lower(c.rewrite(s.isUser, s.isIntGlobal, s.global, s.Source)) }
	if !failed {
		if msg, nilType := s.compileOnly(relower().steps[k].src); !nilType && !guardFailed(msg) {
			c.probe = nil
			relower()
			return p, nil
		}
	}
	if c.hints == nil {
		c.hints = map[*ast.RangeStmt]rangeHint{}
	}
	for _, r := range todo {
		c.hints[r.f] = hintInt
	}
	notRange := map[*ast.RangeStmt]string{} // the types yaegi named
	for range len(todo) + 1 {
		msg, nilType := s.compileOnly(relower().steps[k].src)
		if msg == "" {
			c.probe = nil
			return relower(), nil
		}
		if nilType {
			break
		}
		f, typ := s.blame(c, todo, msg)
		if f == nil {
			break // an error of the user's, which compiling for real reports
		}
		c.hints[f] = hintNative
		if s.learnedArrayPtr(c, typ) {
			c.hints[f] = hintArrayPtr
		}
		if ft, _ := parser.ParseExpr(typ); ft != nil {
			if ft, ok := ft.(*ast.FuncType); ok {
				if n, ok := astArity(ft); ok {
					c.hints[f] = hintFunc0 + rangeHint(n)
				}
			}
		}
		notRange[f] = typ
		if known(todo, c.hints, notRange) {
			// Compiling for real tells the rest: the copy would compile.
			c.probe = nil
			return relower(), nil
		}
	}
	// Still "nil type": name a range over what cannot be ranged over.
	for _, r := range todo {
		if typ, ok := notRange[r.f]; ok && c.hints[r.f] == hintNative && !rangeable(typ) {
			a, b := r.it.off(r.f.X.Pos()), r.it.off(r.f.X.End())
			return p, c.errorAt(a, CompileError, fmt.Sprintf("cannot range over %s (type %s)", c.src[a:b], typ))
		}
	}
	for _, r := range todo {
		delete(c.hints, r.f)
	}
	c.probe = nil
	relower()
	return p, nil
}

// known reports whether every range of todo has been blamed, and found to
// range over something that the lowering handles or yaegi ranges over.
func known(todo []rangeAt, hints map[*ast.RangeStmt]rangeHint, types map[*ast.RangeStmt]string) bool {
	for _, r := range todo {
		switch h := hints[r.f]; {
		case h == hintNative && rangeable(types[r.f]), h == hintArrayPtr, h >= hintFunc0:
		default:
			return false
		}
	}
	return true
}

// rangesIn lists the ranges of unknown type in step st.
func (c *cell) rangesIn(st step) []rangeAt {
	var out []rangeAt
	for _, r := range c.ranges {
		if off := r.it.off(r.f.For); off >= st.from && off < st.to && c.hints[r.f] == hintNone {
			out = append(out, r)
		}
	}
	return out
}

// maybeInt reports whether step st has a range of unknown type with at
// most one variable, which may be a range over an integer (with two, a
// function iterator, of a type the syntax did not show, is the likeliest
// range that yaegi fails to compile).
func (c *cell) maybeInt(st step) bool {
	for _, r := range c.rangesIn(st) {
		if r.f.Value == nil {
			return true
		}
	}
	return false
}

// declaresMethod reports whether step st declares a method.
func (c *cell) declaresMethod(st step) bool {
	for i := range c.items {
		it := &c.items[i]
		if fd, ok := it.decl.(*ast.FuncDecl); ok && fd.Recv != nil && it.start >= st.from && it.start < st.to {
			return true
		}
	}
	return false
}

// declaredIn returns the set of global names step st declares.
func (c *cell) declaredIn(st step) map[string]bool {
	names := map[string]bool{}
	for i := range c.items {
		it := &c.items[i]
		if it.start < st.from || it.start >= st.to {
			continue
		}
		switch d := it.decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				names[d.Name.Name] = true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				switch sp := sp.(type) {
				case *ast.TypeSpec:
					names[sp.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range sp.Names {
						names[n.Name] = true
					}
				}
			}
		}
		if as, ok := it.stmt.(*ast.AssignStmt); ok && as.Tok == token.DEFINE {
			for _, l := range as.Lhs {
				if id, ok := l.(*ast.Ident); ok {
					names[id.Name] = true
				}
			}
		}
	}
	return names
}

// probeName renames, in the copies learnRanges compiles, the uses of the
// names the step declares; field, method and selected names stay.
func (r *rewriter) probeName(n ast.Node) {
	switch n := n.(type) {
	case *ast.SelectorExpr:
		r.keep[n.Sel] = true
	case *ast.KeyValueExpr:
		if id, ok := n.Key.(*ast.Ident); ok {
			r.keep[id] = true
		}
	case *ast.FuncDecl:
		if n.Recv != nil {
			r.keep[n.Name] = true
		}
	case *ast.StructType, *ast.InterfaceType:
		ast.Inspect(n, func(m ast.Node) bool {
			if f, ok := m.(*ast.Field); ok {
				for _, id := range f.Names {
					r.keep[id] = true
				}
			}
			return true
		})
	case *ast.Ident:
		if r.c.probe[n.Name] && !r.keep[n] {
			r.c.replace(r.off(n.Pos()), r.off(n.End()), n.Name+"__probe")
		}
	}
}

// rangeable reports whether yaegi's spelling of a type names one that Go
// ranges over, other than an integer or a function.
func rangeable(typ string) bool {
	for _, p := range []string{"[", "*[", "map[", "chan ", "<-chan ", "chan<- "} {
		if strings.HasPrefix(typ, p) {
			return true
		}
	}
	return typ == "string"
}

// blame returns the range of todo whose header holds the position of
// yaegi's message msg and, when msg says its operand is no integer, the
// operand's type.
func (s *Session) blame(c *cell, todo []rangeAt, msg string) (*ast.RangeStmt, string) {
	abs, _, _, ok := yaegimsg.Pos(msg)
	if !ok {
		return nil, ""
	}
	in, line := c.resolve(abs)
	typ, isNot := yaegimsg.NotInt(msg)
	if in != c || !isNot {
		return nil, ""
	}
	for _, r := range todo {
		first, _ := c.position(r.it.off(r.f.For))
		last, _ := c.position(r.it.off(r.f.Body.Lbrace))
		if c.hints[r.f] == hintInt && first <= line && line <= last {
			return r.f, typ
		}
	}
	return nil, ""
}

// compileOnly compiles src without running it, returning yaegi's message
// if it fails, and whether that was a "nil type" panic.
func (s *Session) compileOnly(src string) (msg string, nilType bool) {
	defer func() {
		if r := recover(); r != nil {
			msg, nilType = fmt.Sprint(r), yaegimsg.NilType(r)
		}
	}()
	if _, err := s.compileSrc(src); err != nil {
		return err.Error(), false
	}
	return "", false
}
