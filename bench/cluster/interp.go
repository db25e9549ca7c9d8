package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/futures/cluster"
	"github.com/gofutures/gofutures/interp"
)

// The throughput target is for functions declared in notebook
// cells: the workers receive their declarations and interpret them. Here a
// session declares them as a cell would, and the cluster's workers are
// gofutures processes (`gofutures worker`), whose interpreters run them;
// the tasks are submitted from Go, as in the compiled run, so that the
// two figures differ by the workers' execution only.

const cell = `func inc(x int) int { return x + 1 }`

type nullSink struct{}

func (nullSink) Stream(name, text string)            {}
func (nullSink) Display(b display.Bundle, id string) {}
func (nullSink) Update(b display.Bundle, id string)  {}
func (nullSink) Clear(wait bool)                     {}

// interpreted measures 10,000 trivial tasks of a cell's function on
// NewLocal(2) with workers started from the gofutures binary bin.
func interpreted(bin string, best func(int, func() time.Duration) time.Duration, base *int) float64 {
	s, err := interp.New(interp.Options{NoNative: true})
	must(err)
	defer s.Close()
	_, err = s.Execute(context.Background(), cell, nullSink{})
	must(err)
	v, ok := s.Value("inc")
	if !ok {
		must(fmt.Errorf("the cell declared no inc"))
	}
	src, _ := s.Source("inc")
	h := sha256.Sum256([]byte(src))
	inc := futures.Func{Name: "inc", Token: hex.EncodeToString(h[:8]), Fn: v.Interface()}
	cl, err := cluster.NewLocal(2, cluster.WorkerCommand(bin, "worker"), cluster.Declarations(s))
	must(err)
	defer cl.Close()
	c := cl.Client()
	// The first task builds each worker's interpreter of the declarations.
	vs, err := c.Gather(c.Map(inc, []int{-1, -2, -3, -4}))
	must(err)
	if fmt.Sprint(vs) != "[0 -1 -2 -3]" {
		must(fmt.Errorf("inc on the workers gave %v, want [0 -1 -2 -3]", vs))
	}
	d := best(3, func() time.Duration { return trivial(c, inc, *base) })
	return trivialTasks / d.Seconds()
}
