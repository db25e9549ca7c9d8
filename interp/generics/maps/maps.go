// Package maps adds to the interpreter's maps package (Go 1.22's, run by
// yaegi v0.16.1 from source) the iterator functions of Go 1.23, with plain
// func types for iter.Seq, which yaegi cannot import. The session compiles
// this file into the interpreter (see generics.go).
package maps

// Keys returns an iterator over the keys of m, in no given order.
func Keys[K comparable, V any](m map[K]V) func(yield func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// Values returns an iterator over the values of m, in no given order.
func Values[K comparable, V any](m map[K]V) func(yield func(V) bool) {
	return func(yield func(V) bool) {
		for _, v := range m {
			if !yield(v) {
				return
			}
		}
	}
}
