// The min, max and clear builtins.
package main

import "fmt"

func main() {
	m := map[string]int{"a": 1, "b": 2}
	clear(m)
	s := []int{1, 2, 3}
	clear(s)
	x := 2.5
	fmt.Println(min(3, 1, 2), max(x, 1.0), min("b", "a"), len(m), s)
	fmt.Println(max(2.5, 1.0), min(1, 2.5), max(-1.5, 2), min(x, 3))
}

// Output:
// 1 2.5 a 0 [0 0 0]
// 2.5 1 2 2.5
