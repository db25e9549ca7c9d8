// Go 1.22 per-iteration loop variables: each closure keeps its own i.
package main

import "fmt"

func main() {
	var fs []func() int
	for i := 0; i < 3; i++ {
		fs = append(fs, func() int { return i })
	}
	for _, f := range fs {
		fmt.Println(f())
	}
}

// Output:
// 0
// 1
// 2
