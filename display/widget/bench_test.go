package widget_test

import (
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/widget"
)

// BenchmarkProgressMessages counts the messages a progress bar sends for
// 10,000 completions (target: under 50). "1s" spreads them over one second
// of a manual clock; "burst" sends them as fast as the machine can on the
// wall clock. msgs/op is the figure; ns/op is the cost of the 10,000.
// BenchmarkKernelProgressMessages in bench/display counts the messages of
// a bar over 10,000 real futures, as a notebook receives them.
func BenchmarkProgressMessages(b *testing.B) {
	for _, bc := range []struct {
		name  string
		comms bool
		burst bool
	}{{"html/1s", false, false}, {"html/burst", false, true}, {"comms/1s", true, false}, {"comms/burst", true, true}} {
		b.Run(bc.name, func(b *testing.B) {
			var msgs int
			for b.Loop() {
				rec := &displaytest.Recorder{}
				var clock display.Clock = display.RealClock{}
				manual := displaytest.NewClock()
				if !bc.burst {
					clock = manual
				}
				p := widget.NewProgress(widget.ProgressOptions{Total: 10000, Sink: rec, Clock: clock, Comms: bc.comms})
				for range 10000 {
					p.Complete(nil)
					if !bc.burst {
						manual.Advance(100 * time.Microsecond)
					}
				}
				msgs = len(rec.Events())
			}
			b.ReportMetric(float64(msgs), "msgs/op")
		})
	}
}
