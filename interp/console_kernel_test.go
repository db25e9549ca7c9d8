package interp

import (
	"strings"
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// A non-blocking futures.Progress whose futures end after its cell must
// end in its final state also in a frontend that ignores display updates:
// jupyter console shows it as a line the next time it reads output (here,
// when the next cell runs), and a frontend that routes by request gets the
// update and no extra line.
func TestKernelProgressEndsInItsFinalStateInAConsole(t *testing.T) {
	k, _, ctx, release := startBlockedKernel(t)
	a, err := k.Execute(ctx, "fs := c.Map(strconv.Itoa, []int{1, 2, 3, 4, 5, 6})\nfutures.Progress(fs...)")
	if err != nil || a.Status() != "ok" {
		t.Fatalf("cell: %v, %v", a.Types(), err)
	}
	release()
	// Wait for the bar's final update, as a notebook sees it.
	final, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
		if m.Header.MsgType != "update_display_data" || m.Parent.MsgID != a.Request.Header.MsgID {
			return false
		}
		_, text := displayOf(t, m)
		return strings.Contains(text, "6/6 done")
	})
	if err != nil {
		t.Fatalf("no final update: %v", err)
	}
	// What else arrived for this client meanwhile, and the next cell.
	var late []kernel.Message
	for {
		m, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool { return m.Header.MsgType != "status" })
		if err != nil {
			t.Fatal(err)
		}
		late = append(late, m)
		if m.Header.MsgType == "stream" {
			break
		}
	}
	b, err := k.Execute(ctx, "len(fs)")
	if err != nil || b.Status() != "ok" {
		t.Fatalf("next cell: %v, %v", b.Types(), err)
	}
	all := append(append(append(a.IOPub, final), late...), b.IOPub...)
	text := kerneltest.ConsoleText(all, a.Request.Header.Session)
	lines := strings.Split(strings.TrimSpace(text), "\n")
	if len(lines) != 3 || !strings.Contains(lines[0], "0/6 done") || !strings.Contains(lines[1], "100% 6/6 done") || lines[2] != "Out[3]: 6" {
		t.Errorf("a console shows %q, want the first frame, the final state, then Out[3]: 6", text)
	}
	// A notebook routes by request: the cell that made the bar gets no line.
	for _, m := range append(late, b.IOPub...) {
		if m.Header.MsgType == "stream" && (m.Parent.MsgID == a.Request.Header.MsgID || m.Parent.MsgID == b.Request.Header.MsgID) {
			t.Errorf("a notebook would show the line %q", kerneltest.Content(m)["text"])
		}
	}
}

// A future card or a table of futures shown before its tasks ended ends in
// its final state in a console too, which ignores the card's updates.
func TestKernelFutureCardsEndInTheirFinalStateInAConsole(t *testing.T) {
	for _, cell := range []string{"f := c.Submit(strconv.Itoa, 7)\nf", "fs := c.Map(strconv.Itoa, []int{1, 2})\nfs"} {
		t.Run(cell, func(t *testing.T) {
			k, _, ctx, release := startBlockedKernel(t)
			a, err := k.Execute(ctx, cell)
			if err != nil || a.Status() != "ok" {
				t.Fatalf("cell: %v, %v", a.Types(), err)
			}
			release()
			var late []kernel.Message
			for {
				m, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool { return m.Header.MsgType != "status" })
				if err != nil {
					t.Fatalf("no settled line: %v", err)
				}
				late = append(late, m)
				if m.Header.MsgType == "stream" {
					break
				}
			}
			first := kerneltest.ConsoleText(a.IOPub, a.Request.Header.Session)
			all := kerneltest.ConsoleText(append(a.IOPub, late...), a.Request.Header.Session)
			final, ok := strings.CutPrefix(all, first)
			if !ok || !strings.Contains(first, "pending") || !strings.Contains(final, "finished") || strings.Contains(final, "pending") {
				t.Errorf("a console shows %q, then %q: want the first frame, then the final state", first, final)
			}
			for _, m := range late {
				if m.Header.MsgType == "stream" && m.Parent.MsgID == a.Request.Header.MsgID {
					t.Errorf("a notebook would show the line %q", kerneltest.Content(m)["text"])
				}
			}
		})
	}
}
