package interp_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

var (
	_ kernel.Executor        = (*interp.Session)(nil)
	_ kernel.IdleInterrupter = (*interp.Session)(nil)
)

// These tests run real cells through the Jupyter protocol: a kernel.Server
// over the in-memory transport, with a Session as its executor.

func startKernel(t *testing.T) (*kerneltest.Client, context.Context) {
	t.Helper()
	_, c, ctx := startKernelSession(t)
	return c, ctx
}

// startKernelSession is startKernel that also returns the session.
func startKernelSession(t *testing.T) (*interp.Session, *kerneltest.Client, context.Context) {
	t.Helper()
	s, err := interp.New(interp.Options{Logger: kerneltest.TestLogger(t)})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return s, kerneltest.Start(t, s), ctx
}

func TestKernelExecutesCells(t *testing.T) {
	c, ctx := startKernel(t)
	r, err := c.Execute(ctx, "import \"fmt\"\nx := 20\nfmt.Println(\"x is\", x)")
	if err != nil || r.Status() != "ok" {
		t.Fatalf("first cell: %v, %v", r.Status(), err)
	}
	if r.Stdout() != "x is 20\n" {
		t.Errorf("stdout %q", r.Stdout())
	}
	if len(r.Of("execute_result")) != 0 {
		t.Errorf("a cell ending in fmt.Println has an execute_result: %v", r.Types())
	}
	r, err = c.Execute(ctx, "x*2 + 2")
	if err != nil || r.Status() != "ok" {
		t.Fatalf("second cell: %v, %v", r.Status(), err)
	}
	res := r.Of("execute_result")
	if len(res) != 1 {
		t.Fatalf("iopub %v, want one execute_result", r.Types())
	}
	data, _ := kerneltest.Content(res[0])["data"].(map[string]any)
	if data["text/plain"] != "42" {
		t.Errorf("execute_result data %v, want text/plain 42", data)
	}
}

func TestKernelReportsErrors(t *testing.T) {
	c, ctx := startKernel(t)
	r, err := c.Execute(ctx, "a := 1\nb := nope + a")
	if err != nil {
		t.Fatal(err)
	}
	reply := kerneltest.Content(r.Reply)
	if r.Status() != "error" || reply["ename"] != "CompileError" {
		t.Fatalf("reply %v, want status error with ename CompileError", reply)
	}
	if ev, _ := reply["evalue"].(string); !strings.Contains(ev, "cell:2:6") {
		t.Errorf("evalue %q does not name cell:2:6", ev)
	}
	if len(r.Of("error")) != 1 {
		t.Errorf("iopub %v, want an error message", r.Types())
	}
	r, err = c.Execute(ctx, "panic(\"boom\")")
	if err != nil || r.Status() != "error" || kerneltest.Content(r.Reply)["ename"] != "panic" {
		t.Fatalf("panic cell: %v %v", kerneltest.Content(r.Reply), err)
	}
	// The cell that failed to check ran nothing: a is not declared.
	if r, err = c.Execute(ctx, "a + 1"); err != nil || r.Status() != "error" || !strings.Contains(kerneltest.Content(r.Reply)["evalue"].(string), "undefined: a") {
		t.Fatalf("a after its cell failed: %v %v", kerneltest.Content(r.Reply), err)
	}
	if r, err = c.Execute(ctx, "1 + 1"); err != nil || r.Status() != "ok" {
		t.Fatalf("the session after errors: %v %v", r.Status(), err)
	}
}

func TestKernelInterruptsARunawayCell(t *testing.T) {
	c, ctx := startKernel(t)
	if r, err := c.Execute(ctx, "count := 0\ninc := func() int { count++; return count }"); err != nil || r.Status() != "ok" {
		t.Fatalf("setup: %v %v", r.Status(), err)
	}
	req, err := c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("for {}"))
	if err != nil {
		t.Fatal(err)
	}
	// Interrupt once the cell is running (its busy status is out).
	if _, err := c.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
		return m.Parent.MsgID == req.Header.MsgID && m.Header.MsgType == "execute_input"
	}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Call(ctx, kernel.Control, "interrupt_request", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	reply, err := c.Reply(ctx, kernel.Shell, req)
	if err != nil {
		t.Fatal(err)
	}
	if st := kerneltest.Content(reply)["status"]; st != "error" {
		t.Errorf("interrupted cell replied %v", kerneltest.Content(reply))
	}
	r, err := c.Execute(ctx, "inc() + inc()")
	if err != nil || r.Status() != "ok" {
		t.Fatalf("after the interrupt: %v %v", r.Status(), err)
	}
	data, _ := kerneltest.Content(r.Of("execute_result")[0])["data"].(map[string]any)
	if data["text/plain"] != "3" {
		t.Errorf("closure after the interrupt gave %v, want 3", data)
	}
}

func TestKernelInterruptWhileIdleStopsEarlierGoroutines(t *testing.T) {
	s, c, ctx := startKernelSession(t)
	if r, err := c.Execute(ctx, "func spin(ready, c chan bool) {\n\tdefer close(c)\n\tclose(ready)\n\tfor {\n\t}\n}\nready, spun := make(chan bool), make(chan bool)"); err != nil || r.Status() != "ok" {
		t.Fatalf("setup: %v %v", r.Status(), err)
	}
	if r, err := c.Execute(ctx, "go spin(ready, spun)"); err != nil || r.Status() != "ok" {
		t.Fatalf("starting the goroutine: %v %v", r.Status(), err)
	}
	ready, _ := s.Value("ready")
	spun, _ := s.Value("spun")
	ready.Recv()
	if _, err := c.Call(ctx, kernel.Control, "interrupt_request", map[string]any{}); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan struct{})
	go func() { spun.Recv(); close(stopped) }()
	select {
	case <-stopped:
	case <-time.After(5 * time.Second):
		t.Fatal("an interrupt while idle left the earlier cell's goroutine running")
	}
	if r, err := c.Execute(ctx, "1 + 1"); err != nil || r.Status() != "ok" {
		t.Errorf("after the interrupt: %v %v", r.Status(), err)
	}
}
