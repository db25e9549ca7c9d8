// Range over pointers to arrays, which iterates the pointed-to array in
// place: a local (with a variable declared after it, which yaegi v0.16.1
// would overwrite), a global, a struct field, a function's result and a
// local set from a field, with the index only and with index and value,
// while the loop writes through the pointer.
package main

import "fmt"

type trio [3]int

type holder struct{ p *trio }

var global = &[2]string{"a", "b"}

func newTrio() *trio { return &trio{1, 2, 3} }

func main() {
	local := &[3]int{10, 20, 30}
	after := "kept"
	for i := range local {
		local[i] *= 2
	}
	fmt.Println(*local, after)
	for i, v := range local {
		if i == 0 {
			local[2] = -1 // seen by the loop: no copy of the array
		}
		fmt.Print(" ", i, v)
	}
	fmt.Println(" |", after)

	n := 0
	for i, s := range global {
		global[1] = "z"
		fmt.Print(" ", i, s)
		n++
	}
	for range global {
		n++
	}
	fmt.Println(" |", n, *global)

	h := holder{newTrio()}
	for i, v := range h.p {
		h.p[i] = v * 10
	}
	fmt.Println(*h.p)
	for i := range newTrio() {
		fmt.Print(" ", i)
	}
	for i, v := range newTrio() {
		fmt.Print(" ", i, v)
	}
	fmt.Println()

	p := h.p
	count := len(after)
	for i, v := range p {
		p[(i+1)%3] = v + 1
		fmt.Print(" ", i, v)
	}
	fmt.Println(" |", count, *p)
}

// Output:
// [20 40 60] kept
//  0 20 1 40 2 -1 | kept
//  0a 1z | 4 [a z]
// [10 20 30]
//  0 1 2 0 1 1 2 2 3
//  0 10 1 11 2 12 | 4 [13 11 12]
