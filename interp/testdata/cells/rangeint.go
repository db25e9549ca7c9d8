// range over an integer, which yaegi v0.16.1 rejects with a panic.
package main

import "fmt"

func main() {
	n := 4
	for i := range n {
		fmt.Print(i)
	}
	for range 2 {
		fmt.Print("x")
	}
	for i := range count() {
		fmt.Print(i)
	}
	fmt.Println()
}

var calls int

// count is called once by the range clause.
func count() int {
	calls++
	return 2 * calls
}

// Output:
// 0123xx01
