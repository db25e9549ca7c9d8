package interp_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// Magics through the Jupyter protocol: output streamed as stream messages
// before the result, is_complete and complete understanding magic lines,
// and an interrupt stopping a shell line.

func TestKernelRunsMagicsAndShellLines(t *testing.T) {
	c, ctx := startKernel(t)
	r, err := c.Execute(ctx, "x := 20\n!echo from sh {x+1}\n%time x + 22")
	if err != nil || r.Status() != "ok" {
		t.Fatalf("status %v, err %v", r.Status(), err)
	}
	if out := r.Stdout(); !strings.HasPrefix(out, "from sh 21\nCPU times: ") || !strings.Contains(out, "\nWall time: ") {
		t.Errorf("stdout %q", out)
	}
	res := r.Of("execute_result")
	if len(res) != 1 {
		t.Fatalf("iopub %v, want one execute_result", r.Types())
	}
	if data, _ := kerneltest.Content(res[0])["data"].(map[string]any); data["text/plain"] != "42" {
		t.Errorf("result %v, want 42", data)
	}

	r, err = c.Execute(ctx, "%nope")
	if err != nil || r.Status() != "error" || kerneltest.Content(r.Reply)["ename"] != "UsageError" {
		t.Errorf("unknown magic: status %v, reply %v, err %v", r.Status(), kerneltest.Content(r.Reply), err)
	}

	for code, want := range map[string]string{"%%time": "incomplete", "!echo 'x": "complete", "x := 1\n%who": "complete"} {
		r, err := c.Call(ctx, kernel.Shell, "is_complete_request", map[string]any{"code": code})
		if err != nil {
			t.Fatal(err)
		}
		if got := kerneltest.Content(r.Reply)["status"]; got != want {
			t.Errorf("is_complete %q: %v, want %s", code, got, want)
		}
	}
	r, err = c.Call(ctx, kernel.Shell, "complete_request", map[string]any{"code": "%lsm", "cursor_pos": 4})
	if err != nil {
		t.Fatal(err)
	}
	var matches []string
	for _, m := range kerneltest.Content(r.Reply)["matches"].([]any) {
		matches = append(matches, m.(string))
	}
	if !slices.Equal(matches, []string{"%lsmagic"}) {
		t.Errorf("complete %%lsm: %v", matches)
	}
}

func TestKernelInterruptsAShellLine(t *testing.T) {
	c, ctx := startKernel(t)
	req, err := c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("!echo started; sleep 300"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
		return m.Parent.MsgID == req.Header.MsgID && m.Header.MsgType == "stream"
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Call(ctx, kernel.Control, "interrupt_request", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	reply, err := c.Reply(ctx, kernel.Shell, req) // ctx: a minute, far less than the sleep
	if err != nil {
		t.Fatal(err)
	}
	if got := kerneltest.Content(reply); got["status"] != "error" || got["ename"] != "Interrupted" {
		t.Errorf("interrupted shell line replied %v", got)
	}
	if r, err := c.Execute(ctx, "1 + 1"); err != nil || r.Status() != "ok" {
		t.Errorf("after the interrupt: %v %v", r.Status(), err)
	}
}
