package interp

import (
	"sync"
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
	v := &streamView{s: s, h: display.NewHandle(display.HandleOptions{Sink: out})}
	v.h.Show(s) // rendered when sent, as every update
	v.arm()
	unsubscribe := s.Client().Subscribe(func(e futures.Event) {
		// A pending task with a worker failed a run and will be retried;
		// one without has only been submitted, which the stream omits.
		if e.Status != futures.Pending || e.Worker != "" {
			v.h.Update(s)
			v.arm()
		}
	})
	return func() {
		unsubscribe()
		v.mu.Lock()
		defer v.mu.Unlock()
		v.stopped = true
		if v.timer != nil {
			v.timer.Stop()
		}
	}
}

// streamView is a shown task stream. While runs go on, a timer redraws it
// every streamTick; none is set while the client is idle.
type streamView struct {
	s *futures.TaskStream
	h *display.Handle

	mu      sync.Mutex
	timer   *time.Timer
	stopped bool
}

// arm sets the timer when some task runs and none is set.
func (v *streamView) arm() {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.stopped || v.timer != nil || v.s.Client().Counts().Running == 0 {
		return
	}
	v.timer = time.AfterFunc(streamTick, v.tick)
}

func (v *streamView) tick() {
	v.mu.Lock()
	v.timer = nil
	stopped := v.stopped
	v.mu.Unlock()
	if !stopped && v.s.Client().Counts().Running > 0 {
		v.h.Update(v.s)
		v.arm()
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
