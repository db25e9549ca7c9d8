package widget

import (
	"fmt"
	"html"
	"time"
)

// esc escapes text for HTML.
func esc(s string) string { return html.EscapeString(s) }

// duration formats d for people, compactly and stably: "0ms", "340ms",
// "1.2s", "2m05s".
func duration(d time.Duration) string {
	switch {
	case d < 0:
		return "0ms"
	case d < time.Second:
		return fmt.Sprintf("%dms", d.Milliseconds())
	case d < time.Minute:
		return fmt.Sprintf("%.1fs", d.Seconds())
	}
	d = d.Round(time.Second)
	return fmt.Sprintf("%dm%02ds", int(d.Minutes()), int(d.Seconds())%60)
}

// Colours of task states, shared by every widget.
const (
	colorPending   = "#9e9e9e"
	colorRunning   = "#1e88e5"
	colorFinished  = "#43a047"
	colorError     = "#e53935"
	colorCancelled = "#fb8c00"
)

// stateColor returns the colour of a task state; unknown states are grey.
func stateColor(state string) string {
	switch state {
	case "running":
		return colorRunning
	case "finished":
		return colorFinished
	case "error":
		return colorError
	case "cancelled":
		return colorCancelled
	}
	return colorPending
}
