// Range over integers whose type only the compiler knows: a struct field,
// a method's result, a map element, a local set by a call into a package,
// beside ranges over a slice, a map, a string, a channel and a function
// iterator in the same function.
package main

import (
	"fmt"
	"strings"
)

type grid struct{ rows int }

func (g grid) cols() int { return g.rows + 1 }

func main() {
	g := grid{rows: 2}
	for i := range g.rows {
		fmt.Print(" r", i)
	}
	for j := range g.cols() {
		fmt.Print(" c", j)
	}
	sizes := map[string]int{"a": 2}
	for k := range sizes["a"] {
		fmt.Print(" m", k)
	}
	n := strings.Count("banana", "a")
	for i := range n {
		fmt.Print(" n", i)
	}
	fmt.Println()
	for _, x := range []int{7, 8} {
		fmt.Print(" ", x)
	}
	for k, v := range sizes {
		fmt.Print(" ", k, v)
	}
	for i, r := range "hé" {
		fmt.Print(" ", i, string(r))
	}
	ch := make(chan int, 2)
	ch <- 5
	ch <- 6
	close(ch)
	for v := range ch {
		fmt.Print(" ", v)
	}
	for v := range g.upTo() {
		fmt.Print(" f", v)
	}
	fmt.Println()
outer:
	for i := range g.cols() {
		for j := range g.rows {
			if j > i {
				continue outer
			}
			fmt.Print(" ", i, j)
		}
	}
	fmt.Println()
}

func (g grid) upTo() func(func(int) bool) {
	return func(yield func(int) bool) {
		for i := range g.rows {
			if !yield(i) {
				return
			}
		}
	}
}

// Output:
//  r0 r1 c0 c1 c2 m0 m1 n0 n1 n2
//  7 8 a2 0h 1é 5 6 f0 f1
//  0 0 1 0 1 1 2 0 2 1
