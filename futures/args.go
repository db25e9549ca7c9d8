package futures

import (
	"reflect"
	"sync"
	"unsafe"
)

// Futures among a task's arguments, at the top level or inside slices,
// arrays, maps, pointers and interface-typed struct fields, are the task's
// dependencies. When the task runs, each is replaced by its result: a
// []*Future becomes a []any of results, which call converts to the
// parameter's type ([]int, say).

var mayHold sync.Map // reflect.Type -> bool

// typeMayHoldFutures reports whether values of t can contain a *Future.
func typeMayHoldFutures(t reflect.Type) bool {
	if v, ok := mayHold.Load(t); ok {
		return v.(bool)
	}
	mayHold.Store(t, true) // provisional answer for recursive types
	r := computeMayHold(t)
	mayHold.Store(t, r)
	return r
}

func computeMayHold(t reflect.Type) bool {
	if t == futureType || t == delayedType {
		return true
	}
	switch t.Kind() {
	case reflect.Interface:
		return true
	case reflect.Slice, reflect.Array, reflect.Pointer:
		return typeMayHoldFutures(t.Elem())
	case reflect.Map:
		return typeMayHoldFutures(t.Key()) || typeMayHoldFutures(t.Elem())
	case reflect.Struct:
		for i := 0; i < t.NumField(); i++ {
			if typeMayHoldFutures(t.Field(i).Type) {
				return true
			}
		}
	}
	return false
}

// visitFutures calls fn for every future inside v.
func visitFutures(v any, fn func(*Future)) {
	switch x := v.(type) {
	case nil, int, float64, string, bool, []int, []float64, []string, Func:
	case *Future:
		fn(x)
	case []*Future:
		for _, f := range x {
			fn(f)
		}
	case []any:
		for _, e := range x {
			visitFutures(e, fn)
		}
	default:
		rv := reflect.ValueOf(v)
		if typeMayHoldFutures(rv.Type()) {
			visitValue(rv, fn, 0)
		}
	}
}

// visitValue walks v for futures. Below the first levels, each pointer,
// map and slice is walked once (seen holds those walked, made when first
// needed): a value whose pointers share or loop (a doubly linked list, an
// interpreter's syntax graph held in an interface) would otherwise be
// walked once per path to each of its parts, a number that doubles with
// each level, down to maxHashDepth. The first levels, where arguments
// usually end, are walked without the set, which would cost a map.
func visitValue(v reflect.Value, fn func(*Future), depth int) {
	var seen map[visited]bool
	walkValue(v, fn, depth, &seen)
}

// seenFrom is the depth from which walkValue keeps the set of what it saw.
const seenFrom = 3

// visited is a pointer, map or slice walked, with its type (a struct and
// its first field share an address) and length.
type visited struct {
	p unsafe.Pointer
	t reflect.Type
	n int
}

// saw reports whether v was walked already, and marks it walked.
func saw(v reflect.Value, depth int, seen *map[visited]bool) bool {
	if depth < seenFrom {
		return false
	}
	k := visited{p: v.UnsafePointer(), t: v.Type()}
	if v.Kind() == reflect.Slice {
		k.n = v.Len()
	}
	if *seen == nil {
		*seen = map[visited]bool{}
	} else if (*seen)[k] {
		return true
	}
	(*seen)[k] = true
	return false
}

func walkValue(v reflect.Value, fn func(*Future), depth int, seen *map[visited]bool) {
	if depth > maxHashDepth || !v.IsValid() || !typeMayHoldFutures(v.Type()) {
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			return
		}
		if v.Type() == futureType {
			fn((*Future)(v.UnsafePointer()))
			return
		}
		if !saw(v, depth, seen) {
			walkValue(v.Elem(), fn, depth+1, seen)
		}
	case reflect.Interface:
		if !v.IsNil() {
			walkValue(v.Elem(), fn, depth+1, seen)
		}
	case reflect.Slice, reflect.Array:
		if v.Kind() == reflect.Slice && (v.Len() == 0 || saw(v, depth, seen)) {
			return
		}
		for i := 0; i < v.Len(); i++ {
			walkValue(v.Index(i), fn, depth+1, seen)
		}
	case reflect.Map:
		if v.Len() == 0 || saw(v, depth, seen) {
			return
		}
		it := v.MapRange()
		for it.Next() {
			walkValue(it.Value(), fn, depth+1, seen)
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			walkValue(v.Field(i), fn, depth+1, seen)
		}
	}
}

// substitute returns v with every future replaced by its result, read by
// get. Containers holding futures are copied; the rest is shared.
func substitute(v any, get func(*Future) any) any {
	switch x := v.(type) {
	case *Future:
		return get(x)
	case []*Future:
		out := make([]any, len(x))
		for i, f := range x {
			out[i] = get(f)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = substitute(e, get)
		}
		return out
	case nil, int, float64, string, bool, []int, []float64, []string:
		return v
	}
	rv := reflect.ValueOf(v)
	if !typeMayHoldFutures(rv.Type()) {
		return v
	}
	return substituteValue(rv, get, 0).Interface()
}

// substituteValue rebuilds v. Containers whose element type is *Future
// become containers of any; interface-typed elements and fields receive the
// results themselves.
func substituteValue(v reflect.Value, get func(*Future) any, depth int) reflect.Value {
	if depth > maxHashDepth || !v.IsValid() || !typeMayHoldFutures(v.Type()) {
		return v
	}
	switch v.Kind() {
	case reflect.Pointer:
		if v.Type() == futureType {
			if v.IsNil() {
				return reflect.ValueOf(&v).Elem() // keep a typed nil
			}
			r := get((*Future)(v.UnsafePointer()))
			if r == nil {
				return reflect.Zero(anyType)
			}
			return reflect.ValueOf(r)
		}
		return v // pointed-to data is shared, not copied
	case reflect.Interface:
		if v.IsNil() {
			return v
		}
		return substituteValue(v.Elem(), get, depth+1)
	case reflect.Slice, reflect.Array:
		et := elemAfterSubstitution(v.Type().Elem())
		out := reflect.MakeSlice(reflect.SliceOf(et), v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			setAny(out.Index(i), substituteValue(v.Index(i), get, depth+1))
		}
		return out
	case reflect.Map:
		et := elemAfterSubstitution(v.Type().Elem())
		out := reflect.MakeMapWithSize(reflect.MapOf(v.Type().Key(), et), v.Len())
		it := v.MapRange()
		for it.Next() {
			e := substituteValue(it.Value(), get, depth+1)
			if !e.IsValid() {
				e = reflect.Zero(et)
			}
			out.SetMapIndex(it.Key(), e)
		}
		return out
	case reflect.Struct:
		return substituteStruct(v, get, depth)
	}
	return v
}

func setAny(dst, v reflect.Value) {
	if !v.IsValid() {
		dst.Set(reflect.Zero(dst.Type()))
		return
	}
	if v.Type().AssignableTo(dst.Type()) {
		dst.Set(v)
	}
}

// elemAfterSubstitution is the element type of a container once its
// futures are replaced: any for futures and for containers of futures,
// which become containers of any themselves.
func elemAfterSubstitution(et reflect.Type) reflect.Type {
	switch et.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		if typeMayHoldFutures(et) {
			return anyType
		}
	}
	return et
}

// substituteStruct replaces the futures in a struct's fields. Interface
// fields take the results in place. When a field of another type held
// futures (a []*Future field, say), the struct is rebuilt as an unnamed
// struct whose field types fit the results, which call then converts field
// by field to the parameter's struct type.
func substituteStruct(v reflect.Value, get func(*Future) any, depth int) reflect.Value {
	t := v.Type()
	vals := make([]reflect.Value, t.NumField())
	same := true
	for i := range vals {
		f := v.Field(i)
		sf := t.Field(i)
		if !sf.IsExported() || !typeMayHoldFutures(sf.Type) {
			vals[i] = f
			continue
		}
		if sf.Type.Kind() == reflect.Interface {
			if f.IsNil() {
				vals[i] = f
				continue
			}
			vals[i] = substituteValue(f.Elem(), get, depth+1)
			if !vals[i].IsValid() {
				vals[i] = reflect.Zero(sf.Type)
			}
			continue
		}
		vals[i] = substituteValue(f, get, depth+1)
		if !vals[i].IsValid() || !vals[i].Type().AssignableTo(sf.Type) {
			same = false
		}
	}
	if same {
		out := reflect.New(t).Elem()
		out.Set(v)
		for i, fv := range vals {
			if sf := t.Field(i); sf.IsExported() && typeMayHoldFutures(sf.Type) {
				setAny(out.Field(i), fv)
			}
		}
		return out
	}
	fields := make([]reflect.StructField, t.NumField())
	for i := range fields {
		sf := t.Field(i)
		if !sf.IsExported() {
			return v // cannot rebuild a struct with unexported fields
		}
		ft := sf.Type
		if vals[i].IsValid() && !vals[i].Type().AssignableTo(ft) {
			ft = vals[i].Type()
		}
		fields[i] = reflect.StructField{Name: sf.Name, Type: ft, Tag: sf.Tag}
	}
	out := reflect.New(reflect.StructOf(fields)).Elem()
	for i, fv := range vals {
		if fv.IsValid() {
			out.Field(i).Set(fv)
		}
	}
	return out
}
