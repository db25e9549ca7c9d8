package futures_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/gofutures/gofutures/futures"
)

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

	done := make(chan string, 1) // the callback runs at once if the task is done
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

// A host that runs several sessions in one process gives each session's
// clients their own hooks; the process's (SetHooks) do not reach them.
func ExampleWithHooks() {
	session := func(name string) futures.ClientOption {
		return futures.WithHooks(futures.Hooks{
			RunTask: func(ctx context.Context, run func()) {
				fmt.Println(name, "runs a task")
				run()
			},
		})
	}
	a := futures.NewClient(session("a"), futures.Workers(1))
	defer a.Close()
	b := futures.NewClient(session("b"), futures.Workers(1))
	defer b.Close()
	fmt.Println(a.Submit(inc, 1).Result())
	fmt.Println(b.Submit(inc, 2).Result())
	// Output:
	// a runs a task
	// 2 <nil>
	// b runs a task
	// 3 <nil>
}

// A host that knows better than the Go stack where a task panicked (an
// interpreter knows its source lines) names the frames through
// Hooks.Traceback; they become part of the PanicError and the future's
// Traceback.
func ExampleHooks_traceback() {
	restore := futures.SetHooks(futures.Hooks{
		Traceback: func(v any) []string { return []string{"script.go, line 3, in divide"} },
	})
	defer restore()
	c := futures.NewClient()
	defer c.Close()
	f := c.Submit(func(a, b int) int { return a / b }, 1, 0)
	_, err := f.Result()
	fmt.Println(err)
	fmt.Println(f.Traceback())
	// Output:
	// futures: panic: runtime error: integer divide by zero
	// script.go, line 3, in divide
	// script.go, line 3, in divide
}

// A custom Executor sees the client's Scheduler. This one runs every task
// on one goroutine, logging it.
type loggingExecutor struct {
	done chan struct{}
	log  chan string
}

func (e *loggingExecutor) Workers() int { return 1 }
func (e *loggingExecutor) Close()       { <-e.done }
func (e *loggingExecutor) Start(q futures.Scheduler) {
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

func ExampleFuture_Result() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(inc, 1)
	v, err := f.Result() // blocks until the task is final
	fmt.Println(v, err, f.Done(), f.Status(), f.Err())
	// Output: 2 <nil> true finished <nil>
}

func ExampleFuture_ResultContext() {
	c := futures.NewClient()
	defer c.Close()

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	release := make(chan struct{})
	defer close(release)
	_, err := c.Submit(func() int { <-release; return 0 }).ResultContext(ctx)
	fmt.Println(err)
	// Output: context canceled
}

func ExampleFuture_Key() {
	c := futures.NewClient()
	defer c.Close()

	fmt.Println(c.Submit(inc, 1).Key() == c.Submit(inc, 1).Key(), c.Submit(inc, 2).Key() == c.Submit(inc, 1).Key())
	// Output: true false
}

// A running task learns of its cancellation through its context.
func ExampleFuture_Cancel() {
	c := futures.NewClient()
	defer c.Close()

	started := make(chan struct{})
	f := c.Submit(func(ctx context.Context) int {
		close(started)
		<-ctx.Done()
		return 0
	})
	<-started
	f.Cancel()
	_, err := f.Result()
	fmt.Println(f.Status(), err)
	// Output: cancelled futures: cancelled
}

func ExampleFuture_Client() {
	c := futures.NewClient()
	defer c.Close()

	fmt.Println(c.Submit(inc, 1).Client() == c)
	// Output: true
}

func ExampleFuture_HTML() {
	c := futures.NewClient()
	defer c.Close()

	f := c.Submit(inc, 1, futures.Key("inc-1"))
	f.Result()
	fmt.Println(f.HTML())
	// Output: <strong>Future: inc</strong> <span>status: finished</span>, type: int, key: inc-1
}

func ExamplePure() {
	c := futures.NewClient()
	defer c.Close()

	a := c.Submit(inc, 1, futures.Pure(false))
	b := c.Submit(inc, 1, futures.Pure(false))
	fmt.Println(a.Key() == b.Key())
	// Output: false
}
