package plot_test

import (
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

// BenchmarkLinePlotUpdate measures one frame of a live plot: render a
// 1,000-point line plot as the default PNG and publish it as an update
// (coalescing off, so every frame is drawn). Target: under 30 ms/frame.
// BenchmarkKernelPlotUpdate in bench/display measures the same frame sent
// by a cell through the kernel.
func BenchmarkLinePlotUpdate(b *testing.B) {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "p", Sink: rec, Interval: -1})
	p := linePlot(b, 1000, 0)
	h.Show(p)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		h.Update(p)
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N), "ms/frame")
	if got := rec.Count("update"); got != b.N {
		b.Fatalf("%d updates published for %d frames", got, b.N)
	}
}
