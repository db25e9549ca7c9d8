package futures_test

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/gofutures/gofutures/futures"
)

// Dask's Variable: a task waits for a value that the caller sets later.
func ExampleClient_Variable() {
	c := futures.NewClient()
	defer c.Close()

	stop := c.Variable("stop")
	f := c.Submit(func() (any, error) { return c.Variable("stop").Get() })
	stop.Set("now")
	fmt.Println(f.Result())

	_, err := c.Variable("unset").GetWithTimeout(10 * time.Millisecond)
	fmt.Println(err)
	// Output:
	// now <nil>
	// futures: timeout
}

// Dask's Queue: producers put, consumers get, each item once.
func ExampleClient_Queue() {
	c := futures.NewClient()
	defer c.Close()

	q := c.Queue("jobs")
	for i := 1; i <= 3; i++ {
		q.Put(i)
	}
	consumer := c.Submit(func() int {
		q := c.Queue("jobs")
		total := 0
		for q.Len() > 0 {
			v, _ := q.Get()
			total += v.(int)
		}
		return total
	})
	fmt.Println(consumer.Result())
	// Output:
	// 6 <nil>
}

// Dask's Lock: one task at a time in the critical section, across tasks.
func ExampleClient_Lock() {
	c := futures.NewClient(futures.Workers(4))
	defer c.Close()

	counter := 0
	bump := func(i int) int {
		l := c.Lock("counter") // a sync.Locker
		l.Lock()
		defer l.Unlock()
		counter++
		return i
	}
	futures.Wait(c.Map(bump, []int{1, 2, 3, 4, 5, 6, 7, 8}))
	fmt.Println(counter)
	// Output:
	// 8
}

// Dask's Semaphore: at most n holders at once.
func ExampleClient_Semaphore() {
	c := futures.NewClient()
	defer c.Close()

	s := c.Semaphore("database", 2)
	s.Acquire()
	s.Acquire()
	fmt.Println(s.Leases(), s.AcquireWithTimeout(10*time.Millisecond))
	fmt.Println(s.Release(), s.Release(), s.Release())
	// Output:
	// 2 false
	// <nil> <nil> futures: semaphore released more often than acquired
}

// Dask's Event: tasks wait until the caller says go.
func ExampleClient_Event() {
	c := futures.NewClient()
	defer c.Close()

	start := c.Event("start")
	f := c.Submit(func() string { c.Event("start").Wait(); return "started" })
	fmt.Println(start.IsSet())
	start.Set()
	fmt.Println(f.Result())
	// Output:
	// false
	// started <nil>
}

// Dask's Pub and Sub: messages on a topic reach every subscriber.
func ExampleClient_Pub() {
	c := futures.NewClient()
	defer c.Close()

	sub := c.Sub("progress")
	defer sub.Close()
	futures.Wait(c.Map(func(i int) int { c.Pub("progress").Put(i * 10); return i }, []int{1, 2, 3}))
	var got []int
	for sub.Len() > 0 {
		v, _ := sub.Get()
		got = append(got, v.(int))
	}
	sort.Ints(got)
	fmt.Println(got)
	// Output:
	// [10 20 30]
}

// Dask's publish_dataset: a named result other code can get.
func ExampleClient_PublishDataset() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(inc, 41)
	c.PublishDataset("answer", f)
	f.Release() // the dataset keeps the result alive
	fmt.Println(c.ListDatasets())
	v, _ := c.GetDataset("answer")
	fmt.Println(v.(*futures.Future).Result())
	c.UnpublishDataset("answer")
	_, err := c.GetDataset("answer")
	fmt.Println(errors.Is(err, futures.ErrNoDataset))
	// Output:
	// [answer]
	// 42 <nil>
	// true
}

// Dask's scatter of a list: one future per element; Broadcast puts the
// data on every worker.
func ExampleClient_ScatterEach() {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()

	parts := c.ScatterEach([]int{1, 2, 3})
	doubled, err := c.Gather(c.Map(double, parts))
	fmt.Println(len(parts), doubled, err)
	table := c.Scatter(map[string]int{"a": 1}, futures.Broadcast())
	fmt.Println(c.WhoHas(table)[table.Key()])
	// Output:
	// 3 [2 4 6] <nil>
	// [worker-0 worker-1]
}

// Dask's fire_and_forget: the task runs though no handle is kept.
func ExampleFireAndForget() {
	c := futures.NewClient()
	defer c.Close()

	done := make(chan string, 1)
	f := c.Submit(func(s string) int { done <- s; return 0 }, "logged")
	futures.FireAndForget(f)
	f.Release()
	fmt.Println(<-done)
	// Output:
	// logged
}

// Dask's get_client: a task whose function takes a context submits to its
// own client.
func ExampleGetClient() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	fib := func(ctx context.Context, n int) (any, error) {
		client := futures.GetClient(ctx)
		a, b := client.Submit(inc, n), client.Submit(double, n)
		return client.Submit(add, a, b).Result()
	}
	fmt.Println(c.Submit(fib, 10).Result())
	// Output:
	// 31 <nil>
}

// Dask's retry: run a failed future again once its cause is fixed.
func ExampleFuture_Retry() {
	c := futures.NewClient()
	defer c.Close()

	ready := false
	load := func(x int) (int, error) {
		if !ready {
			return 0, errors.New("not ready")
		}
		return x, nil
	}
	f := c.Submit(load, 7)
	fmt.Println(f.Result())
	ready = true
	f.Retry()
	fmt.Println(f.Result())
	// Output:
	// <nil> not ready
	// 7 <nil>
}

// Dask's recreate_error_locally: the failed task's function runs again in
// the caller, so its panic (or error) appears here, with this stack.
func ExampleClient_RecreateErrorLocally() {
	c := futures.NewClient()
	defer c.Close()

	div := func(a, b int) int { return a / b }
	f := c.Submit(div, 1, 0)
	g := c.Submit(inc, f)
	_, err := g.Result()
	fmt.Println(err != nil)
	defer func() { fmt.Println("recovered here:", recover()) }()
	c.RecreateErrorLocally(g)
	// Output:
	// true
	// recovered here: runtime error: integer divide by zero
}

// Dask's restart: everything is cancelled; the client goes on.
func ExampleClient_Restart() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(inc, 1)
	f.Result()
	c.Restart()
	fmt.Println(f.Status())
	fmt.Println(c.Submit(inc, 1).Result())
	// Output:
	// cancelled
	// 2 <nil>
}

// Dask's run: a function called once on every worker.
func ExampleClient_Run() {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()

	res, err := c.Run(func() string { return "ok" })
	fmt.Println(res, err)
	// Output:
	// map[worker-0:ok worker-1:ok] <nil>
}

// Where results live, and what each worker holds.
func ExampleClient_WhoHas() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	f := c.Submit(inc, 1)
	f.Result()
	fmt.Println(c.WhoHas(f)[f.Key()])
	fmt.Println(len(c.HasWhat()["worker-0"]))
	fmt.Println(c.Ncores())
	info := c.SchedulerInfo()
	fmt.Println(len(info.Workers), info.Workers[0].Keys, info.Tasks.Finished)
	// Output:
	// [worker-0]
	// 1
	// map[worker-0:1]
	// 1 1 1
}

// Dask's as_completed(...).update: add futures to an iterator.
func ExampleCompleted_Update() {
	c := futures.NewClient()
	defer c.Close()

	it := futures.AsCompleted(c.Map(inc, []int{1, 2}))
	it.Update(c.Map(inc, []int{3, 4}))
	fmt.Println(it.Count())
	// Output:
	// 4
}

// Options given to Compute apply to the whole graph (here Retries), and a
// Key names the result.
func ExampleClient_Compute_options() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Compute(futures.Delay(add, futures.Delay(inc, 1), 2), futures.Key("total"), futures.Retries(2))
	fmt.Println(f.Key(), f.Cancelled())
	fmt.Println(f.Result())
	// Output:
	// total false
	// 4 <nil>
}
