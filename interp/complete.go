package interp

import (
	"go/parser"
	"go/scanner"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// complete returns the candidates that may replace code[start:end] at
// cursor: package members after "pkg.", fields and methods after "value.",
// import paths inside an import's quotes, and otherwise the names in scope
// (the session's, the cell's own, keywords, builtins and imported packages).
// Positions count Unicode code points, as Jupyter does.
func complete(sc scope, code string, cursor int) (matches []string, start, end int) {
	at := byteOffset(code, cursor)
	cursor = utf8.RuneCountInString(code[:at])
	from := wordStart(code, at)
	prefix := code[from:at]
	start = cursor - utf8.RuneCountInString(prefix)

	var cands []string
	if q, ok := importPathStart(code, at); ok {
		prefix = code[q:at]
		start = cursor - utf8.RuneCountInString(prefix)
		cands = availablePackages()
	} else if inLiteral(code, at) {
		return nil, start, cursor
	} else if from > 0 && code[from-1] == '.' {
		if chain, ok := selectorBefore(code, from); ok {
			cands = members(sc, code, chain)
		}
	} else {
		cands = namesInScope(sc, code, from)
	}
	return filterPrefix(cands, prefix), start, cursor
}

// inLiteral reports whether byte offset at is inside a string, rune or
// comment, where there is nothing to complete.
func inLiteral(code string, at int) bool {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(code)), []byte(code), func(token.Position, string) {}, scanner.ScanComments)
	for {
		pos, tok, lit := s.Scan()
		off := int(pos) - 1
		if tok == token.EOF || off >= at {
			return false
		}
		if tok != token.STRING && tok != token.CHAR && tok != token.COMMENT {
			continue
		}
		end := off + len(lit)
		closed := tok != token.COMMENT && len(lit) > 1 && lit[len(lit)-1] == lit[0] ||
			strings.HasPrefix(lit, "/*") && strings.HasSuffix(lit, "*/") && len(lit) > 3
		if at < end || at == end && !closed {
			return true
		}
	}
}

// byteOffset converts a cursor in code points to a byte offset into code,
// clamped to the text.
func byteOffset(code string, cursor int) int {
	if cursor <= 0 {
		return 0
	}
	i := 0
	for n := 0; n < cursor && i < len(code); n++ {
		_, size := utf8.DecodeRuneInString(code[i:])
		i += size
	}
	return i
}

func isIdentRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// wordStart returns where the identifier that ends at byte offset at begins.
func wordStart(code string, at int) int {
	for at > 0 {
		r, size := utf8.DecodeLastRuneInString(code[:at])
		if !isIdentRune(r) {
			break
		}
		at -= size
	}
	return at
}

// wordEnd returns where the identifier that starts at or runs through at ends.
func wordEnd(code string, at int) int {
	for at < len(code) {
		r, size := utf8.DecodeRuneInString(code[at:])
		if !isIdentRune(r) {
			break
		}
		at += size
	}
	return at
}

// selectorBefore returns the chain of selectors x.y.z when code[:at] ends
// with "x.y.z.", and whether it does. A selector followed by a call, as in
// x.f(a).y, is returned with the suffix "()".
func selectorBefore(code string, at int) ([]string, bool) {
	var chain []string
	for at > 0 && code[at-1] == '.' {
		end, call := at-1, ""
		if end > 0 && code[end-1] == ')' {
			open := matchingParen(code, end-1)
			if open < 0 {
				return nil, false
			}
			end, call = open, "()"
		}
		from := wordStart(code, end)
		name := code[from:end]
		if !isIdentifier(name) {
			return nil, false
		}
		chain = append([]string{name + call}, chain...)
		at = from
	}
	return chain, len(chain) > 0
}

// matchingParen returns the offset of the "(" that the ")" at close
// closes, or -1. It does not look inside literals.
func matchingParen(code string, close int) int {
	depth := 0
	for i := close; i >= 0; i-- {
		switch code[i] {
		case ')':
			depth++
		case '(':
			if depth--; depth == 0 {
				return i
			}
		}
	}
	return -1
}

// isCall splits a chain element into its name and whether it is called.
func isCall(sel string) (string, bool) {
	name, ok := strings.CutSuffix(sel, "()")
	return name, ok
}

// result is the type of calling a value of type t, when it has exactly one
// result.
func result(t reflect.Type) reflect.Type {
	if t == nil || t.Kind() != reflect.Func || t.NumOut() != 1 {
		return nil
	}
	return t.Out(0)
}

func isIdentifier(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return s != "" && !unicode.IsDigit(r) && token.IsIdentifier(s)
}

// importPathStart reports whether at is inside the quotes of an import
// spec, and where the path text begins.
func importPathStart(code string, at int) (int, bool) {
	lineStart := strings.LastIndexByte(code[:at], '\n') + 1
	line := code[lineStart:at]
	q := strings.IndexByte(line, '"')
	if q < 0 || strings.Count(line, `"`) != 1 {
		return 0, false
	}
	head := strings.Fields(line[:q])
	inGroup := false
	if i := strings.LastIndex(code[:lineStart], "import ("); i >= 0 {
		inGroup = !strings.Contains(code[i:lineStart], ")")
	}
	switch {
	case len(head) >= 1 && head[0] == "import" && len(head) <= 2:
	case inGroup && len(head) <= 1:
	default:
		return 0, false
	}
	return lineStart + q + 1, true
}

// cellImports maps local package names to import paths: the session's
// imports, then those at the top of the cell being edited.
func cellImports(sc scope, code string) map[string]string {
	imports := sc.Imports()
	f, _ := parser.ParseFile(token.NewFileSet(), "", "package p\n"+code, parser.ImportsOnly)
	if f == nil {
		return imports
	}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		name := packageName(p)
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name != "_" && name != "." {
			imports[name] = p
		}
	}
	return imports
}

// resolvePackage returns the import path a local package name stands for:
// an import of the session or the cell, or else the one available package
// with that name, so that help works before the import has run.
func resolvePackage(imports map[string]string, name string) (string, bool) {
	if p, ok := imports[name]; ok {
		return p, true
	}
	found := ""
	for _, p := range availablePackages() {
		if packageName(p) == name {
			if found != "" {
				return "", false
			}
			found = p
		}
	}
	return found, found != ""
}

// members lists what may follow chain and a dot.
func members(sc scope, code string, chain []string) []string {
	imports := cellImports(sc, code)
	if path, ok := resolvePackage(imports, chain[0]); ok && !isUserName(sc, chain[0]) {
		table := packageTable(path)
		if len(chain) == 1 {
			var out []string
			for name := range table {
				if !strings.HasPrefix(name, "_") {
					out = append(out, name)
				}
			}
			return out
		}
		name, call := isCall(chain[1])
		v, ok := table[name]
		if !ok {
			return nil
		}
		if call {
			return typeMembers(walk(result(v.Type()), chain[2:]))
		}
		t := symbolType(v)
		if t == nil {
			return nil
		}
		if isTypeSymbol(v) && len(chain) == 2 {
			return methodNames(t) // method expressions, T.Method
		}
		return typeMembers(walk(t, chain[2:]))
	}
	name, call := isCall(chain[0])
	v, ok := sc.Value(name)
	if !ok || !v.IsValid() {
		return nil
	}
	if v.Kind() == reflect.Interface && !v.IsNil() {
		v = v.Elem()
	}
	t := v.Type()
	if call {
		t = result(t)
	}
	return typeMembers(walk(t, chain[1:]))
}

func isUserName(sc scope, name string) bool {
	_, ok := sc.Value(name)
	return ok
}

// walk follows field and method selectors from t, returning the type they
// lead to, or nil when one of them is unknown.
func walk(t reflect.Type, sels []string) reflect.Type {
	for _, sel := range sels {
		if t == nil {
			return nil
		}
		name, call := isCall(sel)
		t = memberType(t, name)
		if call {
			t = result(t)
		}
	}
	return t
}

// memberType is the type of t.name: a field's type, or a method's type
// without its receiver.
func memberType(t reflect.Type, name string) reflect.Type {
	if m, ok := methodByName(t, name); ok {
		if t.Kind() == reflect.Interface {
			return m.Type
		}
		return methodValueType(m.Type)
	}
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if fieldName(st, f) == name {
				return f.Type
			}
		}
	}
	return nil
}

// methodValueType drops the receiver from a method expression's type.
func methodValueType(t reflect.Type) reflect.Type {
	in := make([]reflect.Type, 0, t.NumIn()-1)
	for i := 1; i < t.NumIn(); i++ {
		in = append(in, t.In(i))
	}
	out := make([]reflect.Type, 0, t.NumOut())
	for i := range t.NumOut() {
		out = append(out, t.Out(i))
	}
	return reflect.FuncOf(in, out, t.IsVariadic())
}

func methodByName(t reflect.Type, name string) (reflect.Method, bool) {
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		t = reflect.PointerTo(t) // variables are addressable
	}
	return t.MethodByName(name)
}

// typeMembers lists the fields and methods a value of type t offers.
func typeMembers(t reflect.Type) []string {
	if t == nil {
		return nil
	}
	out := methodNames(t)
	st := t
	if st.Kind() == reflect.Pointer {
		st = st.Elem()
	}
	if st.Kind() == reflect.Struct {
		for _, f := range reflect.VisibleFields(st) {
			if name := fieldName(st, f); name != "" {
				out = append(out, name)
			}
		}
	}
	return out
}

func methodNames(t reflect.Type) []string {
	if t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface {
		t = reflect.PointerTo(t)
	}
	out := make([]string, 0, t.NumMethod())
	for i := range t.NumMethod() {
		out = append(out, t.Method(i).Name)
	}
	return out
}

// fieldName returns the name by which code selects field f of struct type
// st, or "" when it cannot. yaegi builds interpreted struct types with
// reflect.StructOf, which has no unexported fields, so it exports a field
// "name" as "Xname"; fieldName undoes that for such unnamed types.
func fieldName(st reflect.Type, f reflect.StructField) string {
	if !f.IsExported() {
		return ""
	}
	if st.Name() == "" && len(f.Name) > 1 && f.Name[0] == 'X' {
		if r, _ := utf8.DecodeRuneInString(f.Name[1:]); unicode.IsLower(r) || r == '_' {
			return f.Name[1:]
		}
	}
	return f.Name
}

// namesInScope lists every name that may start an expression at offset
// from: the session's names, the cell's own identifiers, imported packages,
// keywords and the predeclared identifiers.
func namesInScope(sc scope, code string, from int) []string {
	out := append([]string(nil), sc.Names()...)
	for name := range cellImports(sc, code) {
		out = append(out, name)
	}
	out = append(out, cellIdents(code, from)...)
	out = append(out, goKeywords...)
	return append(out, predeclared...)
}

// cellIdents returns the identifiers written in code, except the one
// being typed at offset at.
func cellIdents(code string, at int) []string {
	var s scanner.Scanner
	fset := token.NewFileSet()
	s.Init(fset.AddFile("", -1, len(code)), []byte(code), func(token.Position, string) {}, 0)
	var out []string
	for {
		pos, tok, lit := s.Scan()
		if tok == token.EOF {
			return out
		}
		if tok == token.IDENT && int(pos)-1 != at {
			out = append(out, lit)
		}
	}
}

var goKeywords = func() []string {
	var out []string
	for tok := token.BREAK; tok <= token.VAR; tok++ {
		if tok.IsKeyword() {
			out = append(out, tok.String())
		}
	}
	return out
}()

var predeclared = strings.Fields(`any bool byte comparable complex64 complex128 error
	float32 float64 int int8 int16 int32 int64 rune string uint uint8 uint16 uint32
	uint64 uintptr true false iota nil append cap clear close complex copy delete
	imag len make max min new panic print println real recover`)

// filterPrefix returns the distinct candidates that start with prefix,
// sorted; when none does, those that start with it ignoring case.
func filterPrefix(cands []string, prefix string) []string {
	pick := func(match func(string) bool) []string {
		seen := map[string]bool{}
		var out []string
		for _, c := range cands {
			if c != "" && !seen[c] && match(c) {
				seen[c] = true
				out = append(out, c)
			}
		}
		sort.Strings(out)
		return out
	}
	out := pick(func(c string) bool { return strings.HasPrefix(c, prefix) })
	if len(out) == 0 && prefix != "" {
		lower := strings.ToLower(prefix)
		out = pick(func(c string) bool { return strings.HasPrefix(strings.ToLower(c), lower) })
	}
	return out
}
