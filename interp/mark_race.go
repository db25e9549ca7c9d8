//go:build race

package interp

import "fmt"

// mark stores through rt.Mark under the race detector, which would report
// the plain store of mark.go when two goroutines run the same function.
func mark(k int, v int) string { return fmt.Sprintf("__rt.Mark(%d, %d);", k, v) }
