package interp

import (
	"fmt"
	"go/ast"
	"go/token"
	"reflect"
	"strings"
)

// Lowering of range statements: over an integer, and over a function
// iterator, neither of which yaegi v0.16.1 runs, and over a pointer to an
// array, which it runs wrongly (see range_arrayptr.go).

// rangeStmt adds a checkpoint, lowers range over an integer to a counting
// loop and over a pointer to an array to one over a slice, and gives each iteration its own variables when the body may
// capture them.
func (r *rewriter) rangeStmt(f *ast.RangeStmt) {
	body := r.off(f.Body.Lbrace) + 1
	r.c.insert(body, checkpoint)
	var names []string
	for _, x := range []ast.Expr{f.Key, f.Value} {
		if id, ok := x.(*ast.Ident); ok && id.Name != "_" {
			names = append(names, id.Name)
		}
	}
	hint := r.c.hints[f]
	if hint == hintInt || hint == hintNone && r.isInt(f.X) {
		r.rangeInt(f, names)
		return
	}
	n, ok := r.seqArity(f.X)
	if hint >= hintFunc0 {
		n, ok = int(hint-hintFunc0), true
	}
	if ok && f.Tok != token.ASSIGN {
		r.rangeFunc(f, n)
		return
	}
	switch {
	case hint == hintArrayPtr || hint == hintNone && !ok && r.arrayPtr(f.X):
		r.rangeArrayPtr(f)
	case hint == hintNone && !ok:
		_, name := ast.Unparen(f.X).(*ast.Ident)
		r.c.ranges = append(r.c.ranges, rangeAt{f, r.it, name && !r.notPointer(f.X)})
	}
	if f.Tok == token.DEFINE && len(names) > 0 && captures(f.Body) {
		list := strings.Join(names, ", ")
		r.c.insert(body, list+" := "+list+";")
	}
}

// rangeInt lowers a range over an integer to a counting loop, in a block
// that evaluates the operand once; `% 1` makes any other operand a compile
// error (naming its type, which learnRanges reads).
func (r *rewriter) rangeInt(f *ast.RangeStmt, names []string) {
	r.tmp++
	i, n := fmt.Sprintf("__i%d", r.tmp), fmt.Sprintf("__n%d", r.tmp)
	start, label := r.loopStart(f, f.For)
	r.c.replace(start, r.off(f.X.Pos()), fmt.Sprintf("{ %s := (", n))
	r.c.replace(r.off(f.X.End()), r.off(f.Body.Lbrace),
		fmt.Sprintf("); %sfor %s := %s %% 1; %s < %s; %s++ ", label, i, n, i, n, i))
	if len(names) == 1 {
		tok := " = "
		if f.Tok == token.DEFINE {
			tok = " := "
		}
		r.c.insert(r.off(f.Body.Lbrace)+1, names[0]+tok+i+";")
	}
	r.c.insert(r.off(f.Body.Rbrace)+1, " }")
}

// seqArity reports whether x is a function iterator, func(yield func(...)
// bool), and how many values it yields: as a function literal, a global
// holding one, or a call of a global function returning one.
func (r *rewriter) seqArity(x ast.Expr) (int, bool) {
	switch x := x.(type) {
	case *ast.ParenExpr:
		return r.seqArity(x.X)
	case *ast.FuncLit:
		return astArity(x.Type)
	case *ast.Ident:
		if ft, _ := r.cellFunc(x.Name); ft != nil {
			return astArity(ft)
		}
		if v, ok := r.global(x.Name); ok && v.Kind() == reflect.Func {
			return typeArity(v.Type())
		}
	case *ast.CallExpr:
		if id, ok := x.Fun.(*ast.Ident); ok {
			if ft, decl := r.cellFunc(id.Name); ft != nil {
				if !decl || ft.Results.NumFields() != 1 {
					return 0, false
				}
				if res, ok := ft.Results.List[0].Type.(*ast.FuncType); ok {
					return astArity(res)
				}
				return 0, false
			}
			if v, ok := r.global(id.Name); ok && v.Kind() == reflect.Func && v.Type().NumOut() == 1 {
				return typeArity(v.Type().Out(0))
			}
		}
	}
	return 0, false
}

// cellFunc returns the type of the function the cell declares as name, by
// a func declaration (decl true) or a function literal assigned to it.
func (r *rewriter) cellFunc(name string) (ft *ast.FuncType, decl bool) {
	for i := range r.c.items {
		switch n := ast.Node(r.c.items[i].stmt).(type) {
		case *ast.AssignStmt:
			for k, l := range n.Lhs {
				if id, ok := l.(*ast.Ident); ok && id.Name == name && k < len(n.Rhs) {
					if lit, ok := n.Rhs[k].(*ast.FuncLit); ok {
						ft = lit.Type
					}
				}
			}
		}
		switch d := r.c.items[i].decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == name {
				return d.Type, true
			}
		case *ast.GenDecl:
			for _, sp := range d.Specs {
				if vs, ok := sp.(*ast.ValueSpec); ok {
					for k, id := range vs.Names {
						if id.Name == name && k < len(vs.Values) {
							if lit, ok := vs.Values[k].(*ast.FuncLit); ok {
								ft = lit.Type
							}
						}
					}
				}
			}
		}
	}
	return ft, false
}

// astArity is seqArity for a function type in the source.
func astArity(t *ast.FuncType) (int, bool) {
	ps := t.Params.List
	if len(ps) != 1 || len(ps[0].Names) > 1 || t.Results.NumFields() != 0 {
		return 0, false
	}
	yield, ok := ps[0].Type.(*ast.FuncType)
	if !ok || yield.Results.NumFields() != 1 || yield.Params.NumFields() > 2 {
		return 0, false
	}
	return yield.Params.NumFields(), true
}

// typeArity is seqArity for a reflect type.
func typeArity(t reflect.Type) (int, bool) {
	if t.Kind() != reflect.Func || t.NumIn() != 1 || t.NumOut() != 0 {
		return 0, false
	}
	y := t.In(0)
	if y.Kind() != reflect.Func || y.NumOut() != 1 || y.Out(0).Kind() != reflect.Bool || y.NumIn() > 2 {
		return 0, false
	}
	return y.NumIn(), true
}

// rangeFunc lowers range over a function iterator yielding n values to a
// range over the channels of __pull<n>, in a block that stops the
// iterator when the loop ends. Every statement that leaves the loop
// otherwise (return, break or continue to an outer label, goto) stops it
// first, and the function's iterator guard stops it on a panic: as in Go,
// the iterator's yield returns false (or panics, after a panic) and the
// iterator runs to its end before the code after the loop runs.
func (r *rewriter) rangeFunc(f *ast.RangeStmt, n int) {
	r.tmp++
	id := func(e ast.Expr) string {
		if e == nil {
			return "_"
		}
		return r.c.src[r.off(e.Pos()):r.off(e.End())]
	}
	k, v := id(f.Key), id(f.Value)
	next, ok, stop := fmt.Sprintf("__next%d", r.tmp), fmt.Sprintf("__ok%d", r.tmp), fmt.Sprintf("__stop%d", r.tmp)
	start, label := r.loopStart(f, f.For)
	vars := []string{k, v}[:n]
	if captures(f.Body) {
		var own []string
		for _, x := range vars {
			if x != "_" {
				own = append(own, x)
			}
		}
		if len(own) > 0 { // each iteration gets its own variables
			list := strings.Join(own, ", ")
			r.c.insert(r.off(f.Body.Lbrace)+1, list+" := "+list+";")
		}
	}
	list := strings.Join(append(vars, ok), ", ")
	r.c.replace(start, r.off(f.X.Pos()), fmt.Sprintf("{ %s, %s := __pull%d(__its, ", next, stop, n))
	r.c.replace(r.off(f.X.End()), r.off(f.Body.Lbrace),
		fmt.Sprintf("); %sfor %s := %s(); %s; %s = %s() ", label, list, next, ok, list, next))
	r.c.insert(r.off(f.Body.Rbrace)+1, "; "+stop+"() }")
	r.stopOnExit(f, stop)
	r.iterGuard()
}

// isInt reports whether x is, as far as the syntax and the session's
// globals tell, an integer: a literal, len/cap, an int conversion, integer
// arithmetic, or a name declared as an integer in the enclosing code or
// held by a global.
func (r *rewriter) isInt(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return r.isInt(x.X)
	case *ast.BinaryExpr:
		return r.isInt(x.X) || r.isInt(x.Y)
	case *ast.CallExpr:
		return r.intCall(x)
	case *ast.Ident:
		return r.intDecl(x.Name) || r.intName(x.Name)
	}
	return false
}

// intDecl reports whether the cell declares name as an integer: a
// parameter, `name := <int>`, `var name int` or a constant.
func (r *rewriter) intDecl(name string) bool {
	found := false
	for i := range r.c.items {
		n := ast.Node(r.c.items[i].stmt)
		if r.c.items[i].decl != nil {
			n = r.c.items[i].decl
		}
		ast.Inspect(n, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.Field:
				for _, id := range n.Names {
					if t, ok := n.Type.(*ast.Ident); ok && id.Name == name && intTypes[t.Name] {
						found = true
					}
				}
			case *ast.ValueSpec:
				for k, id := range n.Names {
					if id.Name != name {
						continue
					}
					if t, ok := n.Type.(*ast.Ident); ok && intTypes[t.Name] {
						found = true
					}
					if n.Type == nil && k < len(n.Values) && r.isIntLit(n.Values[k]) {
						found = true
					}
				}
			case *ast.AssignStmt:
				if n.Tok == token.DEFINE && len(n.Lhs) == len(n.Rhs) {
					for k, l := range n.Lhs {
						if id, ok := l.(*ast.Ident); ok && id.Name == name && r.isIntLit(n.Rhs[k]) {
							found = true
						}
					}
				}
			}
			return !found
		})
	}
	return found
}

// isIntLit is isInt without the name lookups, which could loop.
func (r *rewriter) isIntLit(x ast.Expr) bool {
	switch x := x.(type) {
	case *ast.BasicLit:
		return x.Kind == token.INT
	case *ast.ParenExpr:
		return r.isIntLit(x.X)
	case *ast.BinaryExpr:
		return r.isIntLit(x.X) && r.isIntLit(x.Y)
	case *ast.CallExpr:
		return r.intCall(x)
	}
	return false
}

// intCall reports whether call returns an integer: len, cap, an integer
// conversion, or a function of the cell or the session whose one result is
// an integer.
func (r *rewriter) intCall(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	if !ok {
		return false
	}
	if id.Name == "len" || id.Name == "cap" || intTypes[id.Name] {
		return true
	}
	if ft, decl := r.cellFunc(id.Name); ft != nil {
		if !decl || ft.Results.NumFields() != 1 {
			return false
		}
		t, ok := ft.Results.List[0].Type.(*ast.Ident)
		return ok && intTypes[t.Name]
	}
	if v, ok := r.global(id.Name); ok && v.Kind() == reflect.Func && v.Type().NumOut() == 1 {
		switch v.Type().Out(0).Kind() {
		case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
			reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
			return true
		}
	}
	return false
}

var intTypes = map[string]bool{
	"int": true, "int8": true, "int16": true, "int32": true, "int64": true,
	"uint": true, "uint8": true, "uint16": true, "uint32": true, "uint64": true, "uintptr": true,
	"byte": true, "rune": true,
}
