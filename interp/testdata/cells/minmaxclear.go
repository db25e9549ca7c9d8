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
}

// Output:
// 1 2.5 a 0 [0 0 0]
