package widget

import (
	"fmt"
	"strings"

	"github.com/gofutures/gofutures/display"
)

// ClientSummary is what a client shows as a value: its workers and its
// tasks by state. The host redraws it in place as tasks move.
type ClientSummary struct {
	// Name labels the card; empty means "Client".
	Name    string
	Workers int
	// Tasks by state.
	Pending, Running, Finished, Errors, Cancelled int
}

func (c ClientSummary) name() string {
	if c.Name == "" {
		return "Client"
	}
	return c.Name
}

// counts lists the task states in a fixed order with their counts and colours.
func (c ClientSummary) counts() []struct {
	state string
	n     int
} {
	return []struct {
		state string
		n     int
	}{{"pending", c.Pending}, {"running", c.Running}, {"finished", c.Finished}, {"error", c.Errors}, {"cancelled", c.Cancelled}}
}

// String is the text/plain form:
// "<Client: 4 workers, tasks: 2 pending, 1 running, 7 finished, 0 error, 0 cancelled>".
func (c ClientSummary) String() string {
	var parts []string
	for _, x := range c.counts() {
		parts = append(parts, fmt.Sprintf("%d %s", x.n, x.state))
	}
	return fmt.Sprintf("<%s: %d %s, tasks: %s>", c.name(), c.Workers, plural(c.Workers, "worker"), strings.Join(parts, ", "))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// Bundle renders a small table with a stacked bar of the task states; its
// colours survive a sanitizer that strips inline styles (see html.go).
func (c ClientSummary) Bundle() display.Bundle {
	var b strings.Builder
	b.WriteString(card("gofutures-client", colorRunning))
	fmt.Fprintf(&b, `<b>%s</b> &middot; %d %s`, esc(c.name()), c.Workers, plural(c.Workers, "worker"))
	b.WriteString(`<table cellspacing="0" cellpadding="0" border="0" style="border-collapse:collapse;margin:4px 0 0;border:none">`)
	b.WriteString(`<tr style="background:none">`)
	for _, x := range c.counts() {
		fmt.Fprintf(&b, `<td align="left" style="padding:0 8px 0 0;text-align:left;border:none">%s %s</td>`, swatch(stateColor(x.state)), x.state)
	}
	b.WriteString(`</tr><tr style="background:none">`)
	for _, x := range c.counts() {
		fmt.Fprintf(&b, `<td align="left" style="padding:0 8px 0 0;text-align:left;border:none"><b>%d</b></td>`, x.n)
	}
	b.WriteString(`</tr></table>`)
	if total := c.Pending + c.Running + c.Finished + c.Errors + c.Cancelled; total > 0 {
		var segs []segment
		for _, x := range c.counts() {
			if x.n > 0 {
				segs = append(segs, segment{float64(x.n) / float64(total), stateColor(x.state)})
			}
		}
		b.WriteString(stackedBar(segs, 300, 6))
	}
	b.WriteString(closeCard)
	return display.Bundle{
		Data:     map[string]any{display.MIMEHTML: b.String(), display.MIMEText: c.String()},
		Metadata: map[string]any{},
	}
}
