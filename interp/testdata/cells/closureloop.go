// Closures made in loops and run by something else than the loop: by an
// operand after the literal, by goroutines a function starts, by a
// compiled function, and in a loop made with goto. yaegi v0.16.1 writes
// the slot of a closure's literal back when the closure returns, so the
// loop could read an earlier closure, or a nil func, where it made a new
// one; the rewrite makes each such closure in a frame of its own.
package main

import (
	"fmt"
	"sort"
	"sync"
)

func callIt(f func() int) int {
	if f == nil {
		return -1
	}
	return f()
}

// operands calls the previous iteration's closure after making the next.
func operands() []int {
	var prev func() int
	var out []int
	for k := 0; k < 3; k++ {
		pair := []any{func() int { return 10 * k }, callIt(prev)}
		prev = pair[0].(func() int)
		out = append(out, prev(), pair[1].(int))
	}
	return out
}

func start(wg *sync.WaitGroup, f func()) {
	wg.Add(1)
	go func() {
		defer wg.Done()
		f()
	}()
}

// goroutines hands each iteration's closure to a goroutine.
func goroutines(n int) int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	sum := 0
	for k := 0; k < n; k++ {
		add := func() {
			mu.Lock()
			sum += k
			mu.Unlock()
		}
		start(&wg, add)
	}
	wg.Wait()
	return sum
}

// compiled hands each iteration's closure to sort.Slice.
func compiled() [][]int {
	var out [][]int
	for _, xs := range [][]int{{3, 1, 2}, {9, 7, 8}} {
		sort.Slice(xs, func(i, j int) bool { return xs[i] < xs[j] })
		out = append(out, xs)
	}
	return out
}

// withGoto loops with goto.
func withGoto() []int {
	var prev func() int
	var out []int
	k := 0
again:
	pair := []any{func() int { return k }, callIt(prev)}
	prev = pair[0].(func() int)
	out = append(out, prev(), pair[1].(int))
	if k++; k < 3 {
		goto again
	}
	return out
}

func main() {
	fmt.Println(operands())
	fmt.Println(goroutines(500))
	fmt.Println(compiled())
	fmt.Println(withGoto())
	// The same at the top level.
	var prev func() int
	var out []int
	for k := 0; k < 3; k++ {
		pair := []any{func() int { return k + 1 }, callIt(prev)}
		prev = pair[0].(func() int)
		out = append(out, prev(), pair[1].(int))
	}
	fmt.Println(out)
}

// Output:
// [0 -1 10 0 20 10]
// 124750
// [[1 2 3] [7 8 9]]
// [0 -1 1 1 2 2]
// [1 -1 2 1 3 2]
