// The generic slices and maps functions with named slice and map types,
// and plain ones (generics_named.go), as Go runs them.
package main

import (
	"fmt"
	"maps"
	"slices"
	"time"
)

type S []int

type M map[string]int

type D []time.Duration

func sorted(xs S) S {
	ys := slices.Clone(xs)
	slices.Sort(ys)
	return ys
}

func main() {
	s := S{3, 1, 1, 2}
	xs := []int{3, 1, 1, 2}
	fmt.Println(sorted(s), s, slices.Max(s), slices.Min(xs))
	fmt.Println(slices.Contains(s, 2), slices.Index(xs, 2), slices.Equal(s, S{3, 1, 1, 2}))
	i, found := slices.BinarySearch(sorted(s), 2)
	fmt.Println(slices.IndexFunc(s, func(x int) bool { return x == 2 }), i, found)
	var c S = slices.Compact(S{1, 1, 2})
	fmt.Println(c, slices.Delete(S{1, 2, 3}, 0, 1), slices.Replace([]int{1, 2, 3}, 0, 1, 7, 8), slices.Concat(s, S{9}))
	fmt.Println(slices.DeleteFunc(S{1, 2}, func(x int) bool { return x == 1 }), slices.Repeat(S{1}, 3), slices.Insert(S{1, 3}, 1, 2))
	var parts []any
	for ch := range slices.Chunk(S{1, 2, 3}, 2) {
		parts = append(parts, ch)
	}
	for i, v := range slices.Backward(s) {
		parts = append(parts, fmt.Sprint(i, ":", v))
	}
	fmt.Println(parts...)
	t := slices.Clone(s)
	slices.SortFunc(t, func(a, b int) int { return b - a })
	slices.Reverse(xs)
	fmt.Println(t, xs, slices.MinFunc(s, func(a, b int) int { return a - b }))
	d := D{3, 1}
	slices.Sort(d)
	fmt.Println(d)
	m := M{"b": 1, "a": 2}
	cl := maps.Clone(m)
	cl["z"] = 0
	fmt.Println(slices.Sorted(maps.Keys(m)), len(cl), maps.Collect(maps.All(m)), maps.Equal(m, M{"a": 2, "b": 1}))
	vs := slices.Collect(maps.Values(m))
	slices.Sort(vs)
	fmt.Println(vs)
}

// Output:
// [1 1 2 3] [3 1 1 2] 3 1
// true 3 true
// 3 2 true
// [1 2] [2 3] [7 8 2 3] [3 1 1 2 9]
// [2] [1 1 1] [1 2 3]
// [1 2] [3] 3:2 2:1 1:1 0:3
// [3 2 1 1] [2 1 1 3] 1
// [1ns 3ns]
// [a b] 3 map[a:2 b:1] true
// [1 2]
