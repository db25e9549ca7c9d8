// A package type (sync.WaitGroup) used from a function, with goroutines
// writing to per-iteration slots.
package main

import (
	"fmt"
	"sync"
)

func main() {
	var wg sync.WaitGroup
	res := make([]int, 3)
	for i := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			res[i] = i * i
		}()
	}
	wg.Wait()
	fmt.Println(res)
}

// Output:
// [0 1 4]
