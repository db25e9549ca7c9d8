package interp

import (
	"fmt"
	"go/ast"
	"go/types"
	"strings"
)

// methodValue lowers a method value of a compiled package's type that is
// not called at once (`sub := client.Submit`, `f(wg.Done)`) to a func
// literal over the receiver, evaluated where the method value was:
//
//	func() func(any, ...any) *futures.Future { __mv1 := (client); return func(__mv1_0 any, __mv1_1 ...any) *futures.Future { return __mv1.Submit(__mv1_0, __mv1_1...) } }()
//
// yaegi v0.16.1 gives such a method value the type of the method
// expression, receiver first, so assigning it fails with "reflect.Set:
// value of type func(*futures.Client, ...) is not assignable". A method
// whose signature names a package the cell cannot name (one no cell
// imported) is left as it is. Calls, and the go and defer statements'
// calls, are not method values: they stay (see compiledMethod).
func (r *rewriter) methodValue(sel *ast.SelectorExpr) {
	if r.c.checked == nil || len(r.stack) == 0 {
		return
	}
	if call, ok := r.stack[len(r.stack)-1].(*ast.CallExpr); ok && call.Fun == sel {
		return
	}
	s := r.c.checked.Info.Selections[sel]
	if s == nil || s.Kind() != types.MethodVal || len(s.Index()) != 1 || types.IsInterface(s.Recv()) {
		return
	}
	m := s.Obj()
	if m.Pkg() == nil || m.Pkg().Path() == "main" {
		return
	}
	msig, _ := m.Type().(*types.Signature)
	sig, _ := s.Type().(*types.Signature)
	if msig == nil || msig.Recv() == nil || sig == nil {
		return
	}
	named := true
	q := func(p *types.Package) string {
		if p.Path() == "main" {
			return ""
		}
		if local, ok := r.c.localName(p.Path()); ok {
			return local
		}
		named = false
		return p.Name()
	}
	r.tmp++
	recv := fmt.Sprintf("__mv%d", r.tmp)
	var params, args []string
	for i := 0; i < sig.Params().Len(); i++ {
		name := fmt.Sprintf("%s_%d", recv, i)
		t := sig.Params().At(i).Type()
		if sig.Variadic() && i == sig.Params().Len()-1 {
			params = append(params, name+" ..."+types.TypeString(t.(*types.Slice).Elem(), q))
			args = append(args, name+"...")
			continue
		}
		params = append(params, name+" "+types.TypeString(t, q))
		args = append(args, name)
	}
	var results []string
	for i := 0; i < sig.Results().Len(); i++ {
		results = append(results, types.TypeString(sig.Results().At(i).Type(), q))
	}
	if !named {
		return
	}
	res := strings.Join(results, ", ")
	if len(results) > 1 {
		res = "(" + res + ")"
	}
	ret := ""
	if len(results) > 0 {
		ret = "return "
	}
	take := receiverTake(msig, s)
	fn := fmt.Sprintf("func(%s) %s", strings.Join(params, ", "), res)
	r.c.insert(r.off(sel.X.Pos()), fmt.Sprintf("func() func(%s) %s { %s := %s(", strings.Join(params, ", "), res, recv, take))
	r.c.replace(r.off(sel.X.End()), r.off(sel.End()),
		fmt.Sprintf("); return %s { %s%s.%s(%s) } }()", fn, ret, recv, sel.Sel.Name, strings.Join(args, ", ")))
}

// localName returns the name the cell knows the package of path by: by
// its own imports, else an earlier cell's.
func (c *cell) localName(path string) (string, bool) {
	best := ""
	consider := func(local, p string) {
		if p == path && local != "_" && local != "." && (best == "" || local < best) {
			best = local
		}
	}
	for local, p := range c.ownImports() {
		consider(local, p)
	}
	if best == "" && c.importsAll != nil {
		for local, p := range c.importsAll() {
			consider(local, p)
		}
	}
	return best, best != ""
}
