package interp

import (
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/widget"
	"github.com/gofutures/gofutures/futures"
)

// The task stream as a notebook shows it: a display/widget.TaskStream of
// the client's runs, running ones drawn open up to now, redrawn as runs
// start and end, and every streamTick while some run so that their bars
// grow. A *futures.TaskStream handed to a display.Handle is drawn by the
// renderer registered here, once per update.

// streamTick is how often a live task stream redraws while tasks run.
const streamTick = time.Second

func init() {
	display.Register(func(v any) (display.Bundle, bool) {
		s, ok := v.(*futures.TaskStream)
		if !ok || s == nil {
			return display.Bundle{}, false
		}
		return taskStream(s.Records(), time.Now()).Bundle(), true
	})
}

// showTaskStream draws s and redraws it as its client's runs start and
// end, until stop.
func showTaskStream(s *futures.TaskStream, out display.Sink) (stop func()) {
	h := display.NewHandle(display.HandleOptions{Sink: out})
	h.Show(s) // rendered when sent, as every update
	r := newRefresher(streamTick, func() bool { return s.Client().Counts().Running > 0 }, func() { h.Update(s) })
	r.arm()
	unsubscribe := s.Client().Subscribe(func(e futures.Event) {
		// A pending task with a worker failed a run and will be retried;
		// one without has only been submitted, which the stream omits.
		if e.Status != futures.Pending || e.Worker != "" {
			h.Update(s)
			r.arm()
		}
	})
	return func() {
		unsubscribe()
		r.stop()
	}
}

// taskStream is the widget of recs; running runs end at now.
func taskStream(recs []futures.TaskRecord, now time.Time) widget.TaskStream {
	ts := widget.TaskStream{Title: "Task stream", Records: make([]widget.TaskRecord, len(recs))}
	for i, r := range recs {
		status := r.Status.String()
		switch r.Status {
		case futures.Pending:
			status = "error" // a run that failed and will be retried
		case futures.Running:
			ts.Now = now
		}
		ts.Records[i] = widget.TaskRecord{Worker: r.Worker, Name: r.Func, Start: r.Start, Stop: r.Stop, Status: status}
	}
	return ts
}
