//go:build !race

// The race detector reports yaegi's unsynchronized global frame (see the
// package doc, "Concurrency"), so this test runs without it.

package interp

import (
	"context"
	"fmt"
	"reflect"
	"sync"
	"testing"
)

// TestTasksRunWhileCellsDeclareGlobals runs interpreted code on many
// goroutines, the way futures workers do through runTask, while cell after
// cell declares new globals, functions and types. Every call must return
// the right value and every cell must succeed.
func TestTasksRunWhileCellsDeclareGlobals(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	if _, err := s.Execute(context.Background(), `
base := 7
func work(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i % base
	}
	return s
}
func want(n int) int { return work(n) }`, rec); err != nil {
		t.Fatal(err)
	}
	v, ok := s.Value("work")
	if !ok {
		t.Fatal("no work")
	}
	work := v
	expect := func(n int) int {
		s := 0
		for i := 0; i < n; i++ {
			s += i % 7
		}
		return s
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := 0; ctx.Err() == nil; k++ {
				n := 1000 + w*10 + k%10
				var got int
				func() {
					defer func() { recover() }() // ErrInterrupted once ctx ends
					s.runTask(ctx, func() { got = int(work.Call([]reflect.Value{reflect.ValueOf(n)})[0].Int()) })
				}()
				if ctx.Err() == nil && got != expect(n) {
					errs <- fmt.Errorf("work(%d) = %d, want %d", n, got, expect(n))
					return
				}
			}
		}()
	}
	// A cell's own goroutines too.
	if _, err := s.Execute(ctx, "stop := make(chan bool)\ngo func() { for { select { case <-stop: return; default: _ = work(500) } } }()", rec); err != nil {
		t.Fatal(err)
	}
	for i := range 150 {
		cell := fmt.Sprintf("g%d := %d\nfunc f%d() int { return g%d + base }\ntype T%d struct{ A [%d]int }\nf%d()", i, i, i, i, i, i%5+1, i)
		b, err := s.Execute(context.Background(), cell, rec)
		if err != nil {
			t.Fatalf("cell %d: %v", i, err)
		}
		if got := b.Data["text/plain"]; got != fmt.Sprint(i+7) {
			t.Fatalf("cell %d showed %v, want %d", i, got, i+7)
		}
	}
	if _, err := s.Execute(context.Background(), "close(stop)", rec); err != nil {
		t.Fatal(err)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}
