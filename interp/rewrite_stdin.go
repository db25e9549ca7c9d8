package interp

import (
	"go/ast"
	"go/types"
	"io"
	"os"
	"reflect"

	"github.com/traefik/yaegi/interp"
)

// Reads of os.Stdin.
//
// yaegi gives cells the process's os.Stdin, which in a kernel is not the
// user: reading it returns nothing, or whatever the process that started
// the kernel left there. The rewrite hands a cell's reads of standard
// input to the session's reader (cellStdin, which asks the frontend for a
// line, or fails with an error saying that it does not allow input), the
// one that fmt.Scan reads too. It reads the types go/types found: every
// operand of type *os.File passed where an io.Reader is wanted (as
// bufio.NewReader, bufio.NewScanner, io.ReadAll, io.LimitReader, io.Copy
// and fmt.Fscan want one), and the operand of a call of *os.File's Read
// method, is wrapped
//
//	bufio.NewReader(os.Stdin)  ->  bufio.NewReader(__rt.Stdin(os.Stdin))
//	os.Stdin.Read(buf)         ->  __rt.Stdin(os.Stdin).Read(buf)
//
// and __rt.Stdin returns the session's reader when its argument is the
// process's os.Stdin, else its argument. os.Stdin itself stays the
// *os.File it is, for code that wants one (its Stat, Fd, a parameter of
// type *os.File); what reads it as a file, not through one of these
// calls, reads the process's standard input.

// stdinCall wraps the *os.File operands of call that are read as readers.
func (r *rewriter) stdinCall(call *ast.CallExpr) {
	if r.c.checked == nil || r.c.checked.Info == nil {
		return
	}
	info := r.c.checked.Info
	if sel, ok := call.Fun.(*ast.SelectorExpr); ok && sel.Sel.Name == "Read" && isOSFile(info.Types[sel.X].Type) {
		r.wrapStdin(sel.X)
		return
	}
	tv, ok := info.Types[call.Fun]
	if !ok || tv.IsType() || tv.Type == nil {
		return
	}
	sig, ok := tv.Type.Underlying().(*types.Signature)
	if !ok {
		return
	}
	params := sig.Params()
	for i, a := range call.Args {
		var p types.Type
		switch {
		case sig.Variadic() && i >= params.Len()-1:
			if call.Ellipsis.IsValid() {
				continue
			}
			p = params.At(params.Len() - 1).Type().(*types.Slice).Elem()
		case i < params.Len():
			p = params.At(i).Type()
		default:
			continue // f(g()) with g returning several values
		}
		if isReaderIface(p) && isOSFile(info.Types[a].Type) {
			r.wrapStdin(a)
		}
	}
}

func (r *rewriter) wrapStdin(x ast.Expr) {
	r.c.insert(r.off(x.Pos()), "__rt.Stdin(")
	r.c.insert(r.off(x.End()), ")")
}

// isOSFile reports whether t is *os.File.
func isOSFile(t types.Type) bool {
	p, ok := t.(*types.Pointer)
	if !ok {
		return false
	}
	n, ok := p.Elem().(*types.Named)
	return ok && n.Obj().Name() == "File" && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "os"
}

// isReaderIface reports whether t is an interface whose one method is
// Read, as io.Reader: what the session's reader can stand for.
func isReaderIface(t types.Type) bool {
	it, ok := t.Underlying().(*types.Interface)
	return ok && it.NumMethods() == 1 && it.Method(0).Name() == "Read"
}

// stdinSymbols gives __rt.Stdin, which returns the session's reader in
// place of the process's os.Stdin (see above).
func (s *Session) stdinSymbols() interp.Exports {
	return interp.Exports{rtPath + "/rt": {
		"Stdin": reflect.ValueOf(func(f *os.File) io.Reader {
			if f != nil && f == os.Stdin {
				return s.stdin
			}
			return f
		}),
	}}
}
