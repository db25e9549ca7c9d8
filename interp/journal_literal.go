package interp

import (
	"errors"
	"fmt"
	"go/types"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// literal writes v, a value of the checked type t, as a Go expression of
// that type that evaluates nothing of the user's: basic values, and
// slices, arrays, maps and structs of them; nil pointers, functions,
// channels and interfaces. Map entries are sorted, so that equal values
// give equal text (the journal's ID is a hash of it).
func literal(v reflect.Value, t types.Type, q types.Qualifier) (string, error) {
	var sb strings.Builder
	if err := writeLiteral(&sb, v, t, q, 0); err != nil {
		return "", err
	}
	return sb.String(), nil
}

func writeLiteral(sb *strings.Builder, v reflect.Value, t types.Type, q types.Qualifier, depth int) error {
	if depth > 64 {
		return errors.New("nested too deeply")
	}
	for v.IsValid() && v.Kind() == reflect.Interface && !isInterface(t) {
		v = v.Elem()
	}
	if !v.IsValid() {
		return fmt.Errorf("no value of type %s", types.TypeString(t, q))
	}
	name := types.TypeString(t, q)
	switch u := t.Underlying().(type) {
	case *types.Basic:
		lit, err := basicLiteral(v, u)
		if err != nil {
			return err
		}
		sb.WriteString(name + "(" + lit + ")")
	case *types.Slice:
		if v.Kind() != reflect.Slice {
			return fmt.Errorf("a %s held as %s", name, v.Kind())
		}
		if v.IsNil() {
			sb.WriteString(name + "(nil)")
			return nil
		}
		return writeElems(sb, name, v, u.Elem(), q, depth)
	case *types.Array:
		if v.Kind() != reflect.Array {
			return fmt.Errorf("a %s held as %s", name, v.Kind())
		}
		return writeElems(sb, name, v, u.Elem(), q, depth)
	case *types.Map:
		if v.Kind() != reflect.Map {
			return fmt.Errorf("a %s held as %s", name, v.Kind())
		}
		if v.IsNil() {
			sb.WriteString(name + "(nil)")
			return nil
		}
		type entry struct{ k, v string }
		entries := make([]entry, 0, v.Len())
		it := v.MapRange()
		for it.Next() {
			var kb, vb strings.Builder
			if err := writeLiteral(&kb, it.Key(), u.Key(), q, depth+1); err != nil {
				return err
			}
			if err := writeLiteral(&vb, it.Value(), u.Elem(), q, depth+1); err != nil {
				return err
			}
			entries = append(entries, entry{kb.String(), vb.String()})
		}
		sort.Slice(entries, func(i, j int) bool { return entries[i].k < entries[j].k })
		sb.WriteString(name + "{")
		for i, e := range entries {
			if i > 0 {
				sb.WriteString(", ")
			}
			sb.WriteString(e.k + ": " + e.v)
		}
		sb.WriteString("}")
	case *types.Struct:
		if n, ok := types.Unalias(t).(*types.Named); ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() != "main" {
			for i := range u.NumFields() {
				if !u.Field(i).Exported() {
					return fmt.Errorf("%s has unexported fields", name)
				}
			}
		}
		if v.Kind() != reflect.Struct || v.NumField() != u.NumFields() {
			return fmt.Errorf("a %s held as %s", name, v.Type())
		}
		sb.WriteString(name + "{")
		for i := range u.NumFields() {
			if i > 0 {
				sb.WriteString(", ")
			}
			f := u.Field(i)
			if f.Embedded() {
				sb.WriteString(embeddedName(f.Type()) + ": ")
			} else {
				sb.WriteString(f.Name() + ": ")
			}
			if err := writeLiteral(sb, v.Field(i), f.Type(), q, depth+1); err != nil {
				return err
			}
		}
		sb.WriteString("}")
	case *types.Pointer, *types.Signature, *types.Chan, *types.Interface:
		if canNil(v) && v.IsNil() {
			sb.WriteString("(" + name + ")(nil)")
			return nil
		}
		return fmt.Errorf("a non-nil %s", kindName(u))
	default:
		return fmt.Errorf("a value of type %s", name)
	}
	return nil
}

func writeElems(sb *strings.Builder, name string, v reflect.Value, elem types.Type, q types.Qualifier, depth int) error {
	sb.WriteString(name + "{")
	for i := range v.Len() {
		if i > 0 {
			sb.WriteString(", ")
		}
		if err := writeLiteral(sb, v.Index(i), elem, q, depth+1); err != nil {
			return err
		}
	}
	sb.WriteString("}")
	return nil
}

func basicLiteral(v reflect.Value, b *types.Basic) (string, error) {
	info := b.Info()
	switch {
	case info&types.IsBoolean != 0 && v.Kind() == reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case info&types.IsString != 0 && v.Kind() == reflect.String:
		return strconv.Quote(v.String()), nil
	case info&types.IsInteger != 0 && v.CanInt():
		return strconv.FormatInt(v.Int(), 10), nil
	case info&types.IsInteger != 0 && v.CanUint() && b.Kind() != types.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), nil
	case info&types.IsFloat != 0 && v.CanFloat():
		return floatLiteral(v.Float())
	case info&types.IsComplex != 0 && v.CanComplex():
		c := v.Complex()
		re, err := floatLiteral(real(c))
		if err != nil {
			return "", err
		}
		im, err := floatLiteral(imag(c))
		if err != nil {
			return "", err
		}
		return "complex(" + re + ", " + im + ")", nil
	}
	return "", fmt.Errorf("a %s held as %s", b.Name(), v.Kind())
}

func floatLiteral(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("the float %v", f)
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if math.Signbit(f) && f == 0 {
		return "", errors.New("the float -0")
	}
	return s, nil
}

func isInterface(t types.Type) bool {
	_, ok := t.Underlying().(*types.Interface)
	return ok
}

func canNil(v reflect.Value) bool {
	switch v.Kind() {
	case reflect.Pointer, reflect.Func, reflect.Chan, reflect.Interface, reflect.Map, reflect.Slice, reflect.UnsafePointer:
		return true
	}
	return false
}

func kindName(t types.Type) string {
	switch t.(type) {
	case *types.Pointer:
		return "pointer"
	case *types.Signature:
		return "function"
	case *types.Chan:
		return "channel"
	}
	return "interface value"
}

func embeddedName(t types.Type) string {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return n.Obj().Name()
	}
	return fmt.Sprint(t)
}
