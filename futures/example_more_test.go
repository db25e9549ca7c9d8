package futures_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"strings"
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
	fs := c.Persist(x, y)
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
	for _, r := range c.TaskStream() {
		fmt.Println(r.Func, r.Worker, r.Status, !r.Stop.Before(r.Start))
	}
	// Output:
	// inc worker-0 finished true
	// add worker-0 finished true
}

func ExampleClient_Counts() {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()

	futures.Wait(c.Map(inc, []int{1, 2, 3}))
	fmt.Printf("%+v\n", c.Counts())
	// Output: {Workers:2 Pending:0 Running:0 Finished:3 Errors:0 Cancelled:0}
}

// The seeds' dynamic search: results arrive in completion order, and each
// one sends a new point to evaluate near the best so far, while the search
// box shrinks. With one worker the order, hence the search, is repeatable.
func ExampleCompleted_Add() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	rosenbrock := func(p [2]float64) ([2]float64, float64) {
		return p, (1-p[0])*(1-p[0]) + 2*(p[1]-p[0]*p[0])*(p[1]-p[0]*p[0])
	}
	rng := rand.New(rand.NewSource(1))
	scale := 5.0
	best, bestScore := [2]float64{0, 0}, math.Inf(1)
	var start []*futures.Future
	for i := 0; i < 10; i++ {
		start = append(start, c.Submit(rosenbrock, [2]float64{rng.Float64()*2*scale - scale, rng.Float64()*2*scale - scale}))
	}
	it := futures.AsCompleted(start)
	steps := 0
	for f, ok := it.Next(); ok; f, ok = it.Next() {
		v, _ := f.Result()
		r := v.([]any) // two results come back as a []any
		if s := r[1].(float64); s < bestScore {
			bestScore, best = s, r[0].([2]float64)
		}
		it.Add(c.Submit(rosenbrock, [2]float64{best[0] + rng.Float64()*2*scale - scale, best[1] + rng.Float64()*2*scale - scale}))
		steps++
		scale *= 0.99
		if scale < 0.001 {
			break
		}
	}
	fmt.Println(steps, bestScore < 0.1)
	// Output: 848 true
}

func ExampleCompleted_NextBatch() {
	c := futures.NewClient()
	defer c.Close()

	fs := c.Map(inc, []int{1, 2, 3})
	futures.Wait(fs)
	batch, _ := futures.AsCompleted(fs).NextBatch()
	fmt.Println(len(batch))
	// Output: 3
}

func ExampleCompleted_NextResult() {
	c := futures.NewClient()
	defer c.Close()

	it := futures.AsCompleted([]*futures.Future{c.Submit(inc, 41)}, futures.WithResults())
	_, v, err, ok := it.NextResult()
	fmt.Println(v, err, ok, it.IsEmpty(), it.Count())
	// Output: 42 <nil> true true 0
}

func ExampleWait() {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()

	release := make(chan struct{})
	defer close(release)
	slow := c.Submit(func() int { <-release; return 0 })
	quick := c.Submit(inc, 1)
	done, notDone := futures.Wait([]*futures.Future{slow, quick}, futures.FirstCompleted)
	fmt.Println(len(done), len(notDone), done[0] == quick)
	done, notDone = futures.Wait([]*futures.Future{slow}, futures.Timeout(time.Millisecond))
	fmt.Println(len(done), len(notDone))
	// Output:
	// 1 1 true
	// 0 1
}

func ExampleWaitContext() {
	c := futures.NewClient()
	defer c.Close()

	fs := c.Map(inc, []int{1, 2})
	fs = append(fs, c.Submit(func() (int, error) { return 0, errors.New("bad") }))
	done, _, err := futures.WaitContext(context.Background(), fs, futures.FirstException)
	fmt.Println(len(done) >= 1, err)
	// Output: true <nil>
}

// Progress draws a text bar on standard error here; in a notebook the
// kernel shows a live bar instead.
func ExampleProgress() {
	c := futures.NewClient()
	defer c.Close()

	fs := c.Map(inc, []int{1, 2, 3})
	futures.ProgressWait(fs...)
	futures.Progress(fs...)
	fmt.Println(fs[2].Status())
	// Output: finished
}

func ExampleFuture_Release() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(inc, 1)
	f.Result()
	f.Release()
	_, err := f.Result()
	fmt.Println(err, c.Counts().Finished)
	// Output: futures: future released 0
}

func ExampleFuture_ResultWithTimeout() {
	c := futures.NewClient()
	defer c.Close()

	release := make(chan struct{})
	defer close(release)
	f := c.Submit(func() int { <-release; return 0 })
	_, err := f.ResultWithTimeout(time.Millisecond)
	fmt.Println(err)
	// Output: futures: timeout
}

func ExampleFuture_AddDoneCallback() {
	c := futures.NewClient()
	defer c.Close()

	done := make(chan string)
	c.Submit(inc, 1).AddDoneCallback(func(f *futures.Future) {
		v, _ := f.Result()
		done <- fmt.Sprint("done: ", v)
	})
	fmt.Println(<-done)
	// Output: done: 2
}

func ExampleFuture_OnStatus() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	release := make(chan struct{})
	f := c.Submit(func() int { <-release; return 7 })
	seen := make(chan futures.Status, 4)
	stop := f.OnStatus(func(f *futures.Future) { seen <- f.Status() })
	defer stop()
	close(release)
	f.Result()
	for s := range seen {
		if s.Done() {
			fmt.Println(s)
			break
		}
	}
	// Output: finished
}

func ExampleFuture_Info() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	f := c.Submit(inc, 1)
	f.Result()
	i := f.Info()
	fmt.Println(i.Func, i.Status, i.Worker, i.ResultType, !i.Stopped.Before(i.Started))
	// Output: inc finished worker-0 int true
}

func ExampleFuture_String() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(inc, 1)
	f.Result()
	fmt.Println(strings.HasPrefix(f.String(), "<Future: finished, type: int, key: inc-"))
	// Output: true
}

func ExampleFuture_Traceback() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(func(x int) (int, error) { return 0, fmt.Errorf("no %d", x) }, 3)
	f.Result()
	fmt.Println(f.Err())
	fmt.Println(strings.Contains(f.Traceback(), "no 3"))
	// Output:
	// no 3
	// true
}

func ExampleRetries() {
	c := futures.NewClient()
	defer c.Close()

	tries := 0
	flaky := func() (string, error) {
		tries++
		if tries < 3 {
			return "", errors.New("flaky")
		}
		return "ok", nil
	}
	fmt.Println(c.Submit(flaky, futures.Retries(5)).Result())
	// Output: ok <nil>
}

func ExampleKey() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(inc, 1, futures.Key("my-inc"))
	fmt.Println(f.Key())
	// Output: my-inc
}

func ExamplePriority() {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()

	release := make(chan struct{})
	busy := c.Submit(func() int { <-release; return 0 })
	order := make(chan string, 2)
	note := func(s string) string { order <- s; return s }
	later := c.Submit(note, "later")
	first := c.Submit(note, "first", futures.Priority(10))
	close(release)
	futures.Wait([]*futures.Future{busy, later, first})
	fmt.Println(<-order, <-order)
	// Output: first later
}

// Func names a function whose value the runtime cannot identify, as the
// notebook does for interpreted functions: the name makes the key, the
// token identifies the function for pure keys.
func ExampleFunc() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(futures.Func{Name: "square", Token: "v1", Fn: func(x int) int { return x * x }}, 12)
	g := c.Submit(futures.Func{Name: "square", Token: "v1", Fn: func(x int) int { return x * x }}, 12)
	fmt.Println(f.Result())
	fmt.Println(strings.HasPrefix(f.Key(), "square-"), f.Key() == g.Key())
	// Output:
	// 144 <nil>
	// true true
}

func ExampleSetHooks() {
	restore := futures.SetHooks(futures.Hooks{
		RunTask: func(ctx context.Context, run func()) {
			fmt.Println("task starts")
			run()
		},
	})
	defer restore()
	c := futures.NewClient()
	defer c.Close()
	fmt.Println(c.Submit(inc, 1).Result())
	// Output:
	// task starts
	// 2 <nil>
}

// A custom Executor sees the scheduler as a Queue. This one runs every task
// on one goroutine, logging it.
type loggingExecutor struct {
	done chan struct{}
	log  chan string
}

func (e *loggingExecutor) Workers() int { return 1 }
func (e *loggingExecutor) Close()       { <-e.done }
func (e *loggingExecutor) Start(q futures.Queue) {
	go func() {
		defer close(e.done)
		for {
			j, ok := q.Next(0)
			if !ok {
				return
			}
			e.log <- "run " + j.Func()
			q.Done(j, j.Run())
		}
	}()
}

func ExampleWithExecutor() {
	e := &loggingExecutor{done: make(chan struct{}), log: make(chan string, 10)}
	c := futures.NewClient(futures.WithExecutor(e))
	fmt.Println(c.Submit(double, c.Submit(inc, 1)).Result())
	c.Close()
	close(e.log)
	for l := range e.log {
		fmt.Println(l)
	}
	// Output:
	// 4 <nil>
	// run inc
	// run double
}

func ExamplePanicError() {
	c := futures.NewClient()
	defer c.Close()

	errBad := errors.New("bad input")
	_, err := c.Submit(func() int { panic(errBad) }).Result()
	var pe *futures.PanicError
	fmt.Println(errors.As(err, &pe), errors.Is(err, errBad), err)
	// Output: true true futures: panic: bad input
}

func ExampleStatus() {
	fmt.Println(futures.Pending, futures.Running, futures.Finished, futures.Error, futures.Cancelled)
	fmt.Println(futures.Finished.Done(), futures.Running.Done())
	// Output:
	// pending running finished error cancelled
	// true false
}

func ExampleDelayed_String() {
	fmt.Println(futures.Delay(inc, 1))
	// Output: Delayed(inc)
}
