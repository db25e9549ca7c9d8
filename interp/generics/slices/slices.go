// Package slices adds to the interpreter's slices package (yaegi v0.16.1
// runs Go 1.22's from source, without its sorting functions) the generic
// functions cells expect from Go 1.26 that it cannot run or lacks. The
// session compiles this file into the interpreter (see generics.go); it is
// never compiled into the kernel. Signatures take []E rather than S ~[]E,
// whose inference yaegi gets wrong ("undefined type for E"), and iterators
// are plain func types, since yaegi cannot import iter.
package slices

type ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

// Sort sorts x in increasing order (a stable merge sort).
func Sort[E ordered](x []E) {
	SortStableFunc(x, func(a, b E) int {
		if a < b {
			return -1
		}
		if b < a {
			return 1
		}
		return 0
	})
}

// SortFunc sorts x by cmp.
func SortFunc[E any](x []E, cmp func(a, b E) int) { SortStableFunc(x, cmp) }

// SortStableFunc sorts x by cmp, keeping the order of equal elements.
func SortStableFunc[E any](x []E, cmp func(a, b E) int) {
	if len(x) < 2 {
		return
	}
	tmp := make([]E, len(x))
	for width := 1; width < len(x); width *= 2 {
		for lo := 0; lo < len(x); lo += 2 * width {
			mid, hi := lo+width, lo+2*width
			if mid > len(x) {
				mid = len(x)
			}
			if hi > len(x) {
				hi = len(x)
			}
			i, j, k := lo, mid, lo
			for i < mid && j < hi {
				if cmp(x[j], x[i]) < 0 {
					tmp[k] = x[j]
					j++
				} else {
					tmp[k] = x[i]
					i++
				}
				k++
			}
			for i < mid {
				tmp[k] = x[i]
				i++
				k++
			}
			for j < hi {
				tmp[k] = x[j]
				j++
				k++
			}
		}
		copy(x, tmp)
	}
}

// IsSorted reports whether x is sorted in increasing order.
func IsSorted[E ordered](x []E) bool {
	for i := 1; i < len(x); i++ {
		if x[i] < x[i-1] {
			return false
		}
	}
	return true
}

// Max returns the largest element of x; it panics if x is empty.
func Max[E ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Max: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if v > m {
			m = v
		}
	}
	return m
}

// Min returns the smallest element of x; it panics if x is empty.
func Min[E ordered](x []E) E {
	if len(x) < 1 {
		panic("slices.Min: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if v < m {
			m = v
		}
	}
	return m
}

// BinarySearch searches for target in the sorted x.
func BinarySearch[E ordered](x []E, target E) (int, bool) {
	lo, hi := 0, len(x)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if x[m] < target {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo, lo < len(x) && !(target < x[lo]) && !(x[lo] < target)
}

// Collect returns the values of seq in a new slice.
func Collect[E any](seq func(yield func(E) bool)) []E {
	var out []E
	seq(func(v E) bool {
		out = append(out, v)
		return true
	})
	return out
}

// Sorted returns the values of seq in a new, sorted slice.
func Sorted[E ordered](seq func(yield func(E) bool)) []E {
	out := Collect(seq)
	Sort(out)
	return out
}

// Values returns an iterator over the elements of x.
func Values[E any](x []E) func(yield func(E) bool) {
	return func(yield func(E) bool) {
		for _, v := range x {
			if !yield(v) {
				return
			}
		}
	}
}

// The functions below stand in for those of Go 1.22's slices that yaegi
// fails to compile when called ("CFG post-order panic"), and add the
// iterator functions and others of later releases.

// Delete removes x[i:j], zeroing the elements past the new length.
func Delete[E any](x []E, i, j int) []E {
	_ = x[i:j:len(x)] // bounds check
	if i == j {
		return x
	}
	n := len(x)
	x = append(x[:i], x[j:]...)
	var zero E
	for k := len(x); k < n; k++ {
		x[:n][k] = zero
	}
	return x
}

// DeleteFunc removes the elements for which del returns true, zeroing the
// elements past the new length.
func DeleteFunc[E any](x []E, del func(E) bool) []E {
	n := 0
	for _, v := range x {
		if !del(v) {
			x[n] = v
			n++
		}
	}
	var zero E
	for k := n; k < len(x); k++ {
		x[k] = zero
	}
	return x[:n]
}

// Compact replaces runs of equal elements by one, zeroing the elements
// past the new length.
func Compact[E comparable](x []E) []E {
	return CompactFunc(x, func(a, b E) bool { return a == b })
}

// CompactFunc is Compact with eq comparing elements; it keeps the first
// of each run.
func CompactFunc[E any](x []E, eq func(a, b E) bool) []E {
	if len(x) < 2 {
		return x
	}
	n := 1
	for k := 1; k < len(x); k++ {
		if !eq(x[n-1], x[k]) {
			x[n] = x[k]
			n++
		}
	}
	var zero E
	for k := n; k < len(x); k++ {
		x[k] = zero
	}
	return x[:n]
}

// Replace replaces x[i:j] by v, zeroing the elements past the new length
// when it is shorter.
func Replace[E any](x []E, i, j int, v ...E) []E {
	_ = x[i:j] // bounds check
	tail := append([]E(nil), x[j:]...)
	n := len(x)
	out := append(append(x[:i:i], v...), tail...)
	if len(out) < n && cap(out) >= n && &out[:n][0] == &x[0] {
		var zero E
		for k := len(out); k < n; k++ {
			x[k] = zero
		}
	}
	return out
}

// Concat returns a new slice of the elements of the slices, in order.
func Concat[E any](xs ...[]E) []E {
	n := 0
	for _, x := range xs {
		n += len(x)
	}
	if n == 0 {
		return nil
	}
	out := make([]E, 0, n)
	for _, x := range xs {
		out = append(out, x...)
	}
	return out
}

// Repeat returns a new slice of x repeated count times.
func Repeat[E any](x []E, count int) []E {
	if count < 0 {
		panic("cannot be negative")
	}
	out := make([]E, 0, len(x)*count)
	for k := 0; k < count; k++ {
		out = append(out, x...)
	}
	return out
}

// MinFunc returns the first least element of x by cmp; it panics if x
// is empty.
func MinFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MinFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) < 0 {
			m = v
		}
	}
	return m
}

// MaxFunc returns the first greatest element of x by cmp; it panics if x
// is empty.
func MaxFunc[E any](x []E, cmp func(a, b E) int) E {
	if len(x) < 1 {
		panic("slices.MaxFunc: empty list")
	}
	m := x[0]
	for _, v := range x[1:] {
		if cmp(v, m) > 0 {
			m = v
		}
	}
	return m
}

// All returns an iterator over the indexes and elements of x.
func All[E any](x []E) func(yield func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i, v := range x {
			if !yield(i, v) {
				return
			}
		}
	}
}

// Backward returns an iterator over the indexes and elements of x, from
// the last.
func Backward[E any](x []E) func(yield func(int, E) bool) {
	return func(yield func(int, E) bool) {
		for i := len(x) - 1; i >= 0; i-- {
			if !yield(i, x[i]) {
				return
			}
		}
	}
}

// AppendSeq appends the values of seq to x.
func AppendSeq[E any](x []E, seq func(yield func(E) bool)) []E {
	seq(func(v E) bool {
		x = append(x, v)
		return true
	})
	return x
}

// Chunk returns an iterator over consecutive sub-slices of x of n
// elements, the last shorter; it panics if n is less than 1.
func Chunk[E any](x []E, n int) func(yield func([]E) bool) {
	if n < 1 {
		panic("cannot be less than 1")
	}
	return func(yield func([]E) bool) {
		for i := 0; i < len(x); i += n {
			end := i + n
			if end > len(x) {
				end = len(x)
			}
			if !yield(x[i:end:end]) {
				return
			}
		}
	}
}
