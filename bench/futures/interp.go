//go:build interp

package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
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

// runInterpreted defines the workload's functions in a cell, takes them
// from the session as the notebook's rewrite does (a Func with the name and
// a hash of the source) and runs the trivial and chain workloads with them.
func runInterpreted(fig map[string]float64) {
	s, err := interp.New(interp.Options{})
	must(err)
	defer s.Close()
	_, err = s.Execute(context.Background(), cell, nullSink{})
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
	base := 500_000_000
	next := func() int { base += 1_000_000; return base }
	d := best(3, func() time.Duration { return trivial(c, incF, 10_000, next()) })
	fig["interp_trivial_tasks_per_s"] = 10_000 / d.Seconds()
	fig["interp_chain_s"] = best(3, func() time.Duration { return chain(c, incF, doubleF, addF, sumF, next()) }).Seconds()
}
