// Command futures measures the futures runtime on the workloads of
// bench/futures.sh and prints one JSON object of figures, keyed as
// bench/dask/futures_bench.py keys Dask's.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"math/rand"
	"os"
	"runtime"
	"sort"
	"time"

	"github.com/gofutures/gofutures/bench/internal/load"
	"github.com/gofutures/gofutures/futures"
)

func inc(x int) int    { return x + 1 }
func double(x int) int { return 2 * x }
func add(x, y int) int { return x + y }

func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func rosenbrock(p [2]float64) ([2]float64, float64) {
	return p, (1-p[0])*(1-p[0]) + 2*(p[1]-p[0]*p[0])*(p[1]-p[0]*p[0])
}

// best runs fn reps times and returns the fastest run.
func best(reps int, fn func() time.Duration) time.Duration {
	b := time.Duration(math.MaxInt64)
	for i := 0; i < reps; i++ {
		if d := fn(); d < b {
			b = d
		}
	}
	return b
}

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

// trivial submits n inc tasks (each with its own argument) and gathers them.
func trivial(c *futures.Client, fn any, n, base int) time.Duration {
	d, err := load.SubmitGather(c, fn, n, base)
	must(err)
	return d
}

// chain is the second seed's loop: 256 x (inc, double, add), then a sum.
func chain(c *futures.Client, incF, doubleF, addF, sumF any, base int) time.Duration {
	start := time.Now()
	zs := make([]*futures.Future, 0, 256)
	var held []*futures.Future
	for i := 0; i < 256; i++ {
		x := c.Submit(incF, base+i)
		y := c.Submit(doubleF, x)
		z := c.Submit(addF, x, y)
		zs = append(zs, z)
		held = append(held, x, y)
	}
	total := c.Submit(sumF, zs)
	_, err := total.Result()
	must(err)
	d := time.Since(start)
	for _, f := range append(append(held, zs...), total) {
		f.Release()
	}
	return d
}

// tree adds 1,024 leaves pairwise: 2,047 tasks.
func tree(c *futures.Client, base int) time.Duration {
	start := time.Now()
	L := make([]*futures.Future, 1024)
	for i := range L {
		L[i] = c.Submit(inc, base+i)
	}
	all := append([]*futures.Future(nil), L...)
	for len(L) > 1 {
		next := make([]*futures.Future, 0, len(L)/2)
		for i := 0; i < len(L); i += 2 {
			next = append(next, c.Submit(add, L[i], L[i+1]))
		}
		all = append(all, next...)
		L = next
	}
	_, err := L[0].Result()
	must(err)
	d := time.Since(start)
	for _, f := range all {
		f.Release()
	}
	return d
}

// latency is the p50 of submitting one task, adding it to an AsCompleted
// iterator and getting it back.
func latency(c *futures.Client, n int) time.Duration {
	ds := make([]time.Duration, n)
	it := futures.AsCompleted(nil)
	for i := range ds {
		start := time.Now()
		f := c.Submit(inc, i, futures.Pure(false))
		it.Add(f)
		g, ok := it.Next()
		if !ok || g != f {
			must(fmt.Errorf("as_completed lost a future"))
		}
		ds[i] = time.Since(start)
		f.Release()
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[n/2]
}

// search is the seeds' Rosenbrock search without sleeps: 10 random points,
// then one new point per result until the scale falls below 0.001 (858
// tasks in all).
func search(c *futures.Client, seed int64) (time.Duration, int) {
	rng := rand.New(rand.NewSource(seed))
	start := time.Now()
	scale := 5.0
	bestPoint := [2]float64{0, 0}
	bestScore := math.Inf(1)
	var fs []*futures.Future
	for i := 0; i < 10; i++ {
		fs = append(fs, c.Submit(rosenbrock, [2]float64{rng.Float64()*2*scale - scale, rng.Float64()*2*scale - scale}))
	}
	tasks := 10
	it := futures.AsCompleted(fs)
	for {
		f, ok := it.Next()
		if !ok {
			break
		}
		v, err := f.Result()
		must(err)
		r := v.([]any)
		if s := r[1].(float64); s < bestScore {
			bestScore, bestPoint = s, r[0].([2]float64)
		}
		p := [2]float64{bestPoint[0] + rng.Float64()*2*scale - scale, bestPoint[1] + rng.Float64()*2*scale - scale}
		it.Add(c.Submit(rosenbrock, p))
		tasks++
		scale *= 0.99
		if scale < 0.001 {
			break
		}
	}
	return time.Since(start), tasks
}

// memory measures the heap held per finished future.
func memory(c *futures.Client, n int) float64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	fs := make([]*futures.Future, n)
	for i := range fs {
		fs[i] = c.Submit(inc, 1_000_000+i)
	}
	_, err := c.Gather(fs)
	must(err)
	runtime.GC()
	runtime.ReadMemStats(&after)
	per := float64(after.HeapAlloc-before.HeapAlloc) / float64(n)
	runtime.KeepAlive(fs)
	for _, f := range fs {
		f.Release()
	}
	return per
}

// ready is the time from NewClient to the first result.
func ready() time.Duration {
	return best(20, func() time.Duration {
		start := time.Now()
		c := futures.NewClient()
		_, err := c.Submit(inc, 1).Result()
		d := time.Since(start)
		must(err)
		c.Close()
		return d
	})
}

// interpreted is set by interp.go when the interpreter is available.
var interpreted func(fig map[string]float64)

func main() {
	reps := flag.Int("reps", 5, "runs per workload (the best is kept)")
	flag.Parse()
	fig := map[string]float64{}
	c := futures.NewClient()
	base := 0
	next := func() int { base += 1_000_000; return base }

	var cpu time.Duration
	d := best(*reps, func() time.Duration {
		cpu0 := cpuTime()
		d := trivial(c, inc, 10_000, next())
		if x := cpuTime() - cpu0; cpu == 0 || x < cpu {
			cpu = x
		}
		return d
	})
	fig["trivial_tasks_per_s"] = 10_000 / d.Seconds()
	fig["trivial_cpu_us_per_task"] = cpu.Seconds() * 1e6 / 10_000
	fig["chain_s"] = best(*reps, func() time.Duration { return chain(c, inc, double, add, sum, next()) }).Seconds()
	fig["tree_s"] = best(*reps, func() time.Duration { return tree(c, next()) }).Seconds()
	fig["as_completed_p50_s"] = latency(c, 2000).Seconds()
	var steps int
	fig["rosenbrock_s"] = best(*reps, func() time.Duration {
		d, n := search(c, int64(next()))
		steps = n
		return d
	}).Seconds()
	fig["rosenbrock_tasks"] = float64(steps)
	fig["bytes_per_future"] = memory(c, 100_000)
	c.Close()
	fig["client_ready_s"] = ready().Seconds()
	if interpreted != nil {
		interpreted(fig)
	}
	out, _ := json.Marshal(fig)
	fmt.Println(string(out))
}
