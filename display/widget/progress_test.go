package widget_test

import (
	"errors"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/widget"
)

var errTask = errors.New("task failed")

func newBar(rec display.Sink, clock *displaytest.Clock, total int, comms bool) *widget.Progress {
	return widget.NewProgress(widget.ProgressOptions{Title: "map", Total: total, ID: "bar", Sink: rec, Clock: clock, Comms: comms})
}

func TestProgressStateText(t *testing.T) {
	tests := []struct {
		name string
		s    widget.ProgressState
		want string
	}{
		{"shows an empty bar", widget.ProgressState{Total: 4},
			"[..............................]   0% 0/4 done, 0ms"},
		{"shows a half bar with rate", widget.ProgressState{Title: "t", Done: 5, Total: 10, Elapsed: 2 * time.Second},
			"t [###############...............]  50% 5/10 done, 2.0s, 2.5/s"},
		{"shows errors", widget.ProgressState{Done: 10, Total: 10, Errors: 2, Elapsed: time.Second},
			"[##############################] 100% 10/10 done, 2 errors, 1.0s, 10.0/s"},
		{"clamps a bar over its total", widget.ProgressState{Done: 12, Total: 10, Errors: 1, Elapsed: time.Second},
			"[##############################] 100% 12/10 done, 1 error, 1.0s, 12.0/s"},
		{"shows nothing to do as complete", widget.ProgressState{},
			"[##############################] 100% 0/0 done, 0ms"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.s.String(); got != tt.want {
				t.Errorf("String() = %q\nwant         %q", got, tt.want)
			}
			if got := tt.s.Bundle().Data[display.MIMEText]; got != tt.want {
				t.Errorf("text/plain = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestProgressBarColour(t *testing.T) {
	tests := []struct {
		name  string
		s     widget.ProgressState
		color string
	}{
		{"is blue while running", widget.ProgressState{Done: 1, Total: 2}, "#1e88e5"},
		{"is green when complete", widget.ProgressState{Done: 2, Total: 2}, "#43a047"},
		{"is red when a task failed", widget.ProgressState{Done: 1, Total: 2, Errors: 1}, "#e53935"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if html := tt.s.Bundle().Data[display.MIMEHTML].(string); !strings.Contains(html, "accent-color:"+tt.color) {
				t.Errorf("bar lacks colour %s: %s", tt.color, html)
			}
		})
	}
}

func TestProgressSendsTheExactFinalStateAtOnce(t *testing.T) {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	p := newBar(rec, clock, 3, false)
	clock.Advance(200 * time.Millisecond)
	p.Complete(nil)
	p.Complete(errTask) // within the interval: pending
	clock.Advance(50 * time.Millisecond)
	p.Complete(nil) // complete: sent at once, clock stopped
	clock.Advance(time.Hour)
	assertLines(t, rec,
		"display bar map [..............................]   0% 0/3 done, 0ms",
		"update bar map [##########....................]  33% 1/3 done, 200ms, 5.0/s",
		"update bar map [##############################] 100% 3/3 done, 1 error, 250ms, 12.0/s",
	)
	if got := p.State(); got.Elapsed != 250*time.Millisecond {
		t.Errorf("elapsed after completion = %v, want it frozen at 250ms", got.Elapsed)
	}
}

func TestProgressCoalescesTenThousandCompletions(t *testing.T) {
	for _, comms := range []bool{false, true} {
		name := map[bool]string{false: "as HTML", true: "over comms"}[comms]
		t.Run("sends tens of messages "+name, func(t *testing.T) {
			rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
			p := newBar(rec, clock, 10000, comms)
			for i := range 10000 {
				p.Complete(map[bool]error{true: errTask}[i%1000 == 0])
				clock.Advance(100 * time.Microsecond) // 10,000 in one second
			}
			if n := len(rec.Events()); n > 50 {
				t.Errorf("%d messages for 10,000 completions, want under 50", n)
			}
			last, _ := rec.Last("update")
			want := "map [##############################] 100% 10000/10000 done, 10 errors, 999ms, 10001.0/s"
			if got := last.Bundle.Data[display.MIMEText]; got != want {
				t.Errorf("final text %q, want %q", got, want)
			}
			if comms {
				msg, _ := rec.Last("comm_msg")
				if got := msg.Data["state"]; !reflect.DeepEqual(got, map[string]any{"value": "10000/10000 done, 10 errors, 999ms, 10001.0/s"}) {
					t.Errorf("last comm state %v, want the final label", got)
				}
			}
		})
	}
}

func TestProgressKeepsUpdatingAfterTheCellEnded(t *testing.T) {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	restore := display.Use(rec)
	p := widget.NewProgress(widget.ProgressOptions{Total: 2, ID: "bar", Clock: clock})
	restore()
	other := &displaytest.Recorder{}
	defer display.Use(other)()
	done := make(chan struct{})
	go func() {
		defer close(done)
		clock.Advance(time.Second)
		p.Add(2, 0)
	}()
	<-done
	assertLines(t, rec,
		"display bar [..............................]   0% 0/2 done, 0ms",
		"update bar [##############################] 100% 2/2 done, 1.0s, 2.0/s")
	assertLines(t, other)
}

func TestProgressSetAndSetTotal(t *testing.T) {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	p := newBar(rec, clock, 2, false)
	p.Set(2, 0) // complete
	p.SetTotal(4)
	clock.Advance(time.Second) // the pending state goes out
	p.Set(4, 1)
	assertLines(t, rec,
		"display bar map [..............................]   0% 0/2 done, 0ms",
		"update bar map [##############################] 100% 2/2 done, 0ms",
		"update bar map [###############...............]  50% 2/4 done, 0ms",
		"update bar map [##############################] 100% 4/4 done, 1 error, 1.0s, 4.0/s",
	)
}

func TestProgressOverComms(t *testing.T) {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	p := newBar(rec, clock, 2, true)
	if !p.Comms() {
		t.Fatal("no comms with a sink that opens them")
	}
	clock.Advance(time.Second)
	p.Complete(nil)
	p.Complete(nil)
	assertLines(t, rec,
		"comm_open comm-1 jupyter.widget",
		"comm_open comm-2 jupyter.widget",
		"comm_open comm-3 jupyter.widget",
		"display bar map [..............................]   0% 0/2 done, 0ms",
		"comm_msg comm-1 update", "comm_msg comm-2 update", // 1/2, at once
		"comm_msg comm-1 update", "comm_msg comm-2 update", // 2/2, at once as final
		"update bar map [##############################] 100% 2/2 done, 1.0s, 2.0/s",
	)
	es := rec.Events()
	t.Run("opens the models with protocol 2.1.0 metadata", func(t *testing.T) {
		for i, model := range []string{"IntProgressModel", "HTMLModel", "HBoxModel"} {
			e := es[i]
			if e.Metadata["version"] != "2.1.0" {
				t.Errorf("%s metadata %v, want version 2.1.0", model, e.Metadata)
			}
			state := e.Data["state"].(map[string]any)
			if state["_model_name"] != model || state["_model_module_version"] != "2.0.0" || state["_view_module"] != "@jupyter-widgets/controls" {
				t.Errorf("state of %s: %v", model, state)
			}
			if _, ok := e.Data["buffer_paths"]; !ok {
				t.Errorf("%s comm_open lacks buffer_paths", model)
			}
		}
		bar := es[0].Data["state"].(map[string]any)
		if bar["_view_name"] != "ProgressView" || bar["max"] != 2 || bar["value"] != 0 || bar["description"] != "map" {
			t.Errorf("progress state %v", bar)
		}
		box := es[2].Data["state"].(map[string]any)
		if !reflect.DeepEqual(box["children"], []any{"IPY_MODEL_comm-1", "IPY_MODEL_comm-2"}) {
			t.Errorf("box children %v", box["children"])
		}
	})
	t.Run("places the box with a widget view and a text fallback", func(t *testing.T) {
		view := es[3].Bundle.Data[widget.MIMEWidgetView]
		if !reflect.DeepEqual(view, map[string]any{"model_id": "comm-3", "version_major": 2, "version_minor": 0}) {
			t.Errorf("widget view %v", view)
		}
	})
	t.Run("ends with a successful full bar", func(t *testing.T) {
		want := map[string]any{"method": "update", "buffer_paths": []any{}, "state": map[string]any{"value": 2, "max": 2, "description": "map", "bar_style": "success"}}
		if got := es[6].Data; !reflect.DeepEqual(got, want) {
			t.Errorf("final bar update %v, want %v", got, want)
		}
	})
	t.Run("answers request_state with the full state", func(t *testing.T) {
		rec.Reset()
		if !rec.Deliver("comm-1", map[string]any{"method": "request_state"}) {
			t.Fatal("comm-1 does not listen")
		}
		rec.Deliver("comm-1", map[string]any{"method": "update", "state": map[string]any{"value": 1}}) // ignored
		msgs := rec.Events()
		if len(msgs) != 1 || msgs[0].ID != "comm-1" {
			t.Fatalf("replies %v, want one update on comm-1", rec.Lines())
		}
		state := msgs[0].Data["state"].(map[string]any)
		if state["_model_name"] != "IntProgressModel" || state["value"] != 2 || state["bar_style"] != "success" {
			t.Errorf("full state %v", state)
		}
	})
	t.Run("closes its comms once", func(t *testing.T) {
		rec.Reset()
		p.Close()
		p.Close()
		assertLines(t, rec, "comm_close comm-3", "comm_close comm-1", "comm_close comm-2")
	})
}

type failingOpener struct{ displaytest.Recorder }

func (f *failingOpener) OpenComm(target string, data, metadata map[string]any, onMsg func(map[string]any)) (display.Comm, error) {
	if f.Count("comm_open") == 1 {
		return nil, errors.New("no more comms")
	}
	return f.Recorder.OpenComm(target, data, metadata, onMsg)
}

func TestProgressFallsBackToHTML(t *testing.T) {
	tests := []struct {
		name  string
		sink  display.Sink
		comms bool
	}{
		{"when comms are not asked for", &displaytest.Recorder{}, false},
		{"when the sink cannot open comms", displaytest.SinkOnly{Sink: &displaytest.Recorder{}}, true},
		{"when opening a comm fails", &failingOpener{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := newBar(tt.sink, displaytest.NewClock(), 1, tt.comms)
			if p.Comms() {
				t.Fatal("Comms() = true")
			}
			p.Complete(nil)
			var rec *displaytest.Recorder
			switch s := tt.sink.(type) {
			case *displaytest.Recorder:
				rec = s
			case displaytest.SinkOnly:
				rec = s.Sink.(*displaytest.Recorder)
			case *failingOpener:
				rec = &s.Recorder
			}
			last, _ := rec.Last("update")
			if _, ok := last.Bundle.Data[display.MIMEHTML]; !ok {
				t.Errorf("final state is not HTML: %v", last.Bundle.Data)
			}
			if n := rec.Count("comm_close"); n != rec.Count("comm_open") {
				t.Errorf("%d comms opened, %d closed", rec.Count("comm_open"), n)
			}
		})
	}
}

func TestProgressFromManyGoroutinesEndsExact(t *testing.T) {
	for _, comms := range []bool{false, true} {
		rec := &displaytest.Recorder{}
		p := widget.NewProgress(widget.ProgressOptions{Total: 8000, ID: "bar", Sink: rec, Comms: comms})
		var wg sync.WaitGroup
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range 1000 {
					p.Complete(nil)
				}
			}()
		}
		wg.Wait()
		last, _ := rec.Last("update")
		if text := last.Bundle.Data[display.MIMEText].(string); !strings.Contains(text, "100% 8000/8000 done") {
			t.Errorf("comms %v: final text %q", comms, text)
		}
	}
}

func TestProgressOverCommsWithNothingToDoIsFull(t *testing.T) {
	rec := &displaytest.Recorder{}
	newBar(rec, displaytest.NewClock(), 0, true)
	bar := rec.Events()[0].Data["state"].(map[string]any)
	if bar["value"] != 1 || bar["max"] != 1 || bar["bar_style"] != "success" {
		t.Errorf("bar state %v, want a full successful bar", bar)
	}
	assertLines(t, rec, "comm_open comm-1 jupyter.widget", "comm_open comm-2 jupyter.widget", "comm_open comm-3 jupyter.widget",
		"display bar map [##############################] 100% 0/0 done, 0ms")
}
