package displaybench

import (
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// The targets of the display issue, printed by make bench-display beside
// the figures.
const (
	targetMsPerFrame = 30 // a 1,000-point line plot update, rendered and published
	targetMessages   = 50 // a progress bar over 10,000 futures
)

// startKernel runs a kernel with a fresh session and runs setup in it.
func startKernel(b *testing.B, setup string) *kerneltest.Client {
	b.Helper()
	s, err := interp.New(interp.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	// The kernel's debug log would print with the figures.
	k := kerneltest.Start(b, s, func(o *kernel.Options) { o.Logger = slog.New(slog.DiscardHandler) })
	execute(b, k, setup)
	return k
}

// execute runs code as a cell, failing the benchmark unless it succeeds.
func execute(b *testing.B, k *kerneltest.Client, code string) kerneltest.Result {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	r, err := k.Execute(ctx, code)
	if err != nil || r.Status() != "ok" {
		b.Fatalf("cell %q: %v, %v, stderr %q", code, r.Types(), err, r.Stderr())
	}
	return r
}

// display is the display id and the data of a display_data or
// update_display_data message.
func display(m kernel.Message) (id string, data map[string]any) {
	c := kerneltest.Content(m)
	data, _ = c["data"].(map[string]any)
	transient, _ := c["transient"].(map[string]any)
	id, _ = transient["display_id"].(string)
	return id, data
}

// BenchmarkKernelPlotUpdate measures one frame of a live plot as a
// notebook gets it: a cell redraws a 1,000-point gonum line plot through a
// display handle (coalescing off, so every frame is rendered), and the
// time runs until the frontend has received each frame as an
// update_display_data with a PNG. ms/frame is the figure (target under 30).
func BenchmarkKernelPlotUpdate(b *testing.B) {
	k := startKernel(b, `import (
	"math"

	"github.com/gofutures/gofutures/display"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
)
xys := make(plotter.XYs, 1000)
for i := range xys {
	x := float64(i) / 1000 * 4 * math.Pi
	xys[i] = plotter.XY{X: x, Y: math.Sin(x)}
}
line, err := plotter.NewLine(xys)
if err != nil {
	panic(err)
}
p := plot.New()
p.Title.Text = "sine"
p.Add(line)
h := display.NewHandle(display.HandleOptions{Interval: -1})
h.Show(p)`)
	// Each frame moves one point, so that no two frames are alike.
	frames := fmt.Sprintf(`for i := 0; i < %d; i++ {
	line.XYs[i%%1000].Y += 0.01
	h.Update(p)
}`, b.N)
	b.ResetTimer()
	r := execute(b, k, frames)
	b.StopTimer()
	updates := r.Of("update_display_data")
	if len(updates) != b.N {
		b.Fatalf("%d update_display_data for %d frames: %v", len(updates), b.N, r.Types())
	}
	if _, data := display(updates[len(updates)-1]); data["image/png"] == nil {
		b.Fatalf("the last frame has no image/png: %v", data["text/plain"])
	}
	msPerFrame := b.Elapsed().Seconds() * 1000 / float64(b.N)
	b.ReportMetric(msPerFrame, "ms/frame")
	b.ReportMetric(msPerFrame/targetMsPerFrame, "of-target")
}

// BenchmarkKernelProgressMessages counts the messages a notebook receives
// for futures.ProgressWait over 10,000 real futures, which ten workers
// finish in about a second (each sleeps 1 ms): every display_data and
// update_display_data of the bar's display id on iopub, including any
// after the cell's idle. msgs/op is the figure (target under 50); s/run is
// how long the futures took.
func BenchmarkKernelProgressMessages(b *testing.B) {
	k := startKernel(b, `import (
	"time"

	"github.com/gofutures/gofutures/futures"
)
sleeps := make([]time.Duration, 10000)
for i := range sleeps {
	sleeps[i] = time.Millisecond + time.Duration(i) // distinct, so that no two futures share a key
}`)
	var msgs, seconds float64
	for i := 0; i < b.N; i++ {
		start := time.Now()
		r := execute(b, k, fmt.Sprintf(`c%d := futures.NewClient(futures.Workers(10))
futures.ProgressWait(c%[1]d.Map(time.Sleep, sleeps)...)
c%[1]d.Close()`, i))
		seconds += time.Since(start).Seconds()
		shown := r.Of("display_data")
		if len(shown) != 1 {
			b.Fatalf("iopub %v, want one display_data", r.Types())
		}
		id, _ := display(shown[0])
		n, last := 0, ""
		for _, m := range r.IOPub {
			if mid, data := display(m); mid == id {
				n, last = n+1, fmt.Sprint(data["text/plain"])
			}
		}
		// A late message of the bar (none are expected: ProgressWait
		// sends the final state before it returns) would come within
		// the coalescing interval.
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		for {
			m, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool { mid, _ := display(m); return mid == id })
			if err != nil {
				break
			}
			_, data := display(m)
			n, last = n+1, fmt.Sprint(data["text/plain"])
		}
		cancel()
		if !strings.Contains(last, "10000/10000") {
			b.Fatalf("final state %q, want 10000/10000 done", last)
		}
		msgs += float64(n)
	}
	b.ReportMetric(msgs/float64(b.N), "msgs/op")
	b.ReportMetric(msgs/float64(b.N)/targetMessages, "of-target")
	b.ReportMetric(seconds/float64(b.N), "s/run")
}
