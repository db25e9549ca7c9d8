// Invalid Go is refused before anything runs, with go/types' messages at
// the lines of the cell (here a whole program), all of them, as go build
// prints them: a value of the wrong type, two results for one name, an
// undefined name.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	fmt.Println("not printed")
	n := 5
	var s string = n
	one := strconv.Atoi("7")
	fmt.Println(s, one, undefinedName)
}

// Output:
// CompileError: cell:15:17: cannot use n (variable of type int) as string value in variable declaration
// cell:16:9: assignment mismatch: 1 variable but strconv.Atoi returns 2 values
// cell:17:22: undefined: undefinedName
//   15 | 	var s string = n
//      | 	               ^
//   16 | 	one := strconv.Atoi("7")
//      | 	       ^
//   17 | 	fmt.Println(s, one, undefinedName)
//      | 	                    ^
