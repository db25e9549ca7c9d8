// A variable a function declares with var and the result of a generic
// call gets that result (yaegi gave it its zero value:
// rewrite_genericvar.go).
package main

import "fmt"

func id[T any](x T) T { return x }

func firstTwo[E any](xs []E) []E { return xs[:2] }

func main() {
	var n int = id(3)
	var s = id("s")
	var a, b = id(1), firstTwo([]int{4, 5, 6})
	var xs []int = firstTwo([]int{7, 8, 9})
	fmt.Println(n, s, a, b, xs)
}

// Output:
// 3 s 1 [4 5] [7 8]
