package futures

import "reflect"

// ResultBytes returns an estimate of the memory held by the results the
// client keeps (those of finished tasks whose futures are still
// referenced), for a dashboard. Each result counts its own size plus what
// it refers to: the bytes of its strings, len × element size for its slices,
// len × (key size + value size) for its maps, followed through pointers,
// interfaces, struct fields and array elements, but not into the elements
// of slices and maps, and each pointer counted once. Results are read
// where they are, so they must not be changed while this runs (results
// are meant to be read-only, as in Dask); it visits at most about 100,000
// values in all, so it is a lower bound for huge graphs of results.
// Results an executor keeps elsewhere (Outcome.Stored: a cluster's, held
// by its workers until gathered) count for nothing.
func (c *Client) ResultBytes() int64 {
	c.mu.Lock()
	results := make([]any, 0, c.count[Finished])
	for _, t := range c.tasks {
		if t.state != Finished || t.result == nil {
			continue
		}
		if _, elsewhere := t.result.(stored); elsewhere {
			// Kept by the executor (Outcome.Stored), not in this process;
			// the handle may refer to the executor's live state.
			continue
		}
		results = append(results, t.result)
	}
	c.mu.Unlock()
	s := sizer{seen: map[uintptr]bool{}, budget: 100_000}
	var n int64
	for _, r := range results {
		v := reflect.ValueOf(r)
		n += int64(v.Type().Size()) + s.refs(v, 0)
	}
	return n
}

// sizer walks values for ResultBytes.
type sizer struct {
	seen   map[uintptr]bool
	budget int
}

// refs returns the bytes v refers to, beyond its own size.
func (s *sizer) refs(v reflect.Value, depth int) int64 {
	if s.budget <= 0 || depth > 16 || flat(v.Type()) {
		return 0
	}
	s.budget--
	switch v.Kind() {
	case reflect.String:
		return int64(v.Len())
	case reflect.Slice:
		if v.IsNil() || !s.first(v.Pointer()) {
			return 0
		}
		return int64(v.Cap()) * int64(v.Type().Elem().Size())
	case reflect.Map:
		if v.IsNil() || !s.first(v.Pointer()) {
			return 0
		}
		t := v.Type()
		return int64(v.Len()) * int64(t.Key().Size()+t.Elem().Size())
	case reflect.Pointer:
		if v.IsNil() || !s.first(v.Pointer()) {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + s.refs(e, depth+1)
	case reflect.Interface:
		if v.IsNil() {
			return 0
		}
		e := v.Elem()
		return int64(e.Type().Size()) + s.refs(e, depth+1)
	case reflect.Struct:
		var n int64
		for i := range v.NumField() {
			n += s.refs(v.Field(i), depth+1)
		}
		return n
	case reflect.Array:
		var n int64
		for i := range v.Len() {
			n += s.refs(v.Index(i), depth+1)
		}
		return n
	}
	return 0
}

// first reports whether p is seen for the first time.
func (s *sizer) first(p uintptr) bool {
	if s.seen[p] {
		return false
	}
	s.seen[p] = true
	return true
}

// flat reports whether values of t refer to nothing: numbers, booleans,
// and arrays and structs of them.
func flat(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
		reflect.Float32, reflect.Float64, reflect.Complex64, reflect.Complex128:
		return true
	case reflect.Array:
		return flat(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !flat(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}
