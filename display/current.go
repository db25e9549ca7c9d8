package display

import (
	"fmt"
	"io"
	"os"
	"sync"
	"sync/atomic"
)

// current holds the sink installed by Use; nil means the process's own
// standard streams.
var current atomic.Pointer[sinkBox]

type sinkBox struct{ s Sink }

// Use installs s as the sink of the running cell and returns a function that
// puts the previous sink back. The interpreter calls it around each cell;
// plain programs need not call it at all.
//
// There is one current sink per process, not per goroutine: output from a
// goroutine that outlives its cell goes to the sink current when it shows,
// unless it was captured earlier (a Handle keeps the sink it was made with).
func Use(s Sink) (restore func()) {
	var box *sinkBox
	if s != nil {
		box = &sinkBox{s}
	}
	prev := current.Swap(box)
	return func() { current.Store(prev) }
}

// route holds the function installed by Route.
var route atomic.Pointer[func() Sink]

// Route installs f, which Current asks first, and returns a function that
// puts the previous one back. A host that runs several notebooks in one
// process returns the sink of the cell the calling goroutine works for, so
// that each notebook's output stays its own; f returns nil to leave the
// choice to Use. f must be cheap and must not call Current.
func Route(f func() Sink) (restore func()) {
	var p *func() Sink
	if f != nil {
		p = &f
	}
	prev := route.Swap(p)
	return func() { route.Store(prev) }
}

// Current returns the sink Route's function gives, else the sink installed
// by Use, or, when none is, a sink that writes the text/plain form of each
// output to os.Stdout, so that a plain Go program using display prints
// something sensible.
func Current() Sink {
	if f := route.Load(); f != nil {
		if s := (*f)(); s != nil {
			return s
		}
	}
	if box := current.Load(); box != nil {
		return box.s
	}
	return stdSink
}

var stdSink = &TextSink{}

// TextSink writes the text/plain form of every output to a writer, as a
// terminal shows it: Display and Update print the text and a newline,
// Stream prints its text, and Clear does nothing. It is the default sink.
type TextSink struct {
	// Stdout and Stderr default to os.Stdout and os.Stderr.
	Stdout, Stderr io.Writer

	mu sync.Mutex
}

// Stream writes text to Stderr when name is "stderr", else to Stdout.
func (t *TextSink) Stream(name, text string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	w := t.Stdout
	if name == "stderr" {
		w = t.Stderr
		if w == nil {
			w = os.Stderr
		}
	}
	if w == nil {
		w = os.Stdout
	}
	io.WriteString(w, text)
}

// Display prints b's text/plain form.
func (t *TextSink) Display(b Bundle, displayID string) { t.Stream("stdout", textLine(b)) }

// Update prints b's text/plain form again.
func (t *TextSink) Update(b Bundle, displayID string) { t.Stream("stdout", textLine(b)) }

// Clear does nothing: a terminal cannot take back what it printed.
func (t *TextSink) Clear(wait bool) {}

func textLine(b Bundle) string {
	s, ok := b.Data[MIMEText].(string)
	if !ok {
		s = fmt.Sprint(b.Data[MIMEText])
	}
	return s + "\n"
}
