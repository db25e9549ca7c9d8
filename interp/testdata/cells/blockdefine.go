// Multi-value := inside a block at the top level of a cell.
package main

import (
	"fmt"
	"strconv"
)

func main() {
	for _, s := range []string{"1", "x"} {
		n, err := strconv.Atoi(s)
		fmt.Println(n, err != nil)
	}
}

// Output:
// 1 false
// 0 true
