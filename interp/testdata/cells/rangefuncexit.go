// Leaving a range over a function iterator early (return, labeled break
// and continue, a panic) stops the iterator: its yield returns false and
// it runs to its end, defers included, before the code after the loop.
package main

import "fmt"

func count(name string, n int) func(func(int) bool) {
	return func(yield func(int) bool) {
		defer fmt.Println("cleanup", name)
		for i := 0; i < n; i++ {
			if !yield(i) {
				fmt.Println("stopped", name)
				return
			}
		}
	}
}

func pairs(yield func(string, int) bool) {
	defer fmt.Println("cleanup pairs")
	_ = yield("a", 1) && yield("b", 2) && yield("c", 3)
}

func first(limit int) int {
	for x := range count("first", 10) {
		if x >= limit {
			return x
		}
	}
	return -1
}

func found(k string) (int, bool) {
	for key, v := range pairs {
		if key == k {
			return report(v), true
		}
	}
	return 0, false
}

func report(v int) int {
	fmt.Println("report", v)
	return v
}

func nested() string {
	for x := range count("outer", 3) {
		for y := range count("inner", 3) {
			if x+y == 3 {
				return fmt.Sprint(x, y)
			}
		}
	}
	return ""
}

func panics() (msg string) {
	defer func() { msg = fmt.Sprint("recovered ", recover()) }()
	for x := range count("panics", 5) {
		if x == 1 {
			panic("boom")
		}
	}
	return "no panic"
}

func main() {
	fmt.Println("first", first(2))
	fmt.Println(found("b"))
	fmt.Println(nested())
outer:
	for i := 0; i < 3; i++ {
		for x := range count("labeled", 3) {
			if x == 1 && i == 0 {
				continue outer
			}
			if x == 1 {
				break outer
			}
			fmt.Println("i", i, "x", x)
		}
	}
loop:
	for x := range count("self", 5) {
		for y := range count("deep", 5) {
			if y == 1 {
				continue loop
			}
			if x == 2 {
				break loop
			}
		}
	}
	fmt.Println(panics())
	fmt.Println("done")
}

// Output:
// stopped first
// cleanup first
// first 2
// report 2
// cleanup pairs
// 2 true
// cleanup inner
// stopped inner
// cleanup inner
// stopped outer
// cleanup outer
// 1 2
// i 0 x 0
// stopped labeled
// cleanup labeled
// i 1 x 0
// stopped labeled
// cleanup labeled
// stopped deep
// cleanup deep
// stopped deep
// cleanup deep
// stopped deep
// cleanup deep
// stopped self
// cleanup self
// cleanup panics
// recovered boom
// done
