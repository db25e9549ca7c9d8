package typecheck

import (
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"math"
	"strings"
)

// go/types refuses a struct literal without keys of a type of another
// package whose fields are unexported. Every cell is checked as a package
// of its own, all with path "main" (which go/types compares for field and
// method access, but not here), so a type an earlier cell declared would
// be refused in `R{3}`. unexportedFields finds those literal elements;
// the check drops go/types' error for them and checks them itself, as
// go/types checks an element of a literal of the package's own type: the
// value must be assignable to the field and, when it is an untyped
// constant, representable in the field's type, with go/types' messages.

// unexportedFields returns the elements of keyless literals of earlier
// cells' struct types that go to unexported fields, with the field.
func unexportedFields(file *ast.File, info *types.Info, pkg *types.Package) map[token.Pos]*types.Var {
	out := map[token.Pos]*types.Var{}
	ast.Inspect(file, func(n ast.Node) bool {
		cl, ok := n.(*ast.CompositeLit)
		if !ok || len(cl.Elts) == 0 {
			return true
		}
		if _, keyed := cl.Elts[0].(*ast.KeyValueExpr); keyed {
			return true
		}
		t := info.Types[cl].Type
		if p, ok := t.(*types.Pointer); ok { // &T{...} elided in a literal
			t = p.Elem()
		}
		named, ok := t.(*types.Named)
		if !ok || named.Obj().Pkg() == nil || named.Obj().Pkg() == pkg || named.Obj().Pkg().Path() != pkg.Path() {
			return true
		}
		st, ok := named.Underlying().(*types.Struct)
		if !ok {
			return true
		}
		for i, e := range cl.Elts {
			if i < st.NumFields() && !st.Field(i).Exported() {
				out[e.Pos()] = st.Field(i)
			}
		}
		return true
	})
	return out
}

// fixUnexported drops go/types' errors about the elements fields lists and
// reports those whose value cannot be assigned to their field.
func fixUnexported(errs []Error, fields map[token.Pos]*types.Var, info *types.Info, file *ast.File) []Error {
	if len(fields) == 0 {
		return errs
	}
	out := errs[:0]
	for _, e := range errs {
		if fields[e.Pos] != nil && strings.HasPrefix(e.Msg, "implicit assignment to unexported field ") {
			continue
		}
		out = append(out, e)
	}
	ast.Inspect(file, func(n ast.Node) bool {
		x, ok := n.(ast.Expr)
		if !ok || fields[x.Pos()] == nil {
			return true
		}
		if _, isLit := x.(*ast.CompositeLit); isLit && info.Types[x].Type == nil {
			return true
		}
		tv, ok := info.Types[x]
		if !ok {
			return true
		}
		f := fields[x.Pos()]
		delete(fields, x.Pos()) // the outermost expression at the position
		if tv.Type == nil || tv.Type == types.Typ[types.Invalid] {
			return false
		}
		why := ""
		ok = types.AssignableTo(tv.Type, f.Type())
		if ok && tv.Value != nil && isUntyped(tv.Type) {
			why = representable(tv.Value, f.Type())
			ok = why == ""
		}
		if !ok {
			msg := fmt.Sprintf("cannot use %s as %s value in struct literal", operand(x, tv, info), dequalify(f.Type().String()))
			if why != "" {
				msg += " (" + why + ")"
			}
			out = append(out, Error{Pos: x.Pos(), Msg: msg})
		}
		return false
	})
	return out
}

func isUntyped(t types.Type) bool {
	b, ok := t.(*types.Basic)
	return ok && b.Info()&types.IsUntyped != 0
}

// operand describes x as go/types does in its messages: "300 (untyped
// int constant)", "1e100 (untyped float constant 1e+100)", "c (constant 3
// of type T)", "f (variable of type float64)", "g() (value of type T)".
func operand(x ast.Expr, tv types.TypeAndValue, info *types.Info) string {
	src, typ := types.ExprString(x), dequalify(tv.Type.String())
	switch {
	case tv.Value != nil && isUntyped(tv.Type):
		if v := tv.Value.String(); v != src {
			return fmt.Sprintf("%s (%s constant %s)", src, typ, v)
		}
		return fmt.Sprintf("%s (%s constant)", src, typ)
	case tv.Value != nil:
		return fmt.Sprintf("%s (constant %s of type %s)", src, tv.Value, typ)
	}
	desc := "type " + typ
	if kind := compositeKind(tv.Type); kind != "" {
		desc = kind + " " + desc
	}
	if id, ok := ast.Unparen(x).(*ast.Ident); ok {
		if _, isVar := info.Uses[id].(*types.Var); isVar {
			return fmt.Sprintf("%s (variable of %s)", src, desc)
		}
	}
	return fmt.Sprintf("%s (value of %s)", src, desc)
}

// compositeKind is how go/types says what a named type is made of, in
// "variable of struct type P"; "" for a type without a name or a basic one.
func compositeKind(t types.Type) string {
	switch t.(type) {
	case *types.Named, *types.Alias:
	default:
		return ""
	}
	switch t.Underlying().(type) {
	case *types.Struct:
		return "struct"
	case *types.Map:
		return "map"
	case *types.Slice:
		return "slice"
	case *types.Array:
		return "array"
	case *types.Pointer:
		return "pointer"
	case *types.Signature:
		return "func"
	case *types.Interface:
		return "interface"
	case *types.Chan:
		return "chan"
	}
	return ""
}

// representable says why the untyped constant v cannot be a value of
// type t, as go/types does ("overflows", "truncated"), or "" when it can.
func representable(v constant.Value, t types.Type) string {
	b, ok := t.Underlying().(*types.Basic)
	if !ok {
		return ""
	}
	info := b.Info()
	switch {
	case info&types.IsInteger != 0:
		i := constant.ToInt(v)
		if i.Kind() != constant.Int {
			return "truncated"
		}
		bits := map[types.BasicKind]uint{types.Int8: 8, types.Int16: 16, types.Int32: 32, types.Int64: 64,
			types.Uint8: 8, types.Uint16: 16, types.Uint32: 32, types.Uint64: 64}[b.Kind()]
		if bits == 0 {
			bits = 64 // int, uint, uintptr on the 64-bit machines the kernel runs on
		}
		if info&types.IsUnsigned != 0 {
			if constant.Sign(i) < 0 || constant.BitLen(i) > int(bits) {
				return "overflows"
			}
		} else {
			lo := constant.Shift(constant.MakeInt64(-1), token.SHL, bits-1)
			hi := constant.BinaryOp(constant.UnaryOp(token.SUB, lo, 0), token.SUB, constant.MakeInt64(1))
			if constant.Compare(i, token.LSS, lo) || constant.Compare(i, token.GTR, hi) {
				return "overflows"
			}
		}
	case info&types.IsFloat != 0:
		f := constant.ToFloat(v)
		if f.Kind() == constant.Unknown {
			return "truncated"
		}
		x, _ := constant.Float64Val(f)
		if b.Kind() == types.Float32 {
			y, _ := constant.Float32Val(f)
			x = float64(y)
		}
		if math.IsInf(x, 0) {
			return "overflows"
		}
	case info&types.IsComplex != 0:
		c := constant.ToComplex(v)
		if c.Kind() != constant.Complex && c.Kind() != constant.Float && c.Kind() != constant.Int {
			return "truncated"
		}
	}
	return ""
}
