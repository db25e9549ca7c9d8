package widget

import (
	"fmt"
	"strings"

	"github.com/gofutures/gofutures/display"
)

// ClusterSummary is what a cluster of worker processes shows as a value:
// its address, its workers (their slots, running tasks and memory) and its
// client's tasks by state, as Dask's LocalCluster and Client show
// themselves. The host redraws it in place as workers come and go and
// tasks move.
type ClusterSummary struct {
	// Name labels the card; empty means "Cluster".
	Name string
	// Address is where workers connect, without credentials.
	Address string
	Workers []ClusterWorker
	// Tasks are the client's tasks by state; its Workers, Threads and Name
	// and ResultBytes are not used (the cluster's workers are).
	Tasks ClientSummary
}

// ClusterWorker is one live worker of a ClusterSummary.
type ClusterWorker struct {
	Name, Host string
	PID        int
	Slots      int
	Running    int
	// Memory is the bytes of results the worker holds.
	Memory int64
	// Resources are what it advertises for placement: "GPU=1".
	Resources string
}

func (c ClusterSummary) name() string {
	if c.Name == "" {
		return "Cluster"
	}
	return c.Name
}

func (c ClusterSummary) totals() (slots, running int, memory int64) {
	for _, w := range c.Workers {
		slots += w.Slots
		running += w.Running
		memory += w.Memory
	}
	return slots, running, memory
}

// String is the text/plain form: a line like ClientSummary's, then a line
// per worker.
func (c ClusterSummary) String() string {
	slots, _, memory := c.totals()
	var parts []string
	for _, x := range c.Tasks.counts() {
		parts = append(parts, fmt.Sprintf("%d %s", x.n, x.state))
	}
	var b strings.Builder
	fmt.Fprintf(&b, "<%s: %d %s, %d %s, memory %s, tasks: %s>", c.name(), len(c.Workers), plural(len(c.Workers), "worker"),
		slots, plural(slots, "thread"), bytesize(memory), strings.Join(parts, ", "))
	if c.Address != "" {
		fmt.Fprintf(&b, "\n  address %s", c.Address)
	}
	for _, w := range c.Workers {
		fmt.Fprintf(&b, "\n  %s (%s, pid %d): %d/%d running, memory %s", w.Name, w.Host, w.PID, w.Running, w.Slots, bytesize(w.Memory))
		if w.Resources != "" {
			fmt.Fprintf(&b, ", %s", w.Resources)
		}
	}
	return b.String()
}

// Bundle renders the header, the task counts with their bar (as
// ClientSummary does) and a table of the workers.
func (c ClusterSummary) Bundle() display.Bundle {
	slots, running, memory := c.totals()
	var b strings.Builder
	b.WriteString(card("gofutures-cluster", colorRunning))
	fmt.Fprintf(&b, `<b>%s</b> &middot; %d %s &middot; %d %s &middot; %d running &middot; memory %s`, esc(c.name()),
		len(c.Workers), plural(len(c.Workers), "worker"), slots, plural(slots, "thread"), running, bytesize(memory))
	if c.Address != "" {
		fmt.Fprintf(&b, `<br><code>%s</code>`, esc(c.Address))
	}
	c.Tasks.writeCounts(&b)
	const cell = `<td align="left" style="padding:0 10px 0 0;text-align:left;border:none">`
	b.WriteString(`<table cellspacing="0" cellpadding="0" border="0" style="border-collapse:collapse;margin:6px 0 0;border:none">`)
	b.WriteString(`<tr style="background:none">`)
	for _, h := range []string{"worker", "host", "pid", "running", "slots", "memory", "resources"} {
		fmt.Fprintf(&b, "%s<b>%s</b></td>", cell, h)
	}
	b.WriteString(`</tr>`)
	for _, w := range c.Workers {
		b.WriteString(`<tr style="background:none">`)
		for _, v := range []string{w.Name, w.Host, fmt.Sprint(w.PID), fmt.Sprint(w.Running), fmt.Sprint(w.Slots), bytesize(w.Memory), w.Resources} {
			fmt.Fprintf(&b, "%s%s</td>", cell, esc(v))
		}
		b.WriteString(`</tr>`)
	}
	if len(c.Workers) == 0 {
		fmt.Fprintf(&b, `<tr style="background:none"><td colspan="7" style="border:none"><i>no live worker</i></td></tr>`)
	}
	b.WriteString(`</table>`)
	b.WriteString(closeCard)
	return display.Bundle{
		Data:     map[string]any{display.MIMEHTML: b.String(), display.MIMEText: c.String()},
		Metadata: map[string]any{},
	}
}
