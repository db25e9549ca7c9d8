package widget

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/gofutures/gofutures/display"
)

// FutureTable is a list of futures as one output: their counts by state,
// a bar of those counts, and a row per future (function, key, state,
// result type, time), so that a slice of futures shows as live as one
// future's status card does.
type FutureTable struct {
	Rows []Status
	// MaxRows keeps the output small: only the first ones are listed, then
	// how many more there are; 0 means 20. The counts cover every row.
	MaxRows int
}

const maxTableRows = 20

// counts returns the rows' states in a fixed order with their counts.
func (t FutureTable) counts() []struct {
	state string
	n     int
} {
	n := map[string]int{}
	for _, r := range t.Rows {
		n[r.Status]++
	}
	c := ClientSummary{Pending: n["pending"], Running: n["running"], Finished: n["finished"], Errors: n["error"], Cancelled: n["cancelled"]}
	return c.counts()
}

// summary is "3/10 done: 2 finished, 1 error; 4 running, 3 pending".
func (t FutureTable) summary() string {
	done := 0
	var final, open []string
	for _, x := range t.counts() {
		if x.n == 0 {
			continue
		}
		part := fmt.Sprintf("%d %s", x.n, x.state)
		if x.state == "pending" || x.state == "running" {
			open = append(open, part)
			continue
		}
		done += x.n
		final = append(final, part)
	}
	s := fmt.Sprintf("%d/%d done", done, len(t.Rows))
	if len(final) > 0 {
		s += ": " + strings.Join(final, ", ")
	}
	if len(open) > 0 {
		s += "; " + strings.Join(open, ", ")
	}
	return s
}

func (t FutureTable) shown() (rows []Status, more int) {
	limit := cmp.Or(t.MaxRows, maxTableRows)
	if len(t.Rows) <= limit {
		return t.Rows, 0
	}
	return t.Rows[:limit], len(t.Rows) - limit
}

// String is the text/plain form: a summary line, then one line per future
// as Status.String writes it.
func (t FutureTable) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "<%d %s: %s>", len(t.Rows), plural(len(t.Rows), "future"), t.summary())
	rows, more := t.shown()
	for _, r := range rows {
		b.WriteString("\n" + r.String())
	}
	if more > 0 {
		fmt.Fprintf(&b, "\n... %d more", more)
	}
	return b.String()
}

// Bundle renders the table as HTML with String as the text fallback.
func (t FutureTable) Bundle() display.Bundle {
	var b strings.Builder
	b.WriteString(card("gofutures-futures", t.color()))
	fmt.Fprintf(&b, `<b>%d %s</b> &middot; %s`, len(t.Rows), plural(len(t.Rows), "future"), esc(t.summary()))
	var segs []segment
	for _, x := range t.counts() {
		if x.n > 0 {
			segs = append(segs, segment{float64(x.n) / float64(len(t.Rows)), stateColor(x.state)})
		}
	}
	if len(segs) > 0 {
		b.WriteString(stackedBar(segs, 300, 6))
	}
	b.WriteString(`<table cellspacing="0" cellpadding="0" border="0" style="border-collapse:collapse;margin:4px 0 0;border:none">`)
	rows, more := t.shown()
	for _, r := range rows {
		color := stateColor(r.Status)
		fmt.Fprintf(&b, `<tr style="background:none"><td align="left" style="padding:0 8px 0 0;text-align:left;border:none"><code>%s</code></td><td align="left" style="padding:0 8px 0 0;text-align:left;border:none"><code>%s</code></td>`,
			esc(r.Func), esc(r.Key))
		fmt.Fprintf(&b, `<td align="left" style="padding:0 8px 0 0;text-align:left;border:none">%s</td>`, badge(r.Status, color))
		fmt.Fprintf(&b, `<td align="left" style="padding:0 8px 0 0;text-align:left;border:none"><code>%s</code></td><td align="left" style="padding:0;text-align:left;border:none">%s</td></tr>`,
			esc(r.ResultType), timeOf(r))
	}
	if more > 0 {
		fmt.Fprintf(&b, `<tr style="background:none"><td colspan="5" align="left" style="padding:0;text-align:left;border:none">&hellip; %d more</td></tr>`, more)
	}
	b.WriteString(`</table>` + closeCard)
	return display.Bundle{
		Data:     map[string]any{display.MIMEHTML: b.String(), display.MIMEText: t.String()},
		Metadata: map[string]any{},
	}
}

// color is the card's: red when any failed, else the colour of the least
// advanced state (pending, running, then finished or cancelled).
func (t FutureTable) color() string {
	n := map[string]int{}
	for _, x := range t.counts() {
		n[x.state] = x.n
	}
	for _, st := range []string{"error", "pending", "running", "cancelled"} {
		if n[st] > 0 {
			return stateColor(st)
		}
	}
	return colorFinished
}

// timeOf is a row's time: nothing while pending, else how long it ran.
func timeOf(s Status) string {
	if s.Elapsed <= 0 && s.Status == "pending" {
		return ""
	}
	return duration(s.Elapsed)
}
