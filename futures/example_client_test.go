package futures_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/gofutures/gofutures/futures"
)

func ExampleNewClient() {
	c := futures.NewClient(futures.Workers(4))
	defer c.Close()
	fmt.Println(c)
	// Output: <Client: 4 workers, 0 pending, 0 running, 0 finished, 0 errors>
}

func ExampleClient_HTML() {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()
	c.Submit(inc, 1).Result()
	fmt.Println(c.HTML())
	// Output: <table class="gofutures-client"><caption>Client</caption><tr><th>Workers</th><td>2</td></tr><tr><th>Pending</th><td>0</td></tr><tr><th>Running</th><td>0</td></tr><tr><th>Finished</th><td>1</td></tr><tr><th>Errors</th><td>0</td></tr></table>
}

// Scatter puts data in the client once; tasks take it by future.
func ExampleClient_Scatter() {
	c := futures.NewClient()
	defer c.Close()

	data := c.Scatter([]float64{1, 2, 3, 4})
	mean := func(xs []float64) float64 {
		s := 0.0
		for _, x := range xs {
			s += x
		}
		return s / float64(len(xs))
	}
	max := func(xs []float64) float64 { return math.Max(math.Max(xs[0], xs[1]), math.Max(xs[2], xs[3])) }
	fmt.Println(c.Gather([]*futures.Future{c.Submit(mean, data), c.Submit(max, data)}))
	// Output: [2.5 4] <nil>
}

// Persist turns lazy calls into futures whose results stay in memory for
// later work.
func ExampleClient_Persist() {
	c := futures.NewClient()
	defer c.Close()

	x := futures.Delay(inc, 1)
	y := futures.Delay(double, x)
	fs := c.Persist([]*futures.Delayed{x, y})
	futures.Wait(fs)
	fmt.Println(fs[0].Status(), fs[1].Status())
	fmt.Println(c.Submit(add, fs[0], fs[1]).Result())
	// Output:
	// finished finished
	// 6 <nil>
}

func ExampleClient_Compute() {
	c := futures.NewClient()
	defer c.Close()

	total := futures.Delay(add, futures.Delay(inc, 1), futures.Delay(double, 2))
	f := c.Compute(total)
	fmt.Println(f.Result())
	// Output: 6 <nil>
}

func ExampleClient_Cancel() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	release := make(chan struct{})
	busy := c.Submit(func() int { <-release; return 1 })
	waiting := c.Submit(inc, 1)
	c.Cancel(waiting)
	close(release)
	busy.Result()
	_, err := waiting.Result()
	fmt.Println(waiting.Status(), errors.Is(err, futures.ErrCancelled))
	// Output: cancelled true
}

func ExampleClient_GatherWithContext() {
	c := futures.NewClient()
	defer c.Close()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	fmt.Println(c.GatherWithContext(ctx, c.Map(double, []int{1, 2, 3})))
	// Output: [2 4 6] <nil>
}

func ExampleClient_Subscribe() {
	c := futures.NewClient()
	defer c.Close()

	events := make(chan string, 10)
	stop := c.Subscribe(func(e futures.Event) { events <- e.Func + " " + e.Status.String() })
	defer stop()
	c.Submit(inc, 1).Result()
	for i := 0; i < 3; i++ {
		fmt.Println(<-events)
	}
	// Output:
	// inc pending
	// inc running
	// inc finished
}

func ExampleClient_TaskStream() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	c.Submit(add, c.Submit(inc, 1), 2).Result()
	for _, r := range c.TaskStream().Records() {
		fmt.Println(r.Func, r.Worker, r.Status, !r.Stop.Before(r.Start))
	}
	// Output:
	// inc worker-0 finished true
	// add worker-0 finished true
}

func ExampleTaskStream_Records() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	started, release := make(chan bool), make(chan bool)
	f := c.Submit(func(x int) int { started <- true; <-release; return x }, 1)
	<-started
	s := c.TaskStream()
	r := s.Records()[0]
	fmt.Println(r.Status, r.Stop.IsZero(), s)
	close(release)
	f.Result() // the run is recorded by then
	r = s.Records()[0]
	fmt.Println(r.Status, r.Stop.IsZero(), s, s.Client() == c)
	// Output:
	// running true <TaskStream: 1 run, 1 running>
	// finished false <TaskStream: 1 run, 0 running> true
}

func ExampleClient_Counts() {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()

	futures.Wait(c.Map(inc, []int{1, 2, 3}))
	fmt.Printf("%+v\n", c.Counts())
	// Output: {Workers:2 Pending:0 Running:0 Finished:3 Errors:0 Cancelled:0}
}

func ExampleWorkers() {
	c := futures.NewClient(futures.Workers(8))
	defer c.Close()
	fmt.Println(c.Counts().Workers)
	// Output: 8
}

func ExampleTaskStreamSize() {
	c := futures.NewClient(futures.TaskStreamSize(2))
	defer c.Close()

	futures.Wait(c.Map(inc, []int{1, 2, 3, 4}))
	fmt.Println(len(c.TaskStream().Records()))
	// Output: 2
}

func ExampleNewLocalExecutor() {
	c := futures.NewClient(futures.WithExecutor(futures.NewLocalExecutor(3)))
	defer c.Close()
	fmt.Println(c)
	// Output: <Client: 3 workers, 0 pending, 0 running, 0 finished, 0 errors>
}

func ExampleClient_Close() {
	c := futures.NewClient()
	c.Close()
	_, err := c.Submit(inc, 1).Result()
	fmt.Println(err)
	// Output: futures: client closed
}

func ExampleClient_ResultBytes() {
	c := futures.NewClient()
	defer c.Close()
	f := c.Submit(func(n int) []float64 { return make([]float64, n) }, 1000)
	if _, err := f.Result(); err != nil {
		panic(err)
	}
	// 8,000 bytes of float64s and the slice's own 24-byte header.
	fmt.Println(c.ResultBytes())
	// Output: 8024
}
