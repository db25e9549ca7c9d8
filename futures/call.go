package futures

import (
	"context"
	"fmt"
	"reflect"
	"sync"
)

// callable describes a function type once; descriptors are cached by type.
type callable struct {
	in       []reflect.Type
	variadic bool
	wantsCtx bool // the first parameter is a context.Context: the task's ctx is passed
	nOut     int
	lastErr  bool // the last result is an error
}

var (
	callables   sync.Map // reflect.Type -> *callable
	errorType   = reflect.TypeOf((*error)(nil)).Elem()
	contextType = reflect.TypeOf((*context.Context)(nil)).Elem()
	anyType     = reflect.TypeOf((*any)(nil)).Elem()
)

func describe(t reflect.Type) *callable {
	if c, ok := callables.Load(t); ok {
		return c.(*callable)
	}
	c := &callable{variadic: t.IsVariadic(), nOut: t.NumOut()}
	for i := 0; i < t.NumIn(); i++ {
		c.in = append(c.in, t.In(i))
	}
	if len(c.in) > 0 && c.in[0] == contextType {
		c.wantsCtx = true
		c.in = c.in[1:]
	}
	c.lastErr = c.nOut > 0 && t.Out(c.nOut-1) == errorType
	callables.Store(t, c)
	return c
}

// fastCall runs the common signatures without reflection. It reports false
// when fn or args do not fit one of them.
func fastCall(fn any, args []any) (any, error, bool) {
	switch f := fn.(type) {
	case func(int) int:
		if len(args) == 1 {
			if x, ok := args[0].(int); ok {
				return f(x), nil, true
			}
		}
	case func(int, int) int:
		if len(args) == 2 {
			x, ok1 := args[0].(int)
			y, ok2 := args[1].(int)
			if ok1 && ok2 {
				return f(x, y), nil, true
			}
		}
	case func(float64) float64:
		if len(args) == 1 {
			if x, ok := args[0].(float64); ok {
				return f(x), nil, true
			}
		}
	case func(any) any:
		if len(args) == 1 {
			return f(args[0]), nil, true
		}
	case func(any, any) any:
		if len(args) == 2 {
			return f(args[0], args[1]), nil, true
		}
	case func() any:
		if len(args) == 0 {
			return f(), nil, true
		}
	case func() error:
		if len(args) == 0 {
			return nil, f(), true
		}
	case func():
		if len(args) == 0 {
			f()
			return nil, nil, true
		}
	}
	return nil, nil, false
}

// call runs fn with args (futures already replaced by results), converting
// each argument to the parameter's type.
func call(ctx context.Context, name string, fn any, args []any) (any, error) {
	if v, err, ok := fastCall(fn, args); ok {
		return v, err
	}
	fv := reflect.ValueOf(fn)
	if fv.Kind() != reflect.Func {
		return nil, fmt.Errorf("%w: %s is %T", ErrNotFunc, name, fn)
	}
	c := describe(fv.Type())
	n := len(c.in)
	switch {
	case c.variadic && len(args) < n-1:
		return nil, fmt.Errorf("futures: %s takes at least %d arguments, got %d", name, n-1, len(args))
	case !c.variadic && len(args) != n:
		return nil, fmt.Errorf("futures: %s takes %d arguments, got %d", name, n, len(args))
	}
	in := make([]reflect.Value, 0, len(args)+1)
	if c.wantsCtx {
		if ctx == nil {
			ctx = context.Background()
		}
		in = append(in, reflect.ValueOf(&ctx).Elem())
	}
	spread := true // call a variadic func with its last argument spread
	for i, a := range args {
		var t reflect.Type
		switch {
		case !c.variadic || i < n-1:
			t = c.in[i]
		case len(args) == n && i == n-1:
			// One value for the variadic parameter: pass it as the slice
			// when it converts to one, as f(xs...) would.
			if v, err := convert(a, c.in[i]); err == nil {
				in = append(in, v)
				spread = false
				continue
			}
			t = c.in[n-1].Elem()
		default:
			t = c.in[n-1].Elem()
		}
		v, err := convert(a, t)
		if err != nil {
			return nil, fmt.Errorf("futures: %s argument %d: %w", name, i+1, err)
		}
		in = append(in, v)
	}
	var out []reflect.Value
	if c.variadic && !spread {
		out = fv.CallSlice(in)
	} else {
		out = fv.Call(in)
	}
	return results(out, c.lastErr)
}

// results turns a call's results into a value and an error: (T) is T, (T,
// error) is T and the error, (error) is nil and the error, () is nil, and
// several values are a []any.
func results(out []reflect.Value, lastErr bool) (any, error) {
	var err error
	if lastErr {
		if e := out[len(out)-1]; !e.IsNil() {
			err = e.Interface().(error)
		}
		out = out[:len(out)-1]
	}
	switch len(out) {
	case 0:
		return nil, err
	case 1:
		return valueOf(out[0]), err
	}
	vs := make([]any, len(out))
	for i, o := range out {
		vs[i] = valueOf(o)
	}
	return vs, err
}

func valueOf(v reflect.Value) any {
	if v.Kind() == reflect.Interface && v.IsNil() {
		return nil
	}
	return v.Interface()
}

// convert makes a value of type t from a: as is when assignable; numbers
// between numeric types; nil as the zero value; and slices, arrays and maps
// (such as the []any of results that a []*Future becomes) element by element.
func convert(a any, t reflect.Type) (reflect.Value, error) {
	if a == nil {
		return reflect.Zero(t), nil
	}
	v := reflect.ValueOf(a)
	return convertValue(v, t)
}

func convertValue(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	if !v.IsValid() {
		return reflect.Zero(t), nil
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Zero(t), nil
		}
		v = v.Elem()
	}
	vt := v.Type()
	if vt.AssignableTo(t) {
		return v, nil
	}
	switch {
	case isNumber(vt.Kind()) && isNumber(t.Kind()):
		return v.Convert(t), nil
	case vt.ConvertibleTo(t) && vt.Kind() == t.Kind() && t.Kind() != reflect.Slice && t.Kind() != reflect.Array && t.Kind() != reflect.Map:
		return v.Convert(t), nil // named types over the same underlying kind
	}
	switch t.Kind() {
	case reflect.Slice:
		if vt.Kind() != reflect.Slice && vt.Kind() != reflect.Array {
			break
		}
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			e, err := convertValue(v.Index(i), t.Elem())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("element %d: %w", i, err)
			}
			out.Index(i).Set(e)
		}
		return out, nil
	case reflect.Array:
		if vt.Kind() != reflect.Slice && vt.Kind() != reflect.Array || v.Len() != t.Len() {
			break
		}
		out := reflect.New(t).Elem()
		for i := 0; i < v.Len(); i++ {
			e, err := convertValue(v.Index(i), t.Elem())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("element %d: %w", i, err)
			}
			out.Index(i).Set(e)
		}
		return out, nil
	case reflect.Map:
		if vt.Kind() != reflect.Map {
			break
		}
		out := reflect.MakeMapWithSize(t, v.Len())
		it := v.MapRange()
		for it.Next() {
			k, err := convertValue(it.Key(), t.Key())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("key %v: %w", it.Key(), err)
			}
			e, err := convertValue(it.Value(), t.Elem())
			if err != nil {
				return reflect.Value{}, fmt.Errorf("value at %v: %w", it.Key(), err)
			}
			out.SetMapIndex(k, e)
		}
		return out, nil
	case reflect.Struct:
		if vt.Kind() != reflect.Struct || vt.NumField() != t.NumField() {
			break
		}
		// Same shape, different types (an interpreted struct seen from two
		// places, or a struct whose any-typed fields held futures): field
		// by field.
		out := reflect.New(t).Elem()
		for i := 0; i < t.NumField(); i++ {
			if !out.Field(i).CanSet() {
				return reflect.Value{}, fmt.Errorf("cannot use %s as %s", vt, t)
			}
			e, err := convertValue(v.Field(i), t.Field(i).Type)
			if err != nil {
				return reflect.Value{}, fmt.Errorf("field %s: %w", t.Field(i).Name, err)
			}
			out.Field(i).Set(e)
		}
		return out, nil
	}
	return reflect.Value{}, fmt.Errorf("cannot use %s as %s", vt, t)
}

func isNumber(k reflect.Kind) bool {
	return k >= reflect.Int && k <= reflect.Float64
}
