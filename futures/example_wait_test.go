package futures_test

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"time"

	"github.com/gofutures/gofutures/futures"
)

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

func ExampleCompleted_Batches() {
	c := futures.NewClient()
	defer c.Close()

	total := 0
	for batch := range futures.AsCompleted(c.Map(inc, []int{1, 2, 3, 4})).Batches() {
		for _, f := range batch {
			v, _ := f.Result()
			total += v.(int)
		}
	}
	fmt.Println(total)
	// Output: 14
}

func ExampleCompleted_Next() {
	c := futures.NewClient()
	defer c.Close()

	it := futures.AsCompleted(c.Map(inc, []int{1, 2, 3}))
	sum := 0
	for f, ok := it.Next(); ok; f, ok = it.Next() {
		v, _ := f.Result()
		sum += v.(int)
	}
	fmt.Println(sum, it.Count(), it.IsEmpty())
	// Output: 9 0 true
}

func ExampleCompleted_NextContext() {
	c := futures.NewClient()
	defer c.Close()

	release := make(chan struct{})
	defer close(release)
	it := futures.AsCompleted([]*futures.Future{c.Submit(func() int { <-release; return 0 })})
	ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
	defer cancel()
	_, ok := it.NextContext(ctx)
	fmt.Println(ok, it.Count())
	// Output: false 1
}

// Leaving a loop over C early: Stop closes the channel.
func ExampleCompleted_Stop() {
	c := futures.NewClient()
	defer c.Close()

	release := make(chan struct{})
	defer close(release)
	it := futures.AsCompleted([]*futures.Future{c.Submit(inc, 1), c.Submit(func() int { <-release; return 0 })})
	for f := range it.C() {
		v, _ := f.Result()
		fmt.Println(v)
		it.Stop()
	}
	// Output: 2
}

func ExampleProgressWait() {
	c := futures.NewClient()
	defer c.Close()

	fs := c.Map(inc, []int{1, 2, 3})
	futures.ProgressWait(fs...) // the bar goes to standard error
	done, _ := futures.Wait(fs)
	fmt.Println(len(done))
	// Output: 3
}
