package display_test

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

func newHandle(rec *displaytest.Recorder, clock *displaytest.Clock) *display.Handle {
	return display.NewHandle(display.HandleOptions{ID: "d1", Sink: rec, Clock: clock, Synchronous: true})
}

func assertLines(t *testing.T, rec *displaytest.Recorder, want ...string) {
	t.Helper()
	if got := rec.Lines(); !slices.Equal(got, want) {
		t.Errorf("got messages\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestHandle(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		run  func(h *display.Handle, c *displaytest.Clock)
		want []string
	}{
		{"shows then updates with the same id", func(h *display.Handle, c *displaytest.Clock) {
			h.Show("a")
			c.Advance(200 * ms)
			h.Update("b")
		}, []string{"display d1 a", "update d1 b"}},
		{"shows on the first update when nothing was shown", func(h *display.Handle, c *displaytest.Clock) {
			h.Update("a")
			c.Advance(200 * ms)
			h.Update("b")
		}, []string{"display d1 a", "update d1 b"}},
		{"coalesces updates and delivers the last one by timer", func(h *display.Handle, c *displaytest.Clock) {
			h.Show("a")
			h.Update("b")
			h.Update("c")
			h.Update("d")
			c.Advance(100 * ms)
		}, []string{"display d1 a", "update d1 d"}},
		{"flush delivers the pending update at once", func(h *display.Handle, c *displaytest.Clock) {
			h.Show("a")
			h.Update("b")
			h.Flush()
			c.Advance(time.Second)
		}, []string{"display d1 a", "update d1 b"}},
		{"show again adds an output with the same id", func(h *display.Handle, c *displaytest.Clock) {
			h.Show("a")
			h.Update("b")
			h.Show("c")
			c.Advance(time.Second)
		}, []string{"display d1 a", "display d1 c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
			tt.run(newHandle(rec, clock), clock)
			assertLines(t, rec, tt.want...)
		})
	}
}

func TestHandleUpdatesAfterTheCellEnded(t *testing.T) {
	cell1, cell2 := &displaytest.Recorder{}, &displaytest.Recorder{}
	restore := display.Use(cell1)
	h := display.New()
	h.Show("started")
	restore()

	restore = display.Use(cell2)
	defer restore()
	done := make(chan struct{})
	go func() {
		defer close(done)
		h.Update("finished")
		h.Flush()
	}()
	<-done
	display.Text("cell 2")

	assertLines(t, cell1, "display "+h.ID()+" started", "update "+h.ID()+" finished")
	assertLines(t, cell2, "display  cell 2")
}

func TestHandleFromManyGoroutinesEndsWithTheLastState(t *testing.T) {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "d1", Sink: rec, Clock: displaytest.NewClock()})
	h.Show("0")
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 1000 {
				h.Update(fmt.Sprint(g, "-", i))
			}
		}()
	}
	wg.Wait()
	h.Update("final")
	h.Flush()
	last, _ := rec.Last("update")
	if got := last.Bundle.Data[display.MIMEText]; got != "final" {
		t.Errorf("last update is %v, want final", got)
	}
	if n := rec.Count("update"); n != 1 {
		t.Errorf("%d updates sent for 8001 offered within one interval, want 1", n)
	}
}

func TestHandleCoalescesTenThousandUpdatesInASecond(t *testing.T) {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	h := newHandle(rec, clock)
	for i := 1; i <= 10000; i++ {
		h.Update(i)
		clock.Advance(100 * time.Microsecond)
	}
	clock.Advance(time.Second)
	if n := len(rec.Events()); n < 10 || n > 12 {
		t.Errorf("sent %d messages, want 10 to 12", n)
	}
	last, _ := rec.Last("update")
	if got := last.Bundle.Data[display.MIMEText]; got != "10000" {
		t.Errorf("last update is %v, want 10000", got)
	}
}

func TestNewIDIsFreshHex(t *testing.T) {
	a, b := display.NewID(), display.NewID()
	if a == b || len(a) != 32 || strings.Trim(a, "0123456789abcdef") != "" {
		t.Errorf("NewID() = %q, %q: want two distinct 32-digit hex ids", a, b)
	}
}

func TestUseRestoresThePreviousSink(t *testing.T) {
	a, b := &displaytest.Recorder{}, &displaytest.Recorder{}
	restoreA := display.Use(a)
	restoreB := display.Use(b)
	display.Text("to b")
	restoreB()
	display.Text("to a")
	display.Clear(true)
	restoreA()
	if _, ok := display.Current().(*display.TextSink); !ok {
		t.Errorf("Current() = %T after restoring everything, want the default *display.TextSink", display.Current())
	}
	assertLines(t, a, "display  to a", "clear true")
	assertLines(t, b, "display  to b")
}
