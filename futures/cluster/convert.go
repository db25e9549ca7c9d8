package cluster

import "reflect"

// convertTo converts an argument to its parameter's type before it is
// sent, as a local run would: the []any of results that a []*Future
// becomes to a []int, an int to a float64.
func convertTo(a any, t reflect.Type) (any, error) {
	v, err := convertValue(reflect.ValueOf(a), t)
	if err != nil {
		return nil, err
	}
	return v.Interface(), nil
}

func convertValue(v reflect.Value, t reflect.Type) (reflect.Value, error) {
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return reflect.Zero(t), nil
		}
		v = v.Elem()
	}
	if !v.IsValid() {
		return reflect.Zero(t), nil
	}
	if v.Type().AssignableTo(t) {
		return v, nil
	}
	if t.Kind() == reflect.Slice && (v.Kind() == reflect.Slice || v.Kind() == reflect.Array) {
		out := reflect.MakeSlice(t, v.Len(), v.Len())
		for i := 0; i < v.Len(); i++ {
			e, err := convertValue(v.Index(i), t.Elem())
			if err != nil {
				return reflect.Value{}, err
			}
			out.Index(i).Set(e)
		}
		return out, nil
	}
	return fit(v, t)
}
