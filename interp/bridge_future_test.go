package interp

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/futures"
)

// waitForEvent polls rec until an event satisfies ok, failing after a long
// deadline: the redraws it waits for come from timers.
func waitForEvent(t *testing.T, rec *displaytest.Recorder, what string, ok func(text string) bool) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		for _, e := range rec.Events() {
			if ok(fmt.Sprint(e.Bundle.Data[display.MIMEText])) {
				return
			}
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no event %s in %q", what, rec.Lines())
}

func TestARunningFutureCardShowsItsTimeMoving(t *testing.T) {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()
	gate, started := make(chan struct{}), make(chan struct{})
	f := c.Submit(func(x int) int { close(started); <-gate; return x }, 1)
	<-started
	rec := &displaytest.Recorder{}
	ended := make(chan struct{})
	showFuture(f, rec, func() { close(ended) })
	// The card redraws every cardTick while the task runs: one of its
	// frames shows a second or more.
	waitForEvent(t, rec, "of a running card at 1s or more", func(text string) bool {
		return strings.HasPrefix(text, "<Future: running") && !strings.HasSuffix(text, "ms>")
	})
	close(gate)
	<-ended
	n := len(rec.Events())
	last, _ := rec.Last("update")
	if !strings.HasPrefix(fmt.Sprint(last.Bundle.Data[display.MIMEText]), "<Future: finished, type: int") {
		t.Errorf("last event %q, want the finished card", last)
	}
	// Once final, the card's timer is stopped: nothing more comes.
	time.Sleep(2 * cardTick)
	if got := len(rec.Events()); got != n {
		t.Errorf("%d events after the final state: %q", got-n, rec.Lines()[n:])
	}
}

func TestASliceOfFuturesShowsAsALiveTable(t *testing.T) {
	c, release := blockedClient(t)
	fs := c.Map(func(x int) int { return x * x }, []int{1, 2, 3})
	rec := &displaytest.Recorder{}
	ended := make(chan struct{})
	showFutures(fs, rec, func() { close(ended) })
	first, ok := rec.Last("display")
	if text := fmt.Sprint(first.Bundle.Data[display.MIMEText]); !ok || !strings.HasPrefix(text, "<3 futures: 0/3 done; 3 pending>") {
		t.Fatalf("first frame %q, want 3 pending futures", text)
	}
	release()
	<-ended
	last, _ := rec.Last("update")
	text := fmt.Sprint(last.Bundle.Data[display.MIMEText])
	if !strings.HasPrefix(text, "<3 futures: 3/3 done: 3 finished>") || strings.Count(text, "<Future: finished, type: int") != 3 {
		t.Errorf("final frame %q, want 3 finished futures", text)
	}
	if last.ID != first.ID {
		t.Errorf("the table's update has id %q, want %q", last.ID, first.ID)
	}
}

func TestABridgeStopsTheCardsOfRunningFuturesWhenItCloses(t *testing.T) {
	c := futures.NewClient(futures.Workers(1))
	gate, started := make(chan struct{}), make(chan struct{})
	defer c.Close()
	defer close(gate)
	f := c.Submit(func(x int) int { close(started); <-gate; return x }, 1)
	<-started
	rec := &displaytest.Recorder{}
	b := newBridge(nil)
	if !b.showLive(f, rec) || !b.showLive([]*futures.Future{f}, rec) {
		t.Fatal("showLive declined a future or a slice of futures")
	}
	b.mu.Lock()
	held := len(b.stops)
	b.mu.Unlock()
	if held != 2 {
		t.Fatalf("the bridge holds %d live widgets, want 2", held)
	}
	b.close()
	n := len(rec.Events())
	time.Sleep(2 * cardTick)
	if got := len(rec.Events()); got != n {
		t.Errorf("%d redraws after the bridge closed: %q", got-n, rec.Lines()[n:])
	}
}
