package plot_test

import (
	"math"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/palette"
	"gonum.org/v1/plot/plotter"

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

// grid is a heat map's data: z = sin(r + phase) over n×n cells.
type grid struct {
	n     int
	phase float64
}

func (g grid) Dims() (c, r int)   { return g.n, g.n }
func (g grid) X(c int) float64    { return float64(c) }
func (g grid) Y(r int) float64    { return float64(r) }
func (g grid) Z(c, r int) float64 { return math.Sin(math.Hypot(float64(c), float64(r))/8 + g.phase) }

// BenchmarkHeatMapUpdateCaller measures what Handle.Update costs the loop
// that calls it, with a new 100×100 heat map each pass, as a cell redraws a
// live heat map: the drawing (hundreds of milliseconds a frame) happens on
// the handle's goroutine, at most ten times a second, so the caller's cost
// per Update is a hand-over of microseconds. The final frame is drawn by
// the Flush after the loop, outside the measurement.
func BenchmarkHeatMapUpdateCaller(b *testing.B) {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "heat", Sink: rec})
	heat := func(phase float64) *gplot.Plot {
		p := gplot.New()
		p.Add(plotter.NewHeatMap(grid{100, phase}, palette.Heat(64, 1)))
		return p
	}
	h.Show(heat(0))
	plots := make([]*gplot.Plot, 64) // built outside the measurement
	for i := range plots {
		plots[i] = heat(float64(i) / 10)
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		h.Update(plots[i%len(plots)])
	}
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N), "µs/update")
	b.StopTimer()
	h.Flush()
}
