package futures_test

import (
	"errors"
	"fmt"
	"runtime"

	"github.com/gofutures/gofutures/futures"
)

// Dask's client.map(scale, xs, k=10): an argument that is not a slice goes
// whole to every task.
func ExampleClient_Map_broadcast() {
	c := futures.NewClient()
	defer c.Close()

	scale := func(x, k int) int { return x * k }
	fmt.Println(c.Gather(c.Map(scale, []int{1, 2, 3}, 10)))
	// Output:
	// [10 20 30] <nil>
}

// As dask.delayed's, a Delayed's key is its own unless it is pure: a
// Submit of the same call after a Compute runs again.
func ExampleDelay_pure() {
	c := futures.NewClient()
	defer c.Close()

	runs := 0
	count := func(x int) int { runs++; return x }
	c.Compute(futures.Delay(count, 1)).Result()
	c.Submit(count, 1).Result()
	fmt.Println("impure:", runs)

	p := c.Compute(futures.Delay(count, 2, futures.Pure(true)))
	fmt.Println("pure:", p.Key() == c.Submit(count, 2).Key())
	// Output:
	// impure: 2
	// pure: true
}

// A Compute holds its intermediate results only while a task still needs
// them: once the total is known, it alone is in memory.
func ExampleClient_Compute_memory() {
	c := futures.NewClient()
	defer c.Close()

	x := futures.Delay(inc, 1)
	y := futures.Delay(double, x)
	total := c.Compute(futures.Delay(add, x, y))
	fmt.Println(total.Result())
	fmt.Println("held:", c.Counts().Finished)
	// Output:
	// 6 <nil>
	// held: 1
}

// Cancelling a task blocked for ever (on a channel, in select {}) ends its
// future at once, and a new worker takes its slot.
func ExampleFuture_Cancel_running() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	started := make(chan bool)
	never := make(chan int)
	defer close(never) // before Close: the abandoned goroutine ends
	stuck := c.Submit(func() int { started <- true; return <-never })
	<-started
	stuck.Cancel()
	fmt.Println(stuck.Status())
	fmt.Println(stuck.Result())
	fmt.Println(c.Submit(inc, 1).Result()) // the only slot is free again
	// Output:
	// cancelled
	// <nil> futures: cancelled
	// 2 <nil>
}

// A task that depends on a failed one fails with a DependencyError naming
// the task that failed first.
func ExampleDependencyError() {
	c := futures.NewClient()
	defer c.Close()

	check := func(x int) (int, error) { return 0, fmt.Errorf("bad input %d", x) }
	a := c.Submit(check, 3, futures.Key("check-3"))
	b := c.Submit(inc, a)
	d := c.Submit(double, b)
	_, err := d.Result()
	fmt.Println(err)
	var de *futures.DependencyError
	fmt.Println(errors.As(err, &de), de.Key)
	// Output:
	// futures: dependency check-3 failed: bad input 3
	// true check-3
}

// runtime.Goexit in a task ends it with ErrGoexit instead of leaving it
// running.
func ExampleErrGoexit() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	f := c.Submit(func() int { runtime.Goexit(); return 0 })
	_, err := f.Result()
	fmt.Println(errors.Is(err, futures.ErrGoexit), f.Status())
	fmt.Println(c.Submit(inc, 1).Result())
	// Output:
	// true error
	// 2 <nil>
}
