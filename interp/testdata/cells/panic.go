// A panic ends the program with its message, as Go does, and the
// traceback names each frame by its cell's execution count and line
// ("In [2], line 8, in div"), innermost first.
package main

import "fmt"

func div(a, b int) int {
	return a / b
}

func main() {
	fmt.Println("before")
	fmt.Println(div(1, 0))
}

// Output:
// before
// panic: runtime error: integer divide by zero
// In [2], line 9, in div
//    9 | 	return a / b
// In [2], line 14, in main
//   14 | 	fmt.Println(div(1, 0))
