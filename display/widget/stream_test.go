package widget_test

import (
	"encoding/base64"
	"encoding/xml"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/widget"
)

func TestClientSummary(t *testing.T) {
	tests := []struct {
		name string
		c    widget.ClientSummary
		want string
	}{
		{"names an unnamed client Client", widget.ClientSummary{Workers: 1}, "<Client: 1 worker, 1 thread, results 0 B, tasks: 0 pending, 0 running, 0 finished, 0 error, 0 cancelled>"},
		{"counts tasks by state", widget.ClientSummary{Name: "local", Workers: 4, Pending: 2, Running: 1, Finished: 7, Errors: 1, Cancelled: 3},
			"<local: 4 workers, 4 threads, results 0 B, tasks: 2 pending, 1 running, 7 finished, 1 error, 3 cancelled>"},
	}
	tests = append(tests, struct {
		name string
		c    widget.ClientSummary
		want string
	}{"says how much memory results hold", widget.ClientSummary{Workers: 2, Threads: 8, ResultBytes: 1_234_567},
		"<Client: 2 workers, 8 threads, results 1.2 MB, tasks: 0 pending, 0 running, 0 finished, 0 error, 0 cancelled>"})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.c.Bundle()
			if got := b.Data[display.MIMEText]; got != tt.want {
				t.Errorf("text/plain = %q, want %q", got, tt.want)
			}
			wellFormed(t, b.Data[display.MIMEHTML].(string))
		})
	}
}

// wellFormed fails when s is not well-formed XML (which our HTML and SVG are).
func wellFormed(t *testing.T, s string) {
	t.Helper()
	d := xml.NewDecoder(strings.NewReader(strings.ReplaceAll(strings.ReplaceAll(s, "&middot;", "·"), "<br>", "<br/>")))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed: %v\n%s", err, s)
		}
	}
}

func records(n int) []widget.TaskRecord {
	t0 := displaytest.Epoch
	var rs []widget.TaskRecord
	for i := range n {
		start := t0.Add(time.Duration(i) * 10 * time.Millisecond)
		r := widget.TaskRecord{Worker: fmt.Sprintf("w%d", i%3+9), Name: []string{"load", "inc"}[i%2], Start: start, Stop: start.Add(15 * time.Millisecond), Status: "finished"}
		rs = append(rs, r)
	}
	return rs
}

func TestTaskStream(t *testing.T) {
	running := records(3)
	running[2].Stop, running[2].Status = time.Time{}, "running"
	failed := records(2)
	failed[1].Status = "error"
	tests := []struct {
		name      string
		ts        widget.TaskStream
		text      string
		rects     int
		contains  []string
		workerSeq []string
	}{
		{"draws one bar per task on rows in natural worker order", widget.TaskStream{Records: records(6)},
			"<TaskStream: 6 tasks on 3 workers over 65ms>", 6, []string{"load on w9: 15ms, finished"}, []string{">w9<", ">w10<", ">w11<"}},
		{"draws a tick at every round time along the axis", widget.TaskStream{Records: records(6)},
			"<TaskStream: 6 tasks on 3 workers over 65ms>", 6, nil, []string{">0s</text>", ">10ms</text>", ">20ms</text>", ">30ms</text>", ">40ms</text>", ">50ms</text>", ">60ms</text>"}},
		{"names the colour of each function in a legend", widget.TaskStream{Records: records(6)},
			"<TaskStream: 6 tasks on 3 workers over 65ms>", 6, []string{`class="gofutures-legend"`, `&#9632;</span></font> <code>load</code>`}, nil},
		{"draws running tasks up to now, faded", widget.TaskStream{Records: running, Now: displaytest.Epoch.Add(time.Second)},
			"<TaskStream: 3 tasks (1 running) on 3 workers over 1.0s>", 3, []string{`fill-opacity="0.5" stroke="#`, `stroke-dasharray="3 2"`, "load on w11: 980ms, running"}, nil},
		{"draws failed tasks red", widget.TaskStream{Records: failed},
			"<TaskStream: 2 tasks on 2 workers over 25ms>", 2, []string{`fill="#e53935"`, `<span style="color:#e53935">&#9632;</span></font> error`}, nil},
		{"keeps only the latest records", widget.TaskStream{Records: records(50), MaxRecords: 10},
			"<TaskStream: 10 tasks on 3 workers over 105ms>", 10, nil, nil},
		{"draws an empty stream", widget.TaskStream{Title: "none"}, "<TaskStream: 0 tasks on 0 workers over 0ms>", 0, []string{"<b>none</b>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := tt.ts.Bundle()
			if got := b.Data[display.MIMEText]; got != tt.text {
				t.Errorf("text/plain = %q, want %q", got, tt.text)
			}
			html := b.Data[display.MIMEHTML].(string)
			wellFormed(t, html)
			if strings.Contains(html, "<svg") {
				t.Error("inline <svg>, which Notebook 6 strips from untrusted notebooks")
			}
			html = inlineImage(t, html)
			wellFormed(t, html)
			if n := strings.Count(html, "<rect "); n != tt.rects {
				t.Errorf("%d bars, want %d", n, tt.rects)
			}
			for _, s := range tt.contains {
				if !strings.Contains(html, s) {
					t.Errorf("drawing lacks %q", s)
				}
			}
			last := -1
			for _, w := range tt.workerSeq {
				i := strings.Index(html, w)
				if i <= last {
					t.Errorf("worker %s out of order", w)
				}
				last = i
			}
		})
	}
}

// inlineImage returns html with its SVG image, a base64 data URI, decoded
// in its place, so that the drawing can be checked.
func inlineImage(t *testing.T, html string) string {
	t.Helper()
	m := regexp.MustCompile(`<img alt="task stream" width="[0-9]+" height="[0-9]+" src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"/>`).FindStringSubmatchIndex(html)
	if m == nil {
		t.Fatalf("no SVG image in %q", html)
	}
	svg, err := base64.StdEncoding.DecodeString(html[m[2]:m[3]])
	if err != nil {
		t.Fatal(err)
	}
	return html[:m[0]] + string(svg) + html[m[1]:]
}
