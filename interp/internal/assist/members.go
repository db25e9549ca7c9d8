package assist

// What follows a dot: the members of a package from the symbol tables, and
// the fields and methods of a value's type by reflection.

import (
	"go/parser"
	"go/token"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// cellImports maps local package names to import paths: the session's
// imports, then those at the top of the cell being edited.
func cellImports(sc Scope, code string) map[string]string {
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
		name := sc.Name(p)
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
func resolvePackage(pkgs Packages, imports map[string]string, name string) (string, bool) {
	if p, ok := imports[name]; ok {
		return p, true
	}
	found := ""
	for _, p := range pkgs.Paths() {
		if pkgs.Name(p) == name {
			if found != "" {
				return "", false
			}
			found = p
		}
	}
	return found, found != ""
}

// members lists what may follow chain and a dot.
func members(sc Scope, code string, chain []string) []string {
	d := sc.Declared()
	if root, _ := isCall(chain[0]); d.Has(root) {
		return userMembers(sc, d, chain)
	}
	if path, ok := resolvePackage(sc, cellImports(sc, code), chain[0]); ok && !isUserName(sc, chain[0]) {
		table := sc.Table(path)
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
		if IsTypeSymbol(v) && len(chain) == 2 {
			return methodNames(t) // method expressions, T.Method
		}
		return typeMembers(walk(t, chain[2:]))
	}
	return userMembers(sc, d, chain)
}

// userMembers lists what may follow chain and a dot when chain starts
// with a user name.
func userMembers(sc Scope, d *decls.Index, chain []string) []string {
	name, call := isCall(chain[0])
	if !call && len(chain) == 1 && d.Type(name) != nil {
		return d.MethodExprs(name)
	}
	ct := resolveChain(sc, chain)
	return append(typeMembers(ct.rt), d.Members(ct.typ, ct.addressable)...)
}

func isUserName(sc Scope, name string) bool {
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

// result is the type of calling a value of type t, when it has exactly one
// result.
func result(t reflect.Type) reflect.Type {
	if t == nil || t.Kind() != reflect.Func || t.NumOut() != 1 {
		return nil
	}
	return t.Out(0)
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
