package kernel_test

import (
	"context"
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// A display settled after its cell ended (a progress bar whose futures end
// later) must end in its last state in every frontend: those that route
// output by request apply the update and see no extra line; a text
// console, which ignores updates, prints the last state as a line.
func TestSettledDisplayEndsInItsLastStateEverywhere(t *testing.T) {
	s := basicScript()
	kept := make(chan display.Sink, 1)
	s.Add("show", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		kept <- out
		out.Display(kerneltest.Text("0/6 done"), "bar")
		return nil, nil
	})
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		k := start(s)
		ctx := testContext(t)
		a := must[kerneltest.Result](t)(k.c.Execute(ctx, "show"))
		(<-kept).(display.Settler).Settle(kerneltest.Text("6/6 done"), "bar")
		var late []kernel.Message
		for range 2 {
			late = append(late, must[kernel.Message](t)(k.c.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
				return m.Header.MsgType != "status"
			})))
		}
		// The console prints what came while idle when the user next runs
		// a cell (or presses Enter).
		b := must[kerneltest.Result](t)(k.c.Execute(ctx, "hello"))

		all := append(append(append([]kernel.Message{}, a.IOPub...), late...), b.IOPub...)
		session := a.Request.Header.Session
		if got, want := kerneltest.ConsoleText(all, session), "0/6 done\n6/6 done\nhello, world\nOut[2]: 42\n"; got != want {
			t.Errorf("a console shows %q, want %q", got, want)
		}
		if got := kerneltest.ConsoleText(all, "another-client"); got != "" {
			t.Errorf("another client's console shows %q, want nothing", got)
		}

		// What a frontend routing by request shows for the first cell.
		var mine []string
		for _, m := range late {
			switch {
			case m.Parent.MsgID == a.Request.Header.MsgID:
				mine = append(mine, m.Header.MsgType)
				if text := content(m)["data"].(map[string]any)["text/plain"]; m.Header.MsgType != "update_display_data" || text != "6/6 done" {
					t.Errorf("%s with %v, want the update to 6/6 done", m.Header.MsgType, text)
				}
			case m.Parent.MsgID == b.Request.Header.MsgID:
				t.Errorf("%s went to the next cell", m.Header.MsgType)
			case m.Header.MsgType != "stream" || m.Parent.Session != session:
				t.Errorf("unexpected %s with parent %+v", m.Header.MsgType, m.Parent)
			}
		}
		if len(mine) != 1 {
			t.Errorf("the cell that made the display gets %v, want one update", mine)
		}
		wantTypes(t, b, "status", "execute_input", "update_display_data", "stream", "execute_result", "status")
	})
}
