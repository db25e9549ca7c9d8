package futures_test

import (
	"fmt"
	"sync"

	"github.com/gofutures/gofutures/futures"
)

// placer is an executor that says where each task may run, as a cluster's
// executor reads it to route the task.
type placer struct{ wg sync.WaitGroup }

func (p *placer) Workers() int { return 1 }
func (p *placer) Close()       { p.wg.Wait() }

func (p *placer) Start(q futures.Scheduler) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			j, ok := q.Next(0)
			if !ok {
				return
			}
			fmt.Println(j.Key(), "on", j.Placement())
			q.Done(j, j.Run())
		}
	}()
}

func ExampleOnWorkers() {
	c := futures.NewClient(futures.WithExecutor(&placer{}))
	defer c.Close()
	train := func(epochs int) int { return epochs }
	f := c.Submit(train, 3, futures.Key("train"),
		futures.Resources(map[string]float64{"GPU": 1}), futures.OnWorkers("gpu-1", "gpu-0"))
	fmt.Println(f.Result())
	g := c.Submit(train, 1, futures.Key("small"), futures.OnWorkers("gpu-0"), futures.AllowOtherWorkers())
	fmt.Println(g.Result())
	h := c.Submit(train, 2, futures.Key("anywhere"))
	fmt.Println(h.Result())
	// Output:
	// train on OnWorkers(gpu-0, gpu-1) Resources(GPU=1)
	// 3 <nil>
	// small on OnWorkers(gpu-0) AllowOtherWorkers()
	// 1 <nil>
	// anywhere on any worker
	// 2 <nil>
}
