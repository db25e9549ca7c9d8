package plot_test

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
	"testing"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/plot"
)

// linePlot returns a titled plot of one sine line through n points.
func linePlot(t testing.TB, n int, phase float64) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = "sine"
	xys := make(plotter.XYs, n)
	for i := range xys {
		x := float64(i) / float64(n) * 4 * math.Pi
		xys[i] = plotter.XY{X: x, Y: math.Sin(x + phase)}
	}
	l, err := plotter.NewLine(xys)
	if err != nil {
		t.Fatal(err)
	}
	p.Add(l)
	return p
}

func decodePNG(t *testing.T, b display.Bundle) image.Image {
	t.Helper()
	s, ok := b.Data[display.MIMEPNG].(string)
	if !ok {
		t.Fatalf("no image/png in %v", b.Data[display.MIMEText])
	}
	raw, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// inked counts the pixels that are not white.
func inked(img image.Image) int {
	n := 0
	r := img.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if c := color.GrayModel.Convert(img.At(x, y)).(color.Gray); c.Y < 250 {
				n++
			}
		}
	}
	return n
}

func TestRenderPNG(t *testing.T) {
	tests := []struct {
		name         string
		opts         plot.Options
		pixW, pixH   int
		showW, showH int
	}{
		{"renders 6x4 inches at twice the displayed size by default", plot.Options{}, 1152, 768, 576, 384},
		{"renders a chosen size and scale", plot.Options{Width: 3 * vg.Inch, Height: 2 * vg.Inch, Scale: 1}, 288, 192, 288, 192},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := plot.Render(linePlot(t, 1000, 0), tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			img := decodePNG(t, b)
			if got := img.Bounds().Size(); got.X != tt.pixW || got.Y != tt.pixH {
				t.Errorf("PNG is %dx%d, want %dx%d", got.X, got.Y, tt.pixW, tt.pixH)
			}
			// The axes, labels and the line ink at least 1% and at most half of the picture.
			if n, total := inked(img), tt.pixW*tt.pixH; n < total/100 || n > total/2 {
				t.Errorf("%d of %d pixels inked: blank or filled", n, total)
			}
			meta, _ := b.Metadata[display.MIMEPNG].(map[string]any)
			if meta["width"] != tt.showW || meta["height"] != tt.showH {
				t.Errorf("metadata %v, want width %d height %d", meta, tt.showW, tt.showH)
			}
			want := fmt.Sprintf(`<plot "sine" %dx%d>`, tt.showW, tt.showH)
			if got := b.Data[display.MIMEText]; got != want {
				t.Errorf("text/plain = %v, want %s", got, want)
			}
		})
	}
}

func TestRenderSVG(t *testing.T) {
	b, err := plot.Render(linePlot(t, 10, 0), plot.Options{Format: plot.SVG})
	if err != nil {
		t.Fatal(err)
	}
	svg, _ := b.Data[display.MIMESVG].(string)
	if !strings.Contains(svg, "<svg") || !strings.Contains(svg, "sine") {
		t.Errorf("SVG lacks the svg element or the title: %.200s", svg)
	}
	if _, ok := b.Data[display.MIMEPNG]; ok {
		t.Errorf("SVG rendering also carries a PNG")
	}
}

func TestRenderRejects(t *testing.T) {
	tests := []struct {
		name string
		p    *gplot.Plot
		opts plot.Options
		want string
	}{
		{"a nil plot", nil, plot.Options{}, "display/plot: nil plot"},
		{"an unknown format", gplot.New(), plot.Options{Format: "gif"}, `display/plot: unknown format "gif"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := plot.Render(tt.p, tt.opts)
			if err == nil || err.Error() != tt.want {
				t.Errorf("err = %v, want %s", err, tt.want)
			}
			if got := (plot.Figure{Plot: tt.p, Options: tt.opts}).Bundle().Data[display.MIMEText]; got != tt.want {
				t.Errorf("Figure text = %v, want %s", got, tt.want)
			}
		})
	}
}

func TestHandleUpdateRedrawsAPlot(t *testing.T) {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	h := display.NewHandle(display.HandleOptions{ID: "p", Sink: rec, Clock: clock})
	h.Show(linePlot(t, 100, 0))
	for i := 1; i <= 50; i++ {
		h.Update(linePlot(t, 100, float64(i)))
	}
	clock.Advance(display.DefaultInterval)
	h.Flush() // wait for the frame the timer sent: drawings run on the handle's goroutine
	plot.Update(h, linePlot(t, 100, 0))
	h.Flush()
	if got, want := rec.Lines(), []string{`display p <plot "sine" 576x384>`, `update p <plot "sine" 576x384>`, `update p <plot "sine" 576x384>`}; strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("messages %q, want %q", got, want)
	}
	for _, e := range rec.Events() {
		decodePNG(t, e.Bundle)
	}
}
