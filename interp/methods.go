package interp

// Following a selector chain through the types cells declared, whose
// methods only the declaration records know, alongside reflection, which
// knows compiled types and the values themselves.

import (
	"go/ast"
	"go/token"
	"reflect"
	"sort"
	"strings"
)

// chainType is where a selector chain leads: the type as the records
// write it ("" when they do not know it), its reflect type (nil when
// reflection cannot tell), and whether the value is addressable, which
// decides whether pointer methods apply to it.
type chainType struct {
	typ         string
	rt          reflect.Type
	addressable bool
}

// resolveChain follows chain, whose root is a user name, a variable or a
// called function.
func resolveChain(sc scope, chain []string) chainType {
	d := sc.declared()
	name, call := isCall(chain[0])
	var ct chainType
	if v, ok := sc.Value(name); ok && v.IsValid() {
		if v.Kind() == reflect.Interface && !v.IsNil() {
			v = v.Elem()
		}
		ct.rt = v.Type()
		if call {
			ct.rt = result(ct.rt)
		}
	}
	if d != nil {
		if !call {
			ct.typ, ct.addressable = d.vars[name], true
		} else if rs := d.funcs[name]; len(rs) == 1 {
			ct.typ = rs[0]
		} else if d.types[name] != nil {
			ct.typ = name // a conversion
		}
	}
	for _, sel := range chain[1:] {
		ct = d.step(ct, sel)
	}
	return ct
}

// step selects sel from a value of type ct.
func (d *declIndex) step(ct chainType, sel string) chainType {
	name, call := isCall(sel)
	m, ftyp, ok := d.member(ct.typ, name)
	switch {
	case ok && m != nil && call && len(m.results) == 1:
		return chainType{typ: m.results[0]}
	case ok && m != nil:
		return chainType{} // a method value, or a call with other than one result
	case ok:
		var ft reflect.Type
		if ct.rt != nil {
			ft = memberType(ct.rt, name)
		}
		if call {
			return chainType{rt: result(ft)}
		}
		_, ptr := baseName(ct.typ)
		return chainType{typ: ftyp, rt: ft, addressable: ct.addressable || ptr}
	}
	ptr := ct.rt != nil && ct.rt.Kind() == reflect.Pointer
	return chainType{rt: walk(ct.rt, []string{sel}), addressable: !call && (ct.addressable || ptr)}
}

// member finds the field or method sel of the type written typ, looking
// through embedded fields the shallowest first, as Go does: the method, or
// nil and the field's type.
func (d *declIndex) member(typ, sel string) (*methodFacts, string, bool) {
	if d == nil || typ == "" {
		return nil, "", false
	}
	level := []string{typ}
	seen := map[string]bool{}
	for len(level) > 0 {
		var next []string
		for _, t := range level {
			name, _ := baseName(t)
			tf := d.types[name]
			if tf == nil || seen[name] {
				continue
			}
			seen[name] = true
			if m := tf.methods[sel]; m != nil {
				return m, "", true
			}
			for _, f := range tf.fields {
				if f.name == sel {
					return nil, f.typ, true
				}
				if f.embedded {
					next = append(next, f.typ)
				}
			}
		}
		level = next
	}
	return nil, "", false
}

// members lists the fields and methods of the type written typ that a
// value of it offers: pointer methods only when the value is a pointer or
// addressable (or reaches them through an embedded pointer).
func (d *declIndex) members(typ string, addressable bool) []string {
	var out []string
	seen := map[string]bool{}
	var visit func(typ string, all bool)
	visit = func(typ string, all bool) {
		name, ptr := baseName(typ)
		tf := d.types[name]
		if tf == nil || seen[name] {
			return
		}
		seen[name] = true
		all = all || ptr
		for _, m := range tf.methods {
			if all || !m.ptr {
				out = append(out, m.name)
			}
		}
		for _, f := range tf.fields {
			out = append(out, f.name)
			if f.embedded {
				visit(f.typ, all)
			}
		}
	}
	if d != nil {
		visit(typ, addressable)
	}
	return out
}

// methodExprs lists the methods Go lets code name as T.M: those with a
// value receiver.
func (d *declIndex) methodExprs(typeName string) []string {
	var out []string
	if tf := d.typeOf(typeName); tf != nil {
		for _, m := range tf.methods {
			if !m.ptr {
				out = append(out, m.name)
			}
		}
	}
	return out
}

// typeOf returns the facts of the cell type name, or nil.
func (d *declIndex) typeOf(name string) *typeFacts {
	if d == nil {
		return nil
	}
	return d.types[name]
}

// has reports whether name is a global, function or type of the cells'.
func (d *declIndex) has(name string) bool {
	if d == nil {
		return false
	}
	_, v := d.vars[name]
	_, f := d.funcs[name]
	return v || f || d.types[name] != nil
}

// methodHelp shows a method a cell declared.
func methodHelp(m *methodFacts) helpText {
	return helpText{sig: m.sig, doc: m.doc, source: strings.TrimSpace(m.source)}
}

// methodSigs lists the signatures of the methods of the cell type name,
// sorted by method name.
func (d *declIndex) methodSigs(name string) []string {
	tf := d.typeOf(name)
	if tf == nil {
		return nil
	}
	names := make([]string, 0, len(tf.methods))
	for n := range tf.methods {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = tf.methods[n].sig
	}
	return out
}

// methodDeclHelp explains the method whose name is at byte offset at in a
// method declaration, `func (r rect) Area() float64`: from the records
// when a cell has run it, else from the declaration itself.
func methodDeclHelp(sc scope, code string, at int) (helpText, bool) {
	from, to := wordStart(code, at), wordEnd(code, at)
	before := strings.TrimRight(code[:from], " \t")
	if from == to || !strings.HasSuffix(before, ")") {
		return helpText{}, false
	}
	open := matchingParen(code, len(before)-1)
	if open < 0 {
		return helpText{}, false
	}
	head := strings.TrimRight(code[:open], " \t")
	if !strings.HasSuffix(head, "func") || wordStart(head, len(head)) != len(head)-len("func") {
		return helpText{}, false
	}
	recv, name := receiverType(code[open+1:len(before)-1]), code[from:to]
	if tf := sc.declared().typeOf(recv); tf != nil && tf.methods[name] != nil {
		return methodHelp(tf.methods[name]), true
	}
	c, err := parseCell(code)
	if err != nil {
		return helpText{}, false
	}
	for i := range c.items {
		it := &c.items[i]
		if fd, ok := it.decl.(*ast.FuncDecl); ok && fd.Recv != nil && it.off(fd.Name.Pos()) == from {
			return methodHelp(methodOf(c, it, fd)), true
		}
	}
	return helpText{}, false
}

// receiverType returns the type name in a receiver, "r *rect[T]" -> "rect".
func receiverType(recv string) string {
	s := scan(recv, 0)
	name := ""
	for {
		_, tok, lit := s.Scan()
		if tok == token.EOF || tok == token.LBRACK {
			return name
		}
		if tok == token.IDENT {
			name = lit
		}
	}
}
