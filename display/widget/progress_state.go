package widget

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofutures/gofutures/display"
)

// barWidth is the number of characters in the text bar.
const barWidth = 30

// ProgressState is what a progress bar shows: how many of Total tasks are
// done (Errors of them failed), for how long, and at what rate.
type ProgressState struct {
	Title               string
	Done, Total, Errors int
	Elapsed             time.Duration
}

// Fraction returns Done/Total clamped to [0, 1]; 1 when Total is 0.
func (s ProgressState) Fraction() float64 {
	if s.Total <= 0 {
		return 1
	}
	return min(max(float64(s.Done)/float64(s.Total), 0), 1)
}

// Rate returns completions per second, 0 before any time passed.
func (s ProgressState) Rate() float64 {
	if s.Elapsed <= 0 {
		return 0
	}
	return float64(s.Done) / s.Elapsed.Seconds()
}

// Complete reports whether every task is done.
func (s ProgressState) Complete() bool { return s.Done >= s.Total }

// summary is the text after the bar: "7/10 done, 1 error, 1.2s, 5.8/s".
func (s ProgressState) summary() string {
	parts := []string{fmt.Sprintf("%d/%d done", s.Done, s.Total)}
	switch s.Errors {
	case 0:
	case 1:
		parts = append(parts, "1 error")
	default:
		parts = append(parts, fmt.Sprintf("%d errors", s.Errors))
	}
	parts = append(parts, duration(s.Elapsed))
	if r := s.Rate(); r > 0 {
		parts = append(parts, fmt.Sprintf("%.1f/s", r))
	}
	return strings.Join(parts, ", ")
}

// String is the text/plain form:
// "title [###############...............]  50% 5/10 done, 2.0s, 2.5/s".
func (s ProgressState) String() string {
	f := s.Fraction()
	n := int(f * barWidth)
	bar := strings.Repeat("#", n) + strings.Repeat(".", barWidth-n)
	text := fmt.Sprintf("[%s] %3d%% %s", bar, int(f*100), s.summary())
	if s.Title != "" {
		text = s.Title + " " + text
	}
	return text
}

// barColor is green when complete without errors, red when any failed,
// blue while running.
func (s ProgressState) barColor() string {
	switch {
	case s.Errors > 0:
		return colorError
	case s.Complete():
		return colorFinished
	}
	return colorRunning
}

// Bundle renders an HTML bar with String as the text fallback. The bar is
// a <progress> element coloured by accent-color: where a sanitizer strips
// the style (see html.go), it stays a bar, in the browser's own colour.
func (s ProgressState) Bundle() display.Bundle {
	var b strings.Builder
	b.WriteString(`<div class="gofutures-progress" style="font-family:sans-serif;font-size:12px;display:flex;align-items:center;gap:8px">`)
	if s.Title != "" {
		fmt.Fprintf(&b, `<span>%s</span> `, esc(s.Title))
	}
	total, done := s.Total, min(max(s.Done, 0), s.Total)
	if total <= 0 {
		total, done = 1, 1
	}
	fmt.Fprintf(&b, `<progress value="%d" max="%d" style="width:300px;height:14px;accent-color:%s;margin:0">%d%%</progress> `,
		done, total, s.barColor(), int(s.Fraction()*100))
	fmt.Fprintf(&b, `<span>%s</span></div>`, esc(s.summary()))
	return display.Bundle{
		Data:     map[string]any{display.MIMEHTML: b.String(), display.MIMEText: s.String()},
		Metadata: map[string]any{},
	}
}
