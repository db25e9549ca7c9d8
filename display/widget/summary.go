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
	// Threads is how many tasks the workers run at once; 0 means Workers.
	Threads int
	// ResultBytes is an estimate of the memory held by the results of
	// finished tasks (futures.Client.ResultBytes says how it is measured).
	ResultBytes int64
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

func (c ClientSummary) threads() int {
	if c.Threads == 0 {
		return c.Workers
	}
	return c.Threads
}

// String is the text/plain form: "<Client: 4 workers, 4 threads, results
// 1.2 MB, tasks: 2 pending, 1 running, 7 finished, 0 error, 0 cancelled>".
func (c ClientSummary) String() string {
	var parts []string
	for _, x := range c.counts() {
		parts = append(parts, fmt.Sprintf("%d %s", x.n, x.state))
	}
	return fmt.Sprintf("<%s: %d %s, %d %s, results %s, tasks: %s>", c.name(), c.Workers, plural(c.Workers, "worker"),
		c.threads(), plural(c.threads(), "thread"), bytesize(c.ResultBytes), strings.Join(parts, ", "))
}

// bytesize formats n bytes for people: "512 B", "8.0 KB", "1.2 MB".
func bytesize(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	f, prefix := float64(n)/unit, "KMGTPE"
	for i := 0; ; i++ {
		if f < unit || i == len(prefix)-1 {
			return fmt.Sprintf("%.1f %cB", f, prefix[i])
		}
		f /= unit
	}
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
	fmt.Fprintf(&b, `<b>%s</b> &middot; %d %s &middot; %d %s &middot; results %s`, esc(c.name()), c.Workers, plural(c.Workers, "worker"),
		c.threads(), plural(c.threads(), "thread"), bytesize(c.ResultBytes))
	c.writeCounts(&b)
	b.WriteString(closeCard)
	return display.Bundle{
		Data:     map[string]any{display.MIMEHTML: b.String(), display.MIMEText: c.String()},
		Metadata: map[string]any{},
	}
}

// writeCounts writes the tasks' counts by state, and a bar of them when
// there are tasks.
func (c ClientSummary) writeCounts(b *strings.Builder) {
	b.WriteString(`<table cellspacing="0" cellpadding="0" border="0" style="border-collapse:collapse;margin:4px 0 0;border:none">`)
	b.WriteString(`<tr style="background:none">`)
	for _, x := range c.counts() {
		fmt.Fprintf(b, `<td align="left" style="padding:0 8px 0 0;text-align:left;border:none">%s %s</td>`, swatch(stateColor(x.state)), x.state)
	}
	b.WriteString(`</tr><tr style="background:none">`)
	for _, x := range c.counts() {
		fmt.Fprintf(b, `<td align="left" style="padding:0 8px 0 0;text-align:left;border:none"><b>%d</b></td>`, x.n)
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
}
