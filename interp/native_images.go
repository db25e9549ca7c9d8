package interp

import (
	"reflect"

	"github.com/gofutures/gofutures/interp/internal/native"
)

// Values crossing into compiled cells whose types are reflect's images of
// the compiled ones (interp/internal/native/images.go): the interpreter
// makes a type without a name, such as map[string][]P of a compiled P,
// with reflect; when it did so before a compiled cell that uses the same
// type was loaded, the cell's type is another, of the same text and
// shape. reflect's Call refuses a value of the one for a parameter of the
// other, and a type assertion in compiled code fails on it. So a compiled
// function whose signature has such a type, or that takes an interface
// while its cell asserts types without names, is given to the interpreter
// wrapped: the wrapper has the signature the interpreter sees, converts
// each argument to the compiled type (the same value, retyped: a map or
// slice is shared, not copied), a value in an interface parameter whose
// type is the image of one the cells assert included, and each result
// back to the interpreter's. Other functions are given as they are, and
// cost nothing more. Values inside other values (a []any of images) are
// not converted.

// boundaries wraps the functions of compiled cell c that need it; images
// are the types the compiled cells so far assert, by their text. The
// caller holds s.mu.
func (s *Session) boundaries(c *native.Compiled) {
	if s.nat.images == nil {
		s.nat.images = map[string][]reflect.Type{}
	}
	addImages(s.nat.images, c.Images)
	images := make(map[string][]reflect.Type, len(s.nat.images)) // the wrappers' own: cells add to the session's
	for k, v := range s.nat.images {
		images[k] = v
	}
	pkg := c.Package + "/cell"
	var own map[string]reflect.Value
	for name, fn := range c.Symbols[pkg] {
		w, ok := boundary(fn, images)
		if !ok {
			continue
		}
		if own == nil { // the table may be other sessions' too: a copy
			own = make(map[string]reflect.Value, len(c.Symbols[pkg]))
			for k, v := range c.Symbols[pkg] {
				own[k] = v
			}
		}
		own[name] = w
	}
	if own == nil {
		return
	}
	syms := make(native.Symbols, len(c.Symbols))
	for k, v := range c.Symbols {
		syms[k] = v
	}
	syms[pkg] = own
	c.Symbols = syms
}

// addImages adds the types ts to images, by their text.
func addImages(images map[string][]reflect.Type, ts []reflect.Type) {
	for _, t := range ts {
		images[t.String()] = append(images[t.String()], t)
	}
}

// imagesByText is the types ts by their text.
func imagesByText(ts []reflect.Type) map[string][]reflect.Type {
	images := map[string][]reflect.Type{}
	addImages(images, ts)
	return images
}

// boundary returns fn wrapped to convert the values that cross it, and
// whether it needs to be.
func boundary(fn reflect.Value, images map[string][]reflect.Type) (reflect.Value, bool) {
	if fn.Kind() != reflect.Func {
		return fn, false
	}
	ft := fn.Type()
	ins, outs := make([]reflect.Type, ft.NumIn()), make([]reflect.Type, ft.NumOut())
	need := false
	for i := range ins {
		ins[i] = imageOf(ft.In(i))
		need = need || ins[i] != ft.In(i) || len(images) > 0 && takesInterface(ft, i)
	}
	for i := range outs {
		outs[i] = imageOf(ft.Out(i))
		need = need || outs[i] != ft.Out(i)
	}
	if !need {
		return fn, false
	}
	variadic := ft.IsVariadic()
	w := reflect.MakeFunc(reflect.FuncOf(ins, outs, variadic), func(args []reflect.Value) []reflect.Value {
		for i, a := range args {
			want := ft.In(i)
			if a.Type() != want {
				a = a.Convert(want)
			}
			switch {
			case want.Kind() == reflect.Interface:
				a, _ = toCompiled(a, want, images)
			case variadic && i == len(args)-1 && want.Elem().Kind() == reflect.Interface:
				a = toCompiledAll(a, images)
			}
			args[i] = a
		}
		var res []reflect.Value
		if variadic {
			res = fn.CallSlice(args)
		} else {
			res = fn.Call(args)
		}
		for i, r := range res {
			if r.Type() != outs[i] {
				res[i] = r.Convert(outs[i])
			}
		}
		return res
	})
	return w, true
}

// takesInterface reports whether parameter i of ft is an interface or
// variadic of interfaces.
func takesInterface(ft reflect.Type, i int) bool {
	t := ft.In(i)
	if ft.IsVariadic() && i == ft.NumIn()-1 {
		t = t.Elem()
	}
	return t.Kind() == reflect.Interface
}

// toCompiled is v, a value of interface type it, with its dynamic value
// converted to the compiled type of which its type is an image, and
// whether it was.
func toCompiled(v reflect.Value, it reflect.Type, images map[string][]reflect.Type) (reflect.Value, bool) {
	if v.IsNil() {
		return v, false
	}
	d := v.Elem()
	dt := d.Type()
	if dt.Name() != "" {
		return v, false // a named type: the process has one
	}
	for _, t := range images[dt.String()] {
		if t != dt && dt.ConvertibleTo(t) && t.Implements(it) {
			r := reflect.New(it).Elem()
			r.Set(d.Convert(t))
			return r, true
		}
	}
	return v, false
}

// toCompiledAll is toCompiled for each element of the slice v, copied if
// one changes.
func toCompiledAll(v reflect.Value, images map[string][]reflect.Type) reflect.Value {
	var out reflect.Value
	for i := range v.Len() {
		e := v.Index(i)
		c, changed := toCompiled(e, e.Type(), images)
		if !changed {
			continue
		}
		if !out.IsValid() {
			out = reflect.MakeSlice(v.Type(), v.Len(), v.Len())
			reflect.Copy(out, v)
		}
		out.Index(i).Set(c)
	}
	if out.IsValid() {
		return out
	}
	return v
}

// imageOf is the type the interpreter gets for t when it builds it with
// reflect, as it does the types without names of its values: t itself,
// unless reflect made its own before t's plugin was loaded.
func imageOf(t reflect.Type) reflect.Type {
	if t.Name() != "" {
		return t
	}
	switch t.Kind() {
	case reflect.Slice:
		return reflect.SliceOf(imageOf(t.Elem()))
	case reflect.Array:
		return reflect.ArrayOf(t.Len(), imageOf(t.Elem()))
	case reflect.Pointer:
		return reflect.PointerTo(imageOf(t.Elem()))
	case reflect.Map:
		return reflect.MapOf(imageOf(t.Key()), imageOf(t.Elem()))
	case reflect.Chan:
		return reflect.ChanOf(t.ChanDir(), imageOf(t.Elem()))
	case reflect.Func:
		ins, outs := make([]reflect.Type, t.NumIn()), make([]reflect.Type, t.NumOut())
		for i := range ins {
			ins[i] = imageOf(t.In(i))
		}
		for i := range outs {
			outs[i] = imageOf(t.Out(i))
		}
		return reflect.FuncOf(ins, outs, t.IsVariadic())
	}
	return t
}
