// a, b := T{...}, v: yaegi v0.16.1 silently leaves b at zero.
package main

import "fmt"

type T struct{ A int }

func main() {
	t, w := T{1}, 5
	fmt.Println(t.A, w)
}

// Output:
// 1 5
