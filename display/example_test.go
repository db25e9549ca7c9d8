package display_test

import (
	"fmt"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

// With no sink installed, output goes to stdout as text, so the same code
// runs in a notebook and in a plain program.
func ExampleHTML() {
	display.HTML("<b>Hello</b>, <i>notebook</i>")
	// Output: Hello, notebook
}

func ExampleMarkdown() {
	display.Markdown("# Results")
	// Output: # Results
}

func ExampleText() {
	display.Text("plain output")
	// Output: plain output
}

func ExamplePNG() {
	display.PNG(tinyPNG())
	// Output: <image/png 3x2>
}

func ExampleJPEG() {
	display.JPEG([]byte{0xff, 0xd8, 0xff}) // a truncated JPEG: no size known
	// Output: <image/jpeg>
}

func ExampleSVG() {
	display.SVG(`<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>`)
	// Output: <image/svg+xml>
}

func ExampleJSON() {
	display.JSON(map[string]int{"tasks": 3})
	// Output:
	// {
	//   "tasks": 3
	// }
}

func ExampleLaTeX() {
	display.LaTeX(`$e^{i\pi} + 1 = 0$`)
	// Output: $e^{i\pi} + 1 = 0$
}

func ExampleShow() {
	display.Show(fmt.Errorf("task %d failed", 3))
	display.Show(stringer{})
	// Output:
	// task 3 failed
	// a stringer
}

func ExampleClear() {
	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	display.Text("frame 1")
	display.Clear(true)
	display.Text("frame 2")
	fmt.Println(rec)
	// Output:
	// display  frame 1
	// clear true
	// display  frame 2
}

func ExampleUse() {
	rec := &displaytest.Recorder{}
	restore := display.Use(rec)
	display.HTML("<p>to the recorder</p>")
	restore()
	display.HTML("<p>to stdout</p>")
	fmt.Println(rec.Events()[0].Bundle.Data[display.MIMEHTML])
	// Output:
	// to stdout
	// <p>to the recorder</p>
}

// A host with two notebooks in one process routes each goroutine's output
// to its own notebook's sink; a goroutine it does not know gets Use's.
func ExampleRoute() {
	a, b := &displaytest.Recorder{}, &displaytest.Recorder{}
	var cellSink display.Sink = a // the host would look up the calling goroutine's cell
	defer display.Route(func() display.Sink { return cellSink })()
	defer display.Use(b)()
	display.Text("from a's cell")
	cellSink = nil
	display.Text("from elsewhere")
	fmt.Println(a.String())
	fmt.Println(b.String())
	// Output:
	// display  from a's cell
	// display  from elsewhere
}

func ExampleCurrent() {
	fmt.Printf("%T\n", display.Current())
	defer display.Use(&displaytest.Recorder{})()
	fmt.Printf("%T\n", display.Current())
	// Output:
	// *display.TextSink
	// *displaytest.Recorder
}

func ExampleFromValue() {
	b := display.FromValue(display.Rich{Value: 42, HTML: htmlOnly{}})
	fmt.Println(b.Data[display.MIMEText])
	fmt.Println(b.Data[display.MIMEHTML])
	// Output:
	// 42
	// <b>bold</b> &amp; more
}

func ExampleRegister() {
	type point struct{ X, Y int }
	unregister := display.Register(func(v any) (display.Bundle, bool) {
		p, ok := v.(point)
		if !ok {
			return display.Bundle{}, false
		}
		return display.LaTeXBundle(fmt.Sprintf("$(%d, %d)$", p.X, p.Y)), true
	})
	defer unregister()
	display.Show(point{1, 2})
	// Output: $(1, 2)$
}

// A host whose values change after they are shown (a countdown here)
// makes display.Show draw them in a handle it keeps updating.
func ExampleRegisterLive() {
	type countdown struct{ from int }
	unregister := display.RegisterLive(func(v any, out display.Sink) bool {
		c, ok := v.(countdown)
		if !ok {
			return false
		}
		h := display.NewHandle(display.HandleOptions{ID: "countdown", Sink: out, Interval: -1})
		h.Show(c.from)
		for n := c.from - 1; n >= 0; n-- {
			h.Update(n) // a real host updates from the goroutine that sees the change
		}
		return true
	})
	defer unregister()
	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	display.Show(countdown{2})
	display.Show("not live")
	fmt.Println(rec)
	// Output:
	// display countdown 2
	// update countdown 1
	// update countdown 0
	// display  not live
}

func ExampleNew() {
	h := display.New()
	fmt.Println(len(h.ID()))
	// Output: 32
}

func ExampleNewID() {
	fmt.Println(len(display.NewID()), display.NewID() != display.NewID())
	// Output: 32 true
}

func ExampleNewHandle() {
	rec := &displaytest.Recorder{}
	clock := displaytest.NewClock()
	h := display.NewHandle(display.HandleOptions{ID: "bar", Sink: rec, Clock: clock})
	h.Show("0%")
	for i := 1; i <= 100; i++ {
		h.Update(fmt.Sprintf("%d%%", i)) // a hundred updates within moments...
	}
	clock.Advance(100 * time.Millisecond) // ...send one when the interval ends
	h.Flush()                             // and wait until it is drawn, on the handle's goroutine
	fmt.Println(rec)
	// Output:
	// display bar 0%
	// update bar 100%
}

func ExampleHandle_Update() {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "status", Sink: rec, Clock: displaytest.NewClock()})
	h.Update("pending") // nothing shown yet: shows it
	h.Update("running")
	h.Update("finished")
	h.Flush() // deliver the latest now instead of at the end of the interval
	fmt.Println(rec)
	// Output:
	// display status pending
	// update status finished
}

func ExampleHandle_Show() {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "x", Sink: rec})
	h.Show(display.MarkdownBundle("**first**"))
	h.Show("second, also with id x")
	fmt.Println(rec)
	// Output:
	// display x **first**
	// display x second, also with id x
}

func ExampleHandle_ID() {
	h := display.NewHandle(display.HandleOptions{ID: "plot-1"})
	fmt.Println(h.ID())
	// Output: plot-1
}

func ExampleHandle_Flush() {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "p", Sink: rec, Clock: displaytest.NewClock()})
	h.Show(1)
	h.Update(2)
	fmt.Println(rec.Count("update"))
	h.Flush()
	fmt.Println(rec.Count("update"))
	// Output:
	// 0
	// 1
}

func ExampleFlush() {
	rec := &displaytest.Recorder{}
	clock := displaytest.NewClock()
	a := display.NewHandle(display.HandleOptions{ID: "a", Sink: rec, Clock: clock})
	b := display.NewHandle(display.HandleOptions{ID: "b", Sink: rec, Clock: clock})
	a.Show("a0")
	b.Show("b0")
	a.Update("a1")
	b.Update("b1")
	display.Flush() // as the host does when a cell ends
	fmt.Println(rec.Count("update"))
	// Output: 2
}

func ExampleNewPacer() {
	clock := displaytest.NewClock()
	p := display.NewPacer(display.PacerOptions{
		Clock: clock,
		Send:  func(v any) { fmt.Println("sent", v) },
	})
	for i := 1; i <= 1000; i++ {
		p.Offer(i)
	}
	clock.Advance(time.Second)
	// Output:
	// sent 1
	// sent 1000
}

func ExamplePacer_SendNow() {
	p := display.NewPacer(display.PacerOptions{Send: func(v any) { fmt.Println("sent", v) }})
	p.Offer("first")
	p.Offer("dropped")
	p.SendNow("final")
	p.Flush() // nothing left
	// Output:
	// sent first
	// sent final
}

func ExampleTextSink() {
	var s display.TextSink // zero value: stdout and stderr
	h := display.NewHandle(display.HandleOptions{Sink: &s, Interval: -1})
	h.Show("step 1")
	h.Update("step 2")
	// Output:
	// step 1
	// step 2
}

func ExampleHTMLBundle() {
	b := display.HTMLBundle("<ul><li>one</li><li>two</li></ul>")
	fmt.Println(b.Data[display.MIMEText])
	// Output: one two
}

func ExampleTextBundle() {
	fmt.Println(display.TextBundle("hi").Data)
	// Output: map[text/plain:hi]
}

func ExampleMarkdownBundle() {
	fmt.Println(display.MarkdownBundle("*x*").Data[display.MIMEMarkdown])
	// Output: *x*
}

func ExampleLaTeXBundle() {
	fmt.Println(display.LaTeXBundle("$x$").Data[display.MIMELaTeX])
	// Output: $x$
}

func ExampleSVGBundle() {
	fmt.Println(display.SVGBundle("<svg/>").Data[display.MIMEText])
	// Output: <image/svg+xml>
}

func ExampleJSONBundle() {
	b := display.JSONBundle([]int{1, 2})
	fmt.Println(b.Metadata[display.MIMEJSON])
	// Output: map[expanded:false]
}

func ExamplePNGBundle() {
	fmt.Println(display.PNGBundle(tinyPNG()).Data[display.MIMEText])
	// Output: <image/png 3x2>
}

func ExampleJPEGBundle() {
	fmt.Println(display.JPEGBundle([]byte{0xff, 0xd8}).Data[display.MIMEJPEG])
	// Output: /9g=
}

func ExampleRealClock() {
	var c display.Clock = display.RealClock{}
	fired := make(chan bool)
	c.AfterFunc(time.Millisecond, func() { fired <- true })
	fmt.Println(<-fired)
	// Output: true
}

// Settle sends a display's last state at once and marks it so: a sink that
// is a display.Settler (the kernel's) also shows it to frontends that ignore
// in-place updates, such as jupyter console.
func ExampleHandle_Settle() {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "job", Sink: rec})
	h.Show("loading")
	h.Update("half way")
	h.Flush()
	h.Settle("done")
	for _, e := range rec.Events() {
		fmt.Println(e, e.Settled)
	}
	// Output:
	// display job loading false
	// update job half way false
	// update job done true
}
