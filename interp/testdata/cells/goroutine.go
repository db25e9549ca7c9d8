// go statements are rewritten to recover their panics; each goroutine
// still sees its own per-iteration loop variable. A method of a compiled
// type runs on the receiver the go statement evaluated.
package main

import (
	"fmt"
	"reflect"
	"sync"
)

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
	var wg sync.WaitGroup
	wg.Add(2)
	go wg.Done() // a pointer method of an addressable value
	pw := &wg
	go pw.Done() // through the pointer
	wg.Wait()
	results := make(chan int, 1)
	rv := reflect.ValueOf(results)
	prv := &rv
	go prv.Send(reflect.ValueOf(3)) // a value method through a pointer
	fmt.Println("waited", <-results)
}

// Output:
// 5
// args[1 2]
// waited 3
