package interp

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// These tests check through the Jupyter protocol that live displays tell
// the truth from their first frame to their last, also in frontends that
// ignore update_display_data (jupyter console).

// rateOf returns the "N/s" rate in a progress bar's text, 0 when none.
func rateOf(t *testing.T, text string) float64 {
	t.Helper()
	m := regexp.MustCompile(`([0-9.]+)/s`).FindStringSubmatch(text)
	if m == nil {
		return 0
	}
	r, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestKernelProgressOfFinishedFuturesStartsInTheirState(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	// One worker runs three tasks of at least 20ms each (distinct, so
	// that they are three tasks) one after the other: their span is at least 60ms, so the rate is at most 50/s.
	// The tasks are compiled code: interpreted code in a task would run
	// while the cell runs, which yaegi races on.
	r, err := c.Execute(ctx, `import (
	"time"

	"github.com/gofutures/gofutures/futures"
)
client := futures.NewClient(futures.Workers(1))
ms := time.Millisecond
fs := client.Map(time.Sleep, []time.Duration{20 * ms, 21 * ms, 22 * ms})
futures.Wait(fs)
futures.Progress(fs...)`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	shown := r.Of("display_data")
	if len(shown) != 1 {
		t.Fatalf("iopub %v, want one display_data", r.Types())
	}
	_, text := displayOf(t, shown[0])
	if !strings.Contains(text, "100% 3/3 done") {
		t.Errorf("first frame %q, want 3/3 done", text)
	}
	if rate := rateOf(t, text); rate <= 0 || rate > 50 {
		t.Errorf("first frame %q: rate %v/s, want the tasks' own (at most 50/s)", text, rate)
	}
}

func TestKernelProgressWaitEndsWithALineForFrontendsThatDoNotRedraw(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	r, err := c.Execute(ctx, `import (
	"strings"

	"github.com/gofutures/gofutures/futures"
)
client := futures.NewClient(futures.Workers(2))
fs := client.Map(strings.ToUpper, []string{"a", "b", "c", "d", "e", "f"})
futures.ProgressWait(fs...)`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	// What a frontend that ignores update_display_data shows, in order:
	// the display_data and the streams.
	var seen []string
	for _, m := range r.IOPub {
		switch m.Header.MsgType {
		case "display_data":
			_, text := displayOf(t, m)
			seen = append(seen, text)
		case "stream":
			s, _ := kerneltest.Content(m)["text"].(string)
			seen = append(seen, s)
		}
	}
	if len(seen) == 0 || !strings.Contains(seen[len(seen)-1], "100% 6/6 done") {
		t.Errorf("without updates the cell shows %q last, want 6/6 done", seen)
	}
	if n := strings.Count(r.Stdout(), "6/6 done"); n != 1 {
		t.Errorf("stdout %q, want one final line", r.Stdout())
	}
}

func TestKernelSliceOfFuturesIsLive(t *testing.T) {
	k, _, ctx, release := startBlockedKernel(t)
	r, err := k.Execute(ctx, "fs := c.Map(strconv.Itoa, []int{1, 2, 3})\nfs")
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	id, text := liveDisplay(t, r)
	if id == "" || !strings.HasPrefix(text, "<3 futures: 0/3 done; 3 pending>") {
		t.Fatalf("display %q: %q, want a table of 3 pending futures with a display id", id, text)
	}
	release()
	final, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
		if m.Header.MsgType != "update_display_data" {
			return false
		}
		uid, text := displayOf(t, m)
		return uid == id && strings.HasPrefix(text, "<3 futures: 3/3 done: 3 finished>")
	})
	if err != nil {
		t.Fatalf("no final update of display %s: %v", id, err)
	}
	if _, text := displayOf(t, final); strings.Count(text, "<Future: finished, type: string") != 3 {
		t.Errorf("final table %q, want three finished futures", text)
	}
}
