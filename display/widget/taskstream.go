package widget

import (
	"cmp"
	"encoding/base64"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/gofutures/gofutures/display"
)

// TaskRecord is one task execution on the timeline.
type TaskRecord struct {
	Worker string
	// Name is the task's function name; tasks of one name share a colour.
	Name        string
	Start, Stop time.Time // a zero Stop means still running
	// Status is "finished", "error", "cancelled" or "running".
	Status string
}

// TaskStream is a per-worker timeline of task executions, the picture
// Dask keeps in its dashboard, drawn inline as SVG inside HTML.
type TaskStream struct {
	Title   string
	Records []TaskRecord
	// Now ends the timeline and the bars of running tasks; zero means the
	// latest start or stop among the records.
	Now time.Time
	// Width is the drawing's width in pixels; 0 means 800.
	Width int
	// MaxRecords keeps the drawing small: only the latest ones (by start)
	// are drawn; 0 means 2000.
	MaxRecords int
}

// palette colours task names (Tableau 10, without the red kept for errors).
var palette = []string{"#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"}

// colors gives each task name of recs a colour of the palette, in the
// order the names first appear, so that up to len(palette) functions are
// told apart; more share colours.
func colors(recs []TaskRecord) map[string]string {
	m := map[string]string{}
	for _, r := range recs {
		if _, ok := m[r.Name]; !ok {
			m[r.Name] = palette[len(m)%len(palette)]
		}
	}
	return m
}

// Layout of the drawing, in pixels.
const (
	rowHeight   = 18
	labelWidth  = 90
	axisHeight  = 22
	streamWidth = 800
	maxRecords  = 2000
)

// window returns the records drawn, the span of the timeline and its end.
func (t TaskStream) window() (recs []TaskRecord, start, end time.Time) {
	recs = slices.Clone(t.Records)
	slices.SortStableFunc(recs, func(a, b TaskRecord) int { return a.Start.Compare(b.Start) })
	limit := cmp.Or(t.MaxRecords, maxRecords)
	if len(recs) > limit {
		recs = recs[len(recs)-limit:]
	}
	end = t.Now
	for i, r := range recs {
		if i == 0 || r.Start.Before(start) {
			start = r.Start
		}
		if t.Now.IsZero() {
			end = later(end, later(r.Start, r.Stop))
		}
	}
	return recs, start, end
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// workers returns the worker names in natural order ("w2" before "w10").
func workers(recs []TaskRecord) []string {
	var ws []string
	seen := map[string]bool{}
	for _, r := range recs {
		if !seen[r.Worker] {
			seen[r.Worker] = true
			ws = append(ws, r.Worker)
		}
	}
	slices.SortFunc(ws, func(a, b string) int {
		return cmp.Or(cmp.Compare(len(a), len(b)), cmp.Compare(a, b))
	})
	return ws
}

// String is the text/plain form: "<TaskStream: 12 tasks on 4 workers over
// 1.2s>", with "12 tasks (2 running)" while some run.
func (t TaskStream) String() string {
	recs, start, end := t.window()
	ws := workers(recs)
	running := ""
	if n := countRunning(recs); n > 0 {
		running = fmt.Sprintf(" (%d running)", n)
	}
	return fmt.Sprintf("<TaskStream: %d %s%s on %d %s over %s>", len(recs), plural(len(recs), "task"), running,
		len(ws), plural(len(ws), "worker"), duration(end.Sub(start)))
}

func countRunning(recs []TaskRecord) int {
	n := 0
	for _, r := range recs {
		if r.Stop.IsZero() {
			n++
		}
	}
	return n
}

// Bundle renders the timeline as an SVG image inside HTML, with String as
// the text fallback. Each bar has a title with the task, worker, time and
// status, which viewers of the image itself show as a tooltip.
func (t TaskStream) Bundle() display.Bundle {
	recs, start, end := t.window()
	ws := workers(recs)
	colorOf := colors(recs)
	row := make(map[string]int, len(ws))
	for i, w := range ws {
		row[w] = i
	}
	width := cmp.Or(t.Width, streamWidth)
	plotW := float64(width - labelWidth - 10)
	span := end.Sub(start)
	x := func(at time.Time) float64 {
		if span <= 0 {
			return labelWidth
		}
		return labelWidth + plotW*float64(at.Sub(start))/float64(span)
	}
	height := len(ws)*rowHeight + axisHeight

	var b strings.Builder
	b.WriteString(`<div class="gofutures-taskstream" style="font-family:sans-serif;font-size:12px">`)
	if t.Title != "" {
		fmt.Fprintf(&b, `<div><b>%s</b></div>`, esc(t.Title))
	}
	var svg strings.Builder
	fmt.Fprintf(&svg, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-size="11" font-family="sans-serif">`, width, height)
	for i, w := range ws {
		y := i * rowHeight
		fmt.Fprintf(&svg, `<text x="%d" y="%d" text-anchor="end">%s</text>`, labelWidth-6, y+13, esc(w))
		fmt.Fprintf(&svg, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#eee"/>`, labelWidth, y+rowHeight, width-10, y+rowHeight)
	}
	for _, r := range recs {
		stop, color := r.Stop, colorOf[r.Name]
		style := `fill-opacity="1"`
		switch r.Status {
		case "error":
			color = colorError
		case "cancelled":
			color = colorCancelled
		}
		if stop.IsZero() { // running: faded, dashed, open up to the end
			stop, style = end, `fill-opacity="0.5" stroke="`+color+`" stroke-dasharray="3 2"`
		}
		x0, x1 := x(r.Start), x(stop)
		fmt.Fprintf(&svg, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" %s><title>%s on %s: %s, %s</title></rect>`,
			x0, row[r.Worker]*rowHeight+2, max(x1-x0, 1), rowHeight-4, color, style,
			esc(r.Name), esc(r.Worker), duration(stop.Sub(r.Start)), esc(cmp.Or(r.Status, "running")))
	}
	axisY := len(ws) * rowHeight
	fmt.Fprintf(&svg, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#999"/>`, labelWidth, axisY, width-10, axisY)
	ts := ticks(span)
	for i, at := range ts {
		tx := labelWidth + plotW*float64(at)/float64(max(span, 1))
		anchor := "middle"
		switch {
		case i == 0:
			anchor = "start"
		case tx > float64(width-40):
			anchor = "end"
		}
		fmt.Fprintf(&svg, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#999"/>`, tx, axisY, tx, axisY+4)
		fmt.Fprintf(&svg, `<text x="%.1f" y="%d" text-anchor="%s" fill="#555">%s</text>`, tx, axisY+15, anchor, tickLabel(at, span, ts))
	}
	svg.WriteString(`</svg>`)
	// An image, not inline SVG: Notebook 6 strips <svg> from the outputs
	// of notebooks it does not trust (every notebook opened from elsewhere),
	// and keeps <img> with a data URI. The bars' tooltips are lost in an
	// image; the legend below names the colours.
	fmt.Fprintf(&b, `<img alt="task stream" width="%d" height="%d" src="data:image/svg+xml;base64,%s"/>`,
		width, height, base64.StdEncoding.EncodeToString([]byte(svg.String())))
	b.WriteString(legend(recs, colorOf))
	b.WriteString(`</div>`)
	return display.Bundle{
		Data:     map[string]any{display.MIMEHTML: b.String(), display.MIMEText: t.String()},
		Metadata: map[string]any{},
	}
}

// ticks returns the times along an axis of span at which to draw ticks: 0
// and every multiple of a round step (1, 2 or 5 times a power of ten), four
// to ten of them.
func ticks(span time.Duration) []time.Duration {
	if span <= 0 {
		return []time.Duration{0}
	}
	step := time.Duration(1)
	for span/step > 10 {
		switch {
		case span/(2*step) <= 10:
			step *= 2
		case span/(5*step) <= 10:
			step *= 5
		default:
			step *= 10
		}
	}
	var ts []time.Duration
	for at := time.Duration(0); at <= span; at += step {
		ts = append(ts, at)
	}
	return ts
}

// tickLabel writes a tick's time in a unit that suits the step between
// ticks: "0s", "250µs", "40ms", "0.4s", "12s", "2m30s".
func tickLabel(at, span time.Duration, ts []time.Duration) string {
	step := time.Duration(1)
	if len(ts) > 1 {
		step = ts[1]
	}
	switch {
	case at == 0:
		return "0s"
	case step < time.Millisecond:
		return fmt.Sprintf("%gms", float64(at)/float64(time.Millisecond))
	case step < 100*time.Millisecond:
		return fmt.Sprintf("%dms", at.Milliseconds())
	case span < 10*time.Minute:
		return fmt.Sprintf("%gs", at.Seconds())
	}
	return duration(at)
}

// legend names the colours of a drawing: each task name in the order
// they first appear, then errors and
// cancellations when some are drawn. It is HTML, so that it survives a
// sanitizer that drops the SVG above it.
func legend(recs []TaskRecord, colorOf map[string]string) string {
	var names []string
	seen := map[string]bool{}
	failed, cancelled := false, false
	for _, r := range recs {
		switch r.Status {
		case "error":
			failed = true
		case "cancelled":
			cancelled = true
		}
		if !seen[r.Name] {
			seen[r.Name] = true
			names = append(names, r.Name)
		}
	}
	var b strings.Builder
	b.WriteString(`<div class="gofutures-legend" style="margin:2px 0 0 90px">`)
	item := func(color, label string) {
		fmt.Fprintf(&b, `<span style="margin-right:12px;white-space:nowrap">%s %s</span> `, swatch(color), label)
	}
	for _, n := range names {
		item(colorOf[n], `<code>`+esc(n)+`</code>`)
	}
	if failed {
		item(colorError, "error")
	}
	if cancelled {
		item(colorCancelled, "cancelled")
	}
	b.WriteString(`</div>`)
	return b.String()
}
