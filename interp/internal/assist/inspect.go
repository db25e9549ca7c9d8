package assist

import (
	"fmt"
	"go/token"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/exports"
)

const (
	maxValueText   = 2000 // bytes of a user value's text
	maxSourceLines = 12   // lines of a user declaration at detail level 0
	ownModule      = "github.com/gofutures/gofutures/"
)

// Inspect returns help for the expression under cursor (a code point
// offset), and whether there was one: the signature and doc comment of a
// standard library, gonum, plot or project symbol, from the doc index in
// exports; the type, value and declaration of a user's name. With the
// cursor inside a call's parentheses, it explains the function called.
// detail > 0 shows long user declarations in full and links to the full
// documentation in the plain text too.
func Inspect(sc Scope, code string, cursor, detail int) (display.Bundle, bool) {
	at := ByteOffset(code, cursor)
	if h, ok := methodDeclHelp(sc, code, at); ok {
		return h.bundle(detail), true
	}
	chain, ok := chainAt(code, at)
	if !ok {
		return display.Bundle{}, false
	}
	h, ok := lookup(sc, code, chain)
	if !ok {
		return display.Bundle{}, false
	}
	return h.bundle(detail), true
}

// chainAt returns the selector chain that ends with the identifier at
// byte offset at (x.y.z when at is inside z), or the chain naming the
// function of the innermost call whose parentheses hold at.
func chainAt(code string, at int) ([]string, bool) {
	from, to := wordStart(code, at), wordEnd(code, at)
	if from == to || inLiteral(code, at) {
		open := unclosedParen(code, at)
		if open < 0 {
			return nil, false
		}
		to = len(strings.TrimRight(code[:open], " \t"))
		from = wordStart(code, to)
	}
	name := code[from:to]
	if !isIdentifier(name) {
		return nil, false
	}
	chain, _ := selectorBefore(code, from)
	return append(chain, name), true
}

// unclosedParen returns the offset of the innermost "(" before at that is
// still open at at, or -1.
func unclosedParen(code string, at int) int {
	s := scan(code, 0)
	var open []int
	for {
		pos, tok, _ := s.Scan()
		if tok == token.EOF || offset(pos) >= at {
			break
		}
		switch tok {
		case token.LPAREN:
			open = append(open, offset(pos))
		case token.RPAREN:
			if len(open) > 0 {
				open = open[:len(open)-1]
			}
		}
	}
	if len(open) == 0 {
		return -1
	}
	return open[len(open)-1]
}

// helpText is what inspect shows about one symbol.
type helpText struct {
	sig     string   // declaration or "name type"
	doc     string   // doc comment
	value   string   // a user value, printed
	source  string   // a user declaration
	methods []string // a user type's methods, by signature
	link    string   // full documentation on pkg.go.dev
}

// lookup finds help for a selector chain, as the cell would resolve it: a
// user name first, then a package.
func lookup(sc Scope, code string, chain []string) (helpText, bool) {
	root, call := isCall(chain[0])
	d := sc.Declared()
	user := d.Has(root) || isUserName(sc, root)
	if len(chain) == 1 {
		switch {
		case user:
			return userHelp(sc, root)
		case isPredeclared(root):
			return docHelp("builtin", root)
		}
		if path, ok := resolvePackage(sc, cellImports(sc, code), root); ok {
			return docHelp(path, "")
		}
		return helpText{}, false
	}
	if !user && !call {
		if path, ok := resolvePackage(sc, cellImports(sc, code), root); ok {
			return packageMemberHelp(sc, path, chain[1:])
		}
	}
	last := len(chain) - 1
	if !call && last == 1 && d.Type(root) != nil { // a method expression
		if m, _, ok := d.Member(root, chain[1]); ok && m != nil {
			return methodHelp(m), true
		}
		return helpText{}, false
	}
	ct := resolveChain(sc, chain[:last])
	if m, ftyp, ok := d.Member(ct.typ, chain[last]); ok {
		if m != nil {
			return methodHelp(m), true
		}
		return helpText{sig: fmt.Sprintf("field %s %s", chain[last], ftyp)}, true
	}
	return memberHelp(ct.rt, chain[last])
}

// packageMemberHelp explains sels[0].sels[1]... inside a package.
func packageMemberHelp(pkgs Packages, path string, sels []string) (helpText, bool) {
	name, call := isCall(sels[0])
	if len(sels) == 1 {
		if h, ok := docHelp(path, name); ok {
			return h, true
		}
		if t := symbolType(pkgs.Table(path)[name]); t != nil {
			return helpText{sig: name + " " + t.String()}, true
		}
		return helpText{}, false
	}
	v, ok := pkgs.Table(path)[name]
	if !ok {
		return helpText{}, false
	}
	last := len(sels) - 1
	if IsTypeSymbol(v) && len(sels) == 2 && !call {
		return docHelp(path, name+"."+sels[last]) // a method expression
	}
	t := symbolType(v)
	if call {
		t = result(v.Type())
	}
	return memberHelp(walk(t, sels[1:last]), sels[last])
}

// memberHelp explains the field or method name of type t.
func memberHelp(t reflect.Type, name string) (helpText, bool) {
	if t == nil {
		return helpText{}, false
	}
	base := t
	if base.Kind() == reflect.Pointer {
		base = base.Elem()
	}
	if m, ok := methodByName(t, name); ok {
		if base.Name() != "" {
			if h, ok := docHelp(base.PkgPath(), base.Name()+"."+name); ok {
				return h, true
			}
		}
		mt := m.Type
		if t.Kind() != reflect.Interface {
			mt = methodValueType(mt)
		}
		return helpText{sig: fmt.Sprintf("func (%s) %s%s", t, name, strings.TrimPrefix(mt.String(), "func"))}, true
	}
	if ft := memberType(t, name); ft != nil {
		return helpText{sig: fmt.Sprintf("field %s %s", name, ft)}, true
	}
	return helpText{}, false
}

// docHelp returns the doc index entry of a package (name == "") or of one
// of its symbols.
func docHelp(path, name string) (helpText, bool) {
	key := path
	if name != "" {
		key += "." + name
	}
	e, ok := exports.Doc(key)
	if !ok {
		return helpText{}, false
	}
	h := helpText{sig: e.Sig, doc: e.Doc}
	if !strings.HasPrefix(path, ownModule) {
		h.link = "https://pkg.go.dev/" + path
		if name != "" {
			h.link += "#" + name
		}
	}
	return h, true
}

// userHelp shows a name the user declared: its type, value and source.
func userHelp(sc Scope, name string) (helpText, bool) {
	v, _ := sc.Value(name)
	src, _ := sc.Source(name)
	h := helpText{source: strings.TrimSpace(src)}
	isType := strings.HasPrefix(h.source, "type ")
	switch {
	case isType || !v.IsValid():
		h.sig = name
	case v.Kind() == reflect.Interface && !v.IsNil():
		h.sig = fmt.Sprintf("%s %s (holding %s)", name, v.Type(), v.Elem().Type())
	default:
		h.sig = name + " " + v.Type().String()
	}
	if v.IsValid() && !isType && v.Kind() != reflect.Func {
		h.value = valueText(v)
	}
	if tf := sc.Declared().Type(name); isType && tf != nil {
		h.doc, h.methods = tf.Doc, sc.Declared().MethodSigs(name)
	}
	return h, true
}

// valueText prints v for inspect, bounded, and survives a String method
// that panics.
func valueText(v reflect.Value) (s string) {
	if !v.CanInterface() {
		return ""
	}
	defer func() {
		if r := recover(); r != nil {
			s = fmt.Sprintf("(printing the value panicked: %v)", r)
		}
	}()
	x := v.Interface()
	if str, ok := x.(string); ok {
		s = fmt.Sprintf("%q", str)
	} else {
		s = fmt.Sprintf("%v", x)
	}
	if len(s) > maxValueText {
		cut := maxValueText
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return s
}

func isPredeclared(name string) bool {
	for _, p := range predeclared {
		if p == name {
			return true
		}
	}
	return false
}

// bundle renders the help as plain text and as Markdown.
func (h helpText) bundle(detail int) display.Bundle {
	source := h.source
	if lines := strings.Split(source, "\n"); detail == 0 && len(lines) > maxSourceLines {
		source = strings.Join(lines[:maxSourceLines], "\n") + "\n…"
	}
	var plain, md strings.Builder
	plain.WriteString(h.sig)
	fmt.Fprintf(&md, "```go\n%s\n```\n", h.sig)
	if h.value != "" {
		fmt.Fprintf(&plain, "\nvalue: %s", h.value)
		fmt.Fprintf(&md, "\nvalue:\n```\n%s\n```\n", h.value)
	}
	if h.doc != "" {
		fmt.Fprintf(&plain, "\n\n%s", h.doc)
		fmt.Fprintf(&md, "\n%s\n", h.doc)
	}
	if source != "" {
		fmt.Fprintf(&plain, "\n\n%s", source)
		fmt.Fprintf(&md, "\n```go\n%s\n```\n", source)
	}
	if len(h.methods) > 0 {
		list := strings.Join(h.methods, "\n")
		fmt.Fprintf(&plain, "\n\nmethods:\n%s", list)
		fmt.Fprintf(&md, "\nmethods:\n```go\n%s\n```\n", list)
	}
	if h.link != "" {
		if detail > 0 {
			fmt.Fprintf(&plain, "\n\n%s", h.link)
		}
		fmt.Fprintf(&md, "\n[Full documentation](%s)\n", h.link)
	}
	return display.Bundle{Data: map[string]any{
		display.MIMEText:     plain.String(),
		display.MIMEMarkdown: md.String(),
	}}
}
