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
