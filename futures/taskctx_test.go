package futures

import (
	"context"
	"slices"
	"testing"
	"time"
)

// A task's context runs the functions registered with AfterFunc once it is
// cancelled, each on its own goroutine, except those stopped before; stop
// reports whether it prevented the call. The first registration is kept
// apart from the others (no allocation), which must not change any of
// this.
func TestTaskCtxAfterFunc(t *testing.T) {
	for _, stopFirst := range []bool{false, true} {
		c := &taskCtx{}
		ran := make(chan int, 4)
		stop1 := c.AfterFunc(func() { ran <- 1 })
		stop2 := c.AfterFunc(func() { ran <- 2 })
		stop3 := context.AfterFunc(c, func() { ran <- 3 })
		if !stop2() || stop2() {
			t.Errorf("stopping the second: want true, then false")
		}
		want := []int{1, 3}
		if stopFirst {
			if !stop1() || stop1() {
				t.Errorf("stopping the first: want true, then false")
			}
			want = []int{3}
		}
		c.cancel(context.Canceled)
		stop4 := c.AfterFunc(func() { ran <- 4 }) // after the cancel: runs at once
		want = append(want, 4)
		var got []int
		deadline := time.After(time.Minute)
		for len(got) < len(want) {
			select {
			case n := <-ran:
				got = append(got, n)
			case <-deadline:
				t.Fatalf("stopFirst %v: ran %v, want %v", stopFirst, got, want)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("stopFirst %v: ran %v, want %v", stopFirst, got, want)
		}
		if stop1() || stop3() || stop4() {
			t.Errorf("stopFirst %v: a stop after the cancel reported true", stopFirst)
		}
		select {
		case n := <-ran:
			t.Errorf("stopFirst %v: %d ran too", stopFirst, n)
		default:
		}
	}
}
