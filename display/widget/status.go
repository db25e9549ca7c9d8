package widget

import (
	"fmt"
	"strings"
	"time"

	"github.com/gofutures/gofutures/display"
)

// Status is the state of one task as a status card shows it: a small card
// coloured by Status, in the spirit of Dask's future repr but redrawn in
// place each time the state changes (display.Handle.Update(Status{...})).
type Status struct {
	// Func is the task's function name and Key its unique key.
	Func, Key string
	// Status is "pending", "running", "finished", "error" or "cancelled".
	Status string
	// ResultType is the Go type of the result, once there is one.
	ResultType string
	// Elapsed is the time the task has run (or ran).
	Elapsed time.Duration
	// Err is the task's error, when Status is "error" or "cancelled".
	Err error
}

// String is the text/plain form, as Dask prints a future:
// "<Future: finished, type: int, key: inc-1f2e, 12ms>".
func (s Status) String() string {
	parts := []string{"Future: " + s.Status}
	if s.ResultType != "" {
		parts = append(parts, "type: "+s.ResultType)
	}
	if s.Key != "" {
		parts = append(parts, "key: "+s.Key)
	}
	if s.Elapsed > 0 || s.Status != "pending" {
		parts = append(parts, duration(s.Elapsed))
	}
	if s.Err != nil {
		parts = append(parts, "error: "+s.Err.Error())
	}
	return "<" + strings.Join(parts, ", ") + ">"
}

// Bundle renders the card as HTML with String as the text fallback; its
// colours survive a sanitizer that strips inline styles (see html.go).
func (s Status) Bundle() display.Bundle {
	color := stateColor(s.Status)
	var b strings.Builder
	b.WriteString(card("gofutures-status", color))
	fmt.Fprintf(&b, `<b>Future</b> <code>%s</code> %s`, esc(s.Func), badge(s.Status, color))
	fmt.Fprintf(&b, `<br>key: <code>%s</code>`, esc(s.Key))
	if s.ResultType != "" {
		fmt.Fprintf(&b, ` &middot; type: <code>%s</code>`, esc(s.ResultType))
	}
	fmt.Fprintf(&b, ` &middot; %s`, duration(s.Elapsed))
	if s.Err != nil {
		fmt.Fprintf(&b, `<pre style="margin:4px 0 0;color:%s;white-space:pre-wrap"><font color="%s">%s</font></pre>`,
			colorError, colorError, esc(s.Err.Error()))
	}
	b.WriteString(closeCard)
	return display.Bundle{
		Data:     map[string]any{display.MIMEHTML: b.String(), display.MIMEText: s.String()},
		Metadata: map[string]any{},
	}
}
