// Range over a function iterator in a whole program.
package main

import "fmt"

func evens(limit int) func(func(int, int) bool) {
	return func(yield func(int, int) bool) {
		for i, n := 0, 0; n <= limit; i, n = i+1, n+2 {
			if !yield(i, n) {
				return
			}
		}
	}
}

func main() {
	for i, n := range evens(6) {
		fmt.Println(i, n)
	}
}

// Output:
// 0 0
// 1 2
// 2 4
// 3 6
