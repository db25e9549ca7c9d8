//go:build interp

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"runtime"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/interp"
)

type nullSink struct{}

func (nullSink) Stream(name, text string)            {}
func (nullSink) Display(b display.Bundle, id string) {}
func (nullSink) Update(b display.Bundle, id string)  {}
func (nullSink) Clear(wait bool)                     {}

const cell = `func inc(x int) int { return x + 1 }
func double(x int) int { return 2 * x }
func add(x, y int) int { return x + y }
func sum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}`

func init() { interpreted = runInterpreted }

// submitCell is the loop a notebook user writes, run as a cell of its own:
// n tasks of a function a cell declared, submitted one by one from
// interpreted code, then gathered. base changes before each run, so that
// no task is found already done under its pure key.
const submitCell = `fs = nil
for i := 0; i < %d; i++ {
	fs = append(fs, client.Submit(inc, base+i))
}
client.Gather(fs);`

// runInterpreted measures the cell-facing rates: the Submit loop through a
// real session, cell and all (parse, type check, rewrite, run: the
// execution time a user sees), and the trivial and chain workloads
// submitted from Go with the functions a cell defined, taken from the
// session as the notebook's rewrite names them (a Func with the name and a
// hash of the source).
func runInterpreted(fig map[string]float64) {
	s, err := interp.New(interp.Options{})
	must(err)
	defer s.Close()
	_, err = s.Execute(context.Background(), cell, nullSink{})
	must(err)
	_, err = s.Execute(context.Background(), `import "github.com/gofutures/gofutures/futures"
client := futures.NewClient()
var fs []*futures.Future
base := 0`, nullSink{})
	must(err)
	base := 0
	for _, n := range []int{10_000, 100_000} {
		reps := 5
		if n > 10_000 {
			reps = 3
		}
		var cpu time.Duration
		d := best(reps, func() time.Duration {
			base += 1_000_000
			_, err := s.Execute(context.Background(), fmt.Sprintf("base = %d", base), nullSink{})
			must(err)
			runtime.GC()
			start, cpu0 := time.Now(), cpuTime()
			_, err = s.Execute(context.Background(), fmt.Sprintf(submitCell, n), nullSink{})
			must(err)
			d := time.Since(start)
			if c := cpuTime() - cpu0; cpu == 0 || c < cpu {
				cpu = c
			}
			return d
		})
		fig[fmt.Sprintf("cell_submit_%d_tasks_per_s", n)] = float64(n) / d.Seconds()
		fig[fmt.Sprintf("cell_submit_%d_cpu_us_per_task", n)] = cpu.Seconds() * 1e6 / float64(n)
	}
	_, err = s.Execute(context.Background(), "fs = nil", nullSink{})
	must(err)

	get := func(name string) futures.Func {
		v, ok := s.Value(name)
		if !ok {
			must(errorf("interp: no %s", name))
		}
		src, _ := s.Source(name)
		h := sha256.Sum256([]byte(src))
		return futures.Func{Name: name, Token: hex.EncodeToString(h[:8]), Fn: v.Interface()}
	}
	incF, doubleF, addF, sumF := get("inc"), get("double"), get("add"), get("sum")
	c := futures.NewClient()
	defer c.Close()
	next := func() int { base += 1_000_000; return base }
	d := best(3, func() time.Duration { return trivial(c, incF, 10_000, next()) })
	fig["interp_trivial_tasks_per_s"] = 10_000 / d.Seconds()
	fig["interp_chain_s"] = best(3, func() time.Duration { return chain(c, incF, doubleF, addF, sumF, next()) }).Seconds()
}
