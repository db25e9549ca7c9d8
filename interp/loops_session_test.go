package interp

import (
	"context"
	"runtime"
	"testing"
	"time"
)

// TestRangeFuncLeavesNoGoroutine leaves range-over-func loops early in
// every way (return, labeled continue and break, a recovered panic) many
// times and checks that no iterator goroutine is left behind.
func TestRangeFuncLeavesNoGoroutine(t *testing.T) {
	s := newSession(t)
	run := func(cell string) {
		t.Helper()
		if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
			t.Fatalf("%v", err)
		}
	}
	run(`func naturals(yield func(int) bool) {
	for i := 0; ; i++ {
		if !yield(i) {
			return
		}
	}
}

func find(n int) int {
	for x := range naturals {
		if x == n {
			return x
		}
	}
	return -1
}

func labeled() {
outer:
	for i := range 3 {
		for x := range naturals {
			if x == i {
				continue outer
			}
		}
	}
stop:
	for {
		for range naturals {
			break stop
		}
	}
}

func panics() {
	defer func() { recover() }()
	for range naturals {
		panic("out")
	}
}`)
	run(`for range 3 { find(2); labeled(); panics() }`) // warm up the runtime's own goroutines
	time.Sleep(50 * time.Millisecond)
	before := runtime.NumGoroutine()
	run(`for i := range 50 { find(i); labeled(); panics() }`)
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines after the loops, %d before", n, before)
	}
}
