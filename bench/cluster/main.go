// Command cluster measures futures/cluster on NewLocal(2): the time until
// the cluster is ready, 10,000 trivial tasks of a function declared in a
// cell (interpreted by workers started from the gofutures binary named by
// $GOFUTURES_BIN, see interp.go) and of a compiled one, the 769-task chain
// and 100 tasks returning 1 MB each. It prints one JSON object with the
// keys of bench/dask/cluster_bench.py. For compiled functions the program
// is its own worker.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"time"

	"github.com/gofutures/gofutures/bench/internal/load"
	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/futures/cluster"
)

func inc(x int) int    { return x + 1 }
func double(x int) int { return 2 * x }
func add(x, y int) int { return x + y }
func big(n int) []byte { return make([]byte, n) }
func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func main() {
	for name, fn := range map[string]any{"inc": inc, "double": double, "add": add, "sum": sum, "big": big} {
		cluster.Register(name, fn)
	}
	cluster.ServeWorker()
	exe, err := os.Executable()
	must(err)
	fig := map[string]float64{}
	ready := time.Duration(1 << 62)
	for i := 0; i < 3; i++ {
		start := time.Now()
		cl, err := cluster.NewLocal(2, cluster.WorkerCommand(exe, "worker"))
		must(err)
		ready = min(ready, time.Since(start))
		cl.Close()
	}
	fig["ready_s"] = ready.Seconds()
	cl, err := cluster.NewLocal(2, cluster.WorkerCommand(exe, "worker"))
	must(err)
	defer cl.Close()
	c := cl.Client()
	base := 0
	best := func(reps int, f func() time.Duration) time.Duration {
		b := time.Duration(1 << 62)
		for i := 0; i < reps; i++ {
			base += 100000
			b = min(b, f())
		}
		return b
	}
	d := best(3, func() time.Duration { return trivial(c, inc, base) })
	fig["compiled_trivial_tasks_per_s"] = trivialTasks / d.Seconds()
	fig["chain_s"] = best(3, func() time.Duration {
		start := time.Now()
		var held []*futures.Future
		zs := make([]*futures.Future, 0, 256)
		for i := 0; i < 256; i++ {
			x := c.Submit(inc, base+i)
			y := c.Submit(double, x)
			z := c.Submit(add, x, y)
			zs = append(zs, z)
			held = append(held, x, y)
		}
		total := c.Submit(sum, zs)
		_, err := total.Result()
		must(err)
		d := time.Since(start)
		for _, f := range append(append(held, zs...), total) {
			f.Release()
		}
		return d
	}).Seconds()
	fig["mb_results_s"] = best(2, func() time.Duration {
		return submitGather(c, big, 100, 1<<20+base)
	}).Seconds()
	bin := os.Getenv("GOFUTURES_BIN")
	if bin == "" {
		must(fmt.Errorf("$GOFUTURES_BIN must name the gofutures binary, whose workers interpret cells' functions"))
	}
	fig["trivial_tasks_per_s"] = interpreted(bin, best, &base)
	must(json.NewEncoder(os.Stdout).Encode(fig))
}

// trivialTasks is how many tasks trivial submits.
const trivialTasks = 10000

// trivial runs trivialTasks tasks of fn (submitGather).
func trivial(c *futures.Client, fn any, base int) time.Duration {
	return submitGather(c, fn, trivialTasks, base)
}

// submitGather is load.SubmitGather, ending the program on an error.
func submitGather(c *futures.Client, fn any, n, base int) time.Duration {
	d, err := load.SubmitGather(c, fn, n, base)
	must(err)
	return d
}

func must(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench/cluster:", err)
		os.Exit(1)
	}
}
