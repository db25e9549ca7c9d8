package main

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/interp"
)

type discard struct{}

func (discard) Stream(name, text string)            {}
func (discard) Display(b display.Bundle, id string) {}
func (discard) Update(b display.Bundle, id string)  {}
func (discard) Clear(wait bool)                     {}

// session defines cell in a new interpreter session and returns a getter
// for its functions, named as the notebook names them.
func session(t *testing.T, cell string) func(name string) futures.Func {
	t.Helper()
	s, err := interp.New(interp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	if _, err := s.Execute(context.Background(), cell, discard{}); err != nil {
		t.Fatal(err)
	}
	return func(name string) futures.Func {
		v, ok := s.Value(name)
		if !ok {
			t.Fatalf("no %s in the session", name)
		}
		return futures.Func{Name: name, Token: name + "-v1", Fn: v.Interface()}
	}
}

// Interpreted functions submitted from many goroutines at once: the
// results are right and, under -race, nothing races.
func TestInterpretedTasksFromManyGoroutines(t *testing.T) {
	get := session(t, `func inc(x int) int { return x + 1 }
func double(x int) int { return 2 * x }
func add(x, y int) int { return x + y }
func total(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}`)
	incF, doubleF, addF, totalF := get("inc"), get("double"), get("add"), get("total")
	c := futures.NewClient(futures.Workers(4))
	defer c.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 16)
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			var zs []*futures.Future
			for i := 0; i < 100; i++ {
				x := c.Submit(incF, i)
				y := c.Submit(doubleF, x)
				zs = append(zs, c.Submit(addF, x, y))
			}
			v, err := c.Submit(totalF, zs).Result()
			if err == nil && v != 3*100*101/2 {
				err = fmt.Errorf("goroutine %d: total %v", g, v)
			}
			if err != nil {
				errs <- err
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// An interpreted panic reaches the runtime as a reflect.Value; the future's
// PanicError holds the value itself.
func TestInterpretedPanic(t *testing.T) {
	get := session(t, `import "errors"

var errBoom = errors.New("boom")

func boom(x int) int {
	if x > 0 {
		panic(errBoom)
	}
	return x
}`)
	c := futures.NewClient()
	defer c.Close()
	_, err := c.Submit(get("boom"), 1).Result()
	var pe *futures.PanicError
	if !errors.As(err, &pe) {
		t.Fatalf("got %#v, want a *futures.PanicError", err)
	}
	if e, ok := pe.Value.(error); !ok || e.Error() != "boom" {
		t.Errorf("panic value %#v, want the error boom", pe.Value)
	}
}
