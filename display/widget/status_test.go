package widget_test

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/widget"
)

func assertLines(t *testing.T, rec *displaytest.Recorder, want ...string) {
	t.Helper()
	if got := rec.Lines(); !slices.Equal(got, want) {
		t.Errorf("got messages\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

func TestStatusText(t *testing.T) {
	tests := []struct {
		name string
		s    widget.Status
		want string
	}{
		{"shows a pending task without time", widget.Status{Func: "inc", Key: "inc-1", Status: "pending"}, "<Future: pending, key: inc-1>"},
		{"shows a running task with its time", widget.Status{Key: "inc-1", Status: "running", Elapsed: 340 * time.Millisecond}, "<Future: running, key: inc-1, 340ms>"},
		{"shows a finished task with its type", widget.Status{Key: "inc-1", Status: "finished", ResultType: "int", Elapsed: 1200 * time.Millisecond},
			"<Future: finished, type: int, key: inc-1, 1.2s>"},
		{"shows a failed task with its error", widget.Status{Key: "div-2", Status: "error", Elapsed: 2*time.Minute + 5*time.Second, Err: errors.New("division by zero")},
			"<Future: error, key: div-2, 2m05s, error: division by zero>"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Errorf("String() = %q, want %q", got, tt.want)
			}
			if got := tt.s.Bundle().Data[display.MIMEText]; got != tt.want {
				t.Errorf("text/plain = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestStatusCardEscapesAndColours(t *testing.T) {
	html := widget.Status{Func: "<f>", Key: "k&1", Status: "error", Err: errors.New("a < b")}.Bundle().Data[display.MIMEHTML].(string)
	for _, want := range []string{"&lt;f&gt;", "k&amp;1", "a &lt; b", "#e53935"} {
		if !strings.Contains(html, want) {
			t.Errorf("card lacks %q: %s", want, html)
		}
	}
	if strings.Contains(html, "<f>") {
		t.Errorf("card does not escape the function name: %s", html)
	}
}

// A status card shown through a handle goes through the states a future
// goes through, each replacing the last in place.
func TestStatusUpdatesInPlace(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name string
		// apart is whether an interval passes between two states.
		apart  bool
		states []widget.Status
		want   []string
	}{
		{"goes from pending to running to finished", true, []widget.Status{
			{Key: "inc-1", Status: "pending"},
			{Key: "inc-1", Status: "running", Elapsed: 0},
			{Key: "inc-1", Status: "finished", ResultType: "int", Elapsed: 20 * ms},
		}, []string{
			"display f1 <Future: pending, key: inc-1>",
			"update f1 <Future: running, key: inc-1, 0ms>",
			"update f1 <Future: finished, type: int, key: inc-1, 20ms>",
		}},
		{"goes from pending to error", true, []widget.Status{
			{Key: "div-1", Status: "pending"},
			{Key: "div-1", Status: "error", Elapsed: 5 * ms, Err: errors.New("boom")},
		}, []string{
			"display f1 <Future: pending, key: div-1>",
			"update f1 <Future: error, key: div-1, 5ms, error: boom>",
		}},
		{"keeps only the last of states that change within one interval", false, []widget.Status{
			{Key: "inc-1", Status: "pending"},
			{Key: "inc-1", Status: "running"},
			{Key: "inc-1", Status: "finished", ResultType: "int", Elapsed: ms},
		}, []string{
			"display f1 <Future: pending, key: inc-1>",
			"update f1 <Future: finished, type: int, key: inc-1, 1ms>",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
			h := display.NewHandle(display.HandleOptions{ID: "f1", Sink: rec, Clock: clock, Synchronous: true})
			for _, s := range tt.states {
				h.Update(s)
				if tt.apart {
					clock.Advance(display.DefaultInterval)
				}
			}
			clock.Advance(display.DefaultInterval)
			assertLines(t, rec, tt.want...)
		})
	}
}
