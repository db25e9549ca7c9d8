package interp

import (
	"go/ast"
	"go/types"
	"strings"
)

// Calls of the generic standard library (slices, maps).
//
// yaegi v0.16.1 runs slices and maps from Go 1.22's source, whose functions
// are generic over a slice or map type (func Contains[S ~[]E, E
// comparable](s S, v E)); it fails to infer their type arguments, for
// []int as for a named type ("undefined type for E"), but runs them given
// the arguments. go/types has checked the call against Go's real packages
// and inferred them, so the rewrite writes them out:
//
//	slices.Contains(s, 2)  ->  slices.Contains[S, int](s, 2)
//
// The functions the session adds (generics/, see generics.go) take []E
// and map[K]V instead: they get the type arguments of their type
// parameters, which have the names of Go's (E, K, V), and a value of a
// named type (type S []int) as its underlying type, which shares the
// slice's array or the map, and a result of the named type is converted
// back:
//
//	slices.Sort(s)           ->  slices.Sort[int](([]int)(s))
//	t := slices.Clip(s)      ->  t := (S)(slices.Clip[S, int](s))   (Go 1.22's: unchanged but for its arguments)
//
// A type that cannot be written in the cell (its package not imported
// under a name) is left as it is.

// genericCall rewrites call when it calls a generic function of package
// slices or maps.
func (r *rewriter) genericCall(call *ast.CallExpr) {
	if r.c.checked == nil || r.c.checked.Info == nil {
		return
	}
	info := r.c.checked.Info
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return // explicit type arguments, slices.Max[S](s), are left to the user
	}
	fn, ok := info.Uses[sel.Sel].(*types.Func)
	if !ok || fn.Pkg() == nil || (fn.Pkg().Path() != "slices" && fn.Pkg().Path() != "maps") {
		return
	}
	qual := r.c.typeQualifier()
	inst, ok := info.Instances[sel.Sel]
	if !ok || inst.TypeArgs.Len() == 0 {
		return
	}
	// The type arguments, by the name of Go's type parameter.
	byName := map[string]string{}
	var goArgs []string
	tparams := fn.Type().(*types.Signature).TypeParams()
	for i := 0; i < inst.TypeArgs.Len() && i < tparams.Len(); i++ {
		t := inst.TypeArgs.At(i)
		text := types.TypeString(t, qual)
		if !writable(t, map[types.Type]bool{}) || strings.Contains(text, "\x00") {
			return
		}
		byName[tparams.At(i).Obj().Name()] = text
		goArgs = append(goArgs, text)
	}
	own, isOwn := ownGeneric(fn.Pkg().Path(), fn.Name())
	if !isOwn {
		r.c.insert(r.off(sel.End()), "["+strings.Join(goArgs, ", ")+"]")
		return
	}
	var args []string
	for _, name := range own {
		if byName[name] == "" {
			args = nil
			break
		}
		args = append(args, byName[name])
	}
	if len(args) > 0 {
		r.c.insert(r.off(sel.End()), "["+strings.Join(args, ", ")+"]")
	}
	var edits []edit
	for _, a := range call.Args {
		u, ok := namedContainer(info.Types[a].Type)
		if !ok {
			continue
		}
		text := types.TypeString(u, qual)
		if !writable(u, map[types.Type]bool{}) || strings.Contains(text, "\x00") {
			return
		}
		edits = append(edits, edit{r.off(a.Pos()), r.off(a.Pos()), "(" + text + ")("}, edit{r.off(a.End()), r.off(a.End()), ")"})
	}
	if len(edits) == 0 {
		return
	}
	if res := info.Types[call].Type; res != nil {
		if _, named := namedContainer(res); named {
			text := types.TypeString(res, qual)
			if !writable(res, map[types.Type]bool{}) || strings.Contains(text, "\x00") {
				return
			}
			edits = append(edits, edit{r.off(call.Pos()), r.off(call.Pos()), "(" + text + ")("}, edit{r.off(call.End()), r.off(call.End()), ")"})
		}
	}
	r.c.edits = append(r.c.edits, edits...)
}

// namedContainer returns the underlying type of t when t is a named
// (non-generic) slice or map type.
func namedContainer(t types.Type) (types.Type, bool) {
	n, ok := t.(*types.Named)
	if !ok || n.TypeArgs().Len() > 0 || n.TypeParams().Len() > 0 {
		return nil, false
	}
	switch u := n.Underlying().(type) {
	case *types.Slice, *types.Map:
		return u, true
	}
	return nil, false
}

// typeQualifier writes a package's types with the name the session
// imported it as, and those of the cells unqualified; a type of a package
// without a name in the session gets "\x00", which callers refuse.
func (c *cell) typeQualifier() types.Qualifier {
	imports := c.sessionImports()
	return func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		for name, path := range imports {
			if path == p.Path() {
				return name
			}
		}
		return "\x00"
	}
}
