package assist

// Following a selector chain through the types cells declared, whose
// methods only the declaration records know, alongside reflection, which
// knows compiled types and the values themselves.

import (
	"go/ast"
	"go/token"
	"reflect"
	"strings"

	"github.com/gofutures/gofutures/interp/internal/decls"
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
func resolveChain(sc Scope, chain []string) chainType {
	d := sc.Declared()
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
			ct.typ, _ = d.Var(name)
			ct.addressable = true
		} else if rs, _ := d.Func(name); len(rs) == 1 {
			ct.typ = rs[0]
		} else if d.Type(name) != nil {
			ct.typ = name // a conversion
		}
	}
	for _, sel := range chain[1:] {
		ct = stepChain(d, ct, sel)
	}
	return ct
}

// stepChain selects sel from a value of type ct.
func stepChain(d *decls.Index, ct chainType, sel string) chainType {
	name, call := isCall(sel)
	m, ftyp, ok := d.Member(ct.typ, name)
	switch {
	case ok && m != nil && call && len(m.Results) == 1:
		return chainType{typ: m.Results[0]}
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
		_, ptr := decls.BaseName(ct.typ)
		return chainType{typ: ftyp, rt: ft, addressable: ct.addressable || ptr}
	}
	ptr := ct.rt != nil && ct.rt.Kind() == reflect.Pointer
	return chainType{rt: walk(ct.rt, []string{sel}), addressable: !call && (ct.addressable || ptr)}
}

// methodHelp shows a method a cell declared.
func methodHelp(m *decls.Method) helpText {
	return helpText{sig: m.Sig, doc: m.Doc, source: strings.TrimSpace(m.Source)}
}

// methodDeclHelp explains the method whose name is at byte offset at in a
// method declaration, `func (r rect) Area() float64`: from the records
// when a cell has run it, else from the declaration itself.
func methodDeclHelp(sc Scope, code string, at int) (helpText, bool) {
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
	if tf := sc.Declared().Type(recv); tf != nil && tf.Methods[name] != nil {
		return methodHelp(tf.Methods[name]), true
	}
	items := sc.Items(code)
	for i := range items {
		it := &items[i]
		if fd, ok := it.Decl.(*ast.FuncDecl); ok && fd.Recv != nil && it.Off(fd.Name.Pos()) == from {
			return methodHelp(decls.MethodOf(it, fd)), true
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
