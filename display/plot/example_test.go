package plot_test

import (
	"fmt"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/plot"
)

func squares() *gplot.Plot {
	p := gplot.New()
	p.Title.Text = "squares"
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}, {X: 2, Y: 4}})
	p.Add(l)
	return p
}

// Outside a notebook, the text fallback goes to stdout.
func ExampleShow() {
	plot.Show(squares())
	// Output: <plot "squares" 576x384>
}

func ExampleShowSVG() {
	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	plot.ShowSVG(squares())
	e, _ := rec.Last("display")
	_, ok := e.Bundle.Data[display.MIMESVG]
	fmt.Println(ok)
	// Output: true
}

// Importing display/plot teaches display.Show and Handle.Update to draw
// plots; plot.Update is the same as h.Update(p).
func ExampleUpdate() {
	rec := &displaytest.Recorder{}
	clock := displaytest.NewClock()
	h := display.NewHandle(display.HandleOptions{ID: "fig", Sink: rec, Clock: clock})
	h.Show(squares())
	for i := 0; i < 5; i++ {
		plot.Update(h, squares()) // redrawn at most ten times a second
	}
	clock.Advance(display.DefaultInterval)
	h.Flush() // wait for the drawing, which runs on the handle's goroutine
	fmt.Println(rec)
	// Output:
	// display fig <plot "squares" 576x384>
	// update fig <plot "squares" 576x384>
}

func ExampleRender() {
	b, err := plot.Render(squares(), plot.Options{Width: 4 * vg.Inch, Height: 3 * vg.Inch})
	if err != nil {
		panic(err)
	}
	fmt.Println(b.Data[display.MIMEText], b.Metadata[display.MIMEPNG])
	// Output: <plot "squares" 384x288> map[height:288 width:384]
}

func ExampleFigure() {
	f := plot.Figure{Plot: squares(), Options: plot.Options{Format: plot.SVG}}
	display.Show(f)
	// Output: <plot "squares" 576x384>
}

func ExampleFigure_Bundle() {
	b := plot.Figure{Plot: nil}.Bundle()
	fmt.Println(b.Data[display.MIMEText])
	// Output: display/plot: nil plot
}
