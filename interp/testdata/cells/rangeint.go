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
	fmt.Println()
}

// Output:
// 0123xx
