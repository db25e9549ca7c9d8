package kernel_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

func TestLateOutputRouting(t *testing.T) {
	s := basicScript()
	var kept display.Sink
	s.Add("keep", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		kept = out
		return nil, nil
	})
	inB := make(chan struct{})
	releaseB := make(chan struct{})
	s.Add("B", func(context.Context, display.Sink) (*display.Bundle, error) {
		close(inB)
		<-releaseB
		return nil, nil
	})
	k := startMemory(t, s)
	ctx := testContext(t)
	a := must[kerneltest.Result](t)(k.c.Execute(ctx, "keep"))

	t.Run("output after the cell goes to the cell running now", func(t *testing.T) {
		b := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("B")))
		<-inB
		kept.Display(kerneltest.Text("late"), "d1")
		close(releaseB)
		io := kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, b))}
		wantTypes(t, io, "status", "execute_input", "display_data", "status")
		if c := content(io.Of("display_data")[0]); c["transient"].(map[string]any)["display_id"] != "d1" {
			t.Errorf("display_data %v", c)
		}
	})

	t.Run("with no cell running it goes back to its own cell", func(t *testing.T) {
		kept.Update(kerneltest.Text("later"), "d1")
		m := must[kernel.Message](t)(k.c.Next(ctx, kernel.IOPub, kerneltest.ParentIs(a.Request)))
		if m.Header.MsgType != "update_display_data" {
			t.Errorf("got %s", m.Header.MsgType)
		}
	})

	t.Run("the last idle update is sent again to the next cell, once", func(t *testing.T) {
		kept.Update(kerneltest.Text("stale"), "d1")
		kept.Update(kerneltest.Text("final"), "d1")
		next := must[kerneltest.Result](t)(k.c.Execute(ctx, "keep"))
		wantTypes(t, next, "status", "execute_input", "update_display_data", "status")
		c := content(next.Of("update_display_data")[0])
		if got := c["data"].(map[string]any)["text/plain"]; got != "final" {
			t.Errorf("repeated update shows %v, want the last state", got)
		}
		again := must[kerneltest.Result](t)(k.c.Execute(ctx, "keep"))
		wantTypes(t, again, "status", "execute_input", "status")
	})
}

func TestStreamCoalescing(t *testing.T) {
	s := basicScript()
	s.Add("loop", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		for i := 0; i < 1000; i++ {
			out.Stream("stdout", "line\n")
		}
		out.Stream("stderr", "warn\n")
		out.Stream("stdout", "end\n")
		out.Display(kerneltest.Text("shown"), "")
		out.Stream("stdout", "after\n")
		return nil, nil
	})
	// A delay far longer than the test: only the flushes the kernel owes
	// (stream change, other output, end of cell) may send stream messages.
	k := startMemory(t, s, func(o *kernel.Options) { o.StreamDelay = time.Hour })
	r := must[kerneltest.Result](t)(k.c.Execute(testContext(t), "loop"))
	wantTypes(t, r, "status", "execute_input", "stream", "stream", "stream", "display_data", "stream", "status")
	if want := strings.Repeat("line\n", 1000) + "end\nafter\n"; r.Stdout() != want {
		t.Errorf("stdout has %d bytes, want %d", len(r.Stdout()), len(want))
	}
	if r.Stderr() != "warn\n" {
		t.Errorf("stderr %q", r.Stderr())
	}
}

func TestHeartbeat(t *testing.T) {
	k := startZMQ(t, basicScript())
	for _, ping := range []string{"ping", "another ping"} {
		got, err := k.zmq.Ping([]byte(ping))
		if err != nil || string(got) != ping {
			t.Errorf("heartbeat echo: got %q, %v; want %q", got, err, ping)
		}
	}
}

func TestStartHelper(t *testing.T) {
	c := kerneltest.Start(t, basicScript())
	r, err := c.Execute(testContext(t), "hello")
	if err != nil {
		t.Fatal(err)
	}
	if r.Stdout() != "hello, world\n" || r.Status() != "ok" {
		t.Errorf("got %q %q", r.Stdout(), r.Status())
	}
}

// An update sent just as a cell ends (a future's card settling when the
// next cell's Result returns) reaches a frontend that routes output by
// request (nbclient): parented to that cell before its idle status, or
// sent again with the next cell, never parented to a cell already idle.
// The display the notebook keeps ends in the last state sent.
func TestUpdatesRacingWithCellEndsReachTheNotebook(t *testing.T) {
	s := basicScript()
	kept := make(chan display.Sink, 1)
	s.Add("show", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		out.Display(kerneltest.Text("0"), "d")
		kept <- out
		return nil, nil
	})
	ending := make(chan int)
	handed := make(chan struct{}, 1)
	handed <- struct{}{}
	n := 0
	s.Add("wait", func(context.Context, display.Sink) (*display.Bundle, error) {
		<-handed // the update the cell before this one set off was sent
		n++
		ending <- n // this one goes out while this cell ends
		return nil, nil
	})
	k := startMemory(t, s)
	ctx := testContext(t)
	shown := must[kerneltest.Result](t)(k.c.Execute(ctx, "show"))
	out := <-kept
	state := "0"
	apply := func(r kerneltest.Result) {
		for _, m := range r.Of("update_display_data") {
			state = content(m)["data"].(map[string]any)["text/plain"].(string)
		}
	}
	apply(shown)
	sent := make(chan struct{})
	go func() {
		defer close(sent)
		for i := range ending {
			out.Update(kerneltest.Text(strconv.Itoa(i)), "d")
			handed <- struct{}{}
		}
	}()
	const cells = 300
	for i := 1; i <= cells; i++ {
		apply(must[kerneltest.Result](t)(k.c.Execute(ctx, "wait")))
		// Cell i sent update i-1 as the cell before it ended: the notebook
		// has it by the end of this cell, at the latest.
		if got, _ := strconv.Atoi(state); got < i-1 {
			t.Fatalf("after cell %d the notebook shows state %s: update %d was lost", i, state, i-1)
		}
	}
	close(ending)
	<-sent
	apply(must[kerneltest.Result](t)(k.c.Execute(ctx, "hello")))
	if want := strconv.Itoa(cells); state != want {
		t.Errorf("the notebook shows state %s, want the last one sent, %s", state, want)
	}
}
