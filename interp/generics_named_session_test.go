package interp

import "testing"

// TestGenericStdlibWithNamedTypes: the generic functions of slices and
// maps run with named slice and map types (type S []int), and with plain
// ones, whether Go 1.22's that yaegi runs from source (given their type
// arguments) or the session's own (generics/).
func TestGenericStdlibWithNamedTypes(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import (\"fmt\"; \"maps\"; \"slices\"; \"time\")\ntype S []int\ntype M map[string]int\ns := S{3, 1, 1, 2}\nxs := []int{3, 1, 1, 2}"},
		{name: "Sort, Max and Min of a named slice", cell: "t := slices.Clone(s)\nslices.Sort(t)\nfmt.Println(t, slices.Max(s), slices.Min(s), s)", stdout: "[1 1 2 3] 3 1 [3 1 1 2]\n"},
		{name: "Go 1.22's functions with a named and a plain slice", cell: "fmt.Println(slices.Contains(s, 2), slices.Index(xs, 2), slices.Equal(s, S{3, 1, 1, 2}), slices.IndexFunc(s, func(x int) bool { return x == 2 }))", stdout: "true 3 true 3\n"},
		{name: "Compact, Delete, Replace, Concat", cell: "fmt.Println(slices.Compact(S{1, 1, 2}), slices.Delete(S{1, 2, 3}, 0, 1), slices.Replace([]int{1, 2, 3}, 0, 1, 7, 8), slices.Concat(s, S{9}))", stdout: "[1 2] [2 3] [7 8 2 3] [3 1 1 2 9]\n"},
		{name: "a result of the named type keeps it", cell: "var c S = slices.Compact(S{1, 1})\nvar d S = slices.DeleteFunc(S{1, 2}, func(x int) bool { return x == 1 })\nfmt.Println(c, d)", stdout: "[1] [2]\n"},
		{name: "MinFunc, MaxFunc, Repeat, Chunk, Backward", cell: "for c := range slices.Chunk(S{1, 2, 3}, 2) { fmt.Print(c) }\nfor i, v := range slices.Backward(s) { fmt.Print(i, v) }\nfmt.Println(slices.MinFunc(s, func(a, b int) int { return a - b }), slices.MaxFunc(xs, func(a, b int) int { return a - b }), slices.Repeat(S{1}, 3))", stdout: "[1 2][3]3 22 11 10 31 3 [1 1 1]\n"},
		{name: "a named slice of another package's type", cell: "type D []time.Duration\nd := D{3, 1}\nslices.Sort(d)\nfmt.Println(d, slices.IndexFunc(d, func(x time.Duration) bool { return x == 3 }))", stdout: "[1ns 3ns] 1\n"},
		{name: "in a function", cell: "func sorted(xs S) S { ys := slices.Clone(xs); slices.Sort(ys); return ys }\nfmt.Println(sorted(S{9, 8}))", stdout: "[8 9]\n"},
		{name: "maps with a named map", cell: "m := M{\"b\": 1, \"a\": 2}\nc := maps.Clone(m)\nc[\"z\"] = 0\nfmt.Println(slices.Sorted(maps.Keys(m)), len(c), maps.Collect(maps.All(m)), maps.Equal(m, M{\"a\": 2, \"b\": 1}))", stdout: "[a b] 3 map[a:2 b:1] true\n"},
	})
}
