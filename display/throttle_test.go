package display_test

import (
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

// pacerRig is a Pacer on a manual clock that records what it sends.
type pacerRig struct {
	clock *displaytest.Clock
	sent  []any
	p     *display.Pacer
}

func newPacerRig(interval time.Duration) *pacerRig {
	r := &pacerRig{clock: displaytest.NewClock()}
	r.p = display.NewPacer(display.PacerOptions{Interval: interval, Clock: r.clock, Send: func(v any) { r.sent = append(r.sent, v) }})
	return r
}

func TestPacer(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name     string
		interval time.Duration
		run      func(r *pacerRig)
		want     []any
		// pending is whether a state should still wait for its timer.
		pending bool
	}{
		{"sends the first state at once", 0, func(r *pacerRig) { r.p.Offer(1) }, []any{1}, false},
		{"keeps states offered within the interval until the timer fires", 0, func(r *pacerRig) {
			r.p.Offer(1)
			r.clock.Advance(10 * ms)
			r.p.Offer(2)
			r.p.Offer(3)
		}, []any{1}, true},
		{"delivers only the latest pending state when the interval ends", 0, func(r *pacerRig) {
			r.p.Offer(1)
			r.p.Offer(2)
			r.p.Offer(3)
			r.clock.Advance(100 * ms)
		}, []any{1, 3}, false},
		{"sends at once when the interval has already passed", 0, func(r *pacerRig) {
			r.p.Offer(1)
			r.clock.Advance(150 * ms)
			r.p.Offer(2)
		}, []any{1, 2}, false},
		{"flush sends the pending state and disarms the timer", 0, func(r *pacerRig) {
			r.p.Offer(1)
			r.p.Offer(2)
			r.p.Flush()
			r.clock.Advance(time.Second)
		}, []any{1, 2}, false},
		{"flush without a pending state sends nothing", 0, func(r *pacerRig) {
			r.p.Offer(1)
			r.p.Flush()
		}, []any{1}, false},
		{"send now supersedes the pending state", 0, func(r *pacerRig) {
			r.p.Offer(1)
			r.p.Offer(2)
			r.p.SendNow(3)
			r.clock.Advance(time.Second)
		}, []any{1, 3}, false},
		{"a negative interval sends every state", -1, func(r *pacerRig) {
			r.p.Offer(1)
			r.p.Offer(2)
			r.p.Offer(3)
		}, []any{1, 2, 3}, false},
		{"honours a custom interval", time.Second, func(r *pacerRig) {
			r.p.Offer(1)
			r.p.Offer(2)
			r.clock.Advance(999 * ms)
			r.p.Offer(3)
			r.clock.Advance(ms)
		}, []any{1, 3}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := newPacerRig(tt.interval)
			tt.run(r)
			if !slices.Equal(r.sent, tt.want) {
				t.Errorf("sent %v, want %v", r.sent, tt.want)
			}
			if got := r.p.Pending(); got != tt.pending {
				t.Errorf("Pending() = %v, want %v", got, tt.pending)
			}
		})
	}
}

func TestPacerCoalescesTenThousandStatesInASecond(t *testing.T) {
	r := newPacerRig(0)
	for i := 1; i <= 10000; i++ {
		r.p.Offer(i)
		r.clock.Advance(100 * time.Microsecond)
	}
	r.clock.Advance(time.Second)
	// One send at the start, then one per 100 ms of the second.
	if n := len(r.sent); n < 10 || n > 12 {
		t.Errorf("sent %d states, want 10 to 12", n)
	}
	if last := r.sent[len(r.sent)-1]; last != 10000 {
		t.Errorf("last state sent is %v, want 10000", last)
	}
	if !slices.IsSorted(anyInts(r.sent)) {
		t.Errorf("states sent out of order: %v", r.sent)
	}
}

func TestFlushSendsEveryPendingState(t *testing.T) {
	a, b := newPacerRig(0), newPacerRig(0)
	a.p.Offer("a1")
	a.p.Offer("a2")
	b.p.Offer("b1")
	b.p.Offer("b2")
	display.Flush()
	if got := fmt.Sprint(a.sent, b.sent); got != "[a1 a2] [b1 b2]" {
		t.Errorf("sent %s, want [a1 a2] [b1 b2]", got)
	}
}

func anyInts(vs []any) []int {
	is := make([]int, len(vs))
	for i, v := range vs {
		is[i] = v.(int)
	}
	return is
}

// TestPacerOnTheWallClockEndsWithTheLastState races real timers against
// offers from many goroutines (run it with -race); whatever the timing, the
// last state offered is the last one sent.
func TestPacerOnTheWallClockEndsWithTheLastState(t *testing.T) {
	var mu sync.Mutex
	var last any
	sends := 0
	p := display.NewPacer(display.PacerOptions{Interval: time.Millisecond, Send: func(v any) {
		mu.Lock()
		last = v
		sends++
		mu.Unlock()
	}})
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				p.Offer(g*10000 + i)
			}
		}()
	}
	wg.Wait()
	p.Offer("final")
	p.Flush()
	time.Sleep(5 * time.Millisecond) // let a stray timer fire, if one were left armed
	mu.Lock()
	defer mu.Unlock()
	if last != "final" {
		t.Errorf("last state sent is %v, want final (after %d sends)", last, sends)
	}
}
