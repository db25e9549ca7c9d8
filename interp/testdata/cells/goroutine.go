// go statements are rewritten to recover their panics; each goroutine
// still sees its own per-iteration loop variable.
package main

import "fmt"

func main() {
	ch := make(chan int)
	for i := range 3 {
		go func() { ch <- i * i }()
	}
	sum := 0
	for range 3 {
		sum += <-ch
	}
	fmt.Println(sum)
	done := make(chan string)
	go func(prefix string, xs ...int) { done <- fmt.Sprint(prefix, xs) }("args", 1, 2)
	fmt.Println(<-done)
}

// Output:
// 5
// args[1 2]
