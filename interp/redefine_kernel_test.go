package interp_test

import (
	"strings"
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// TestKernelRunsARedefinedMethod declares a method again in a later cell
// through the protocol: the new body runs, help shows the new declaration
// as written, and a change the interpreter cannot make is an error reply.
func TestKernelRunsARedefinedMethod(t *testing.T) {
	c, ctx := startKernel(t)
	cells := []struct{ code, stdout string }{
		{"import \"fmt\"\ntype R struct{ w int }\nfunc (r R) A() int { return r.w }\nr := R{3}\nfmt.Println(r.A())", "3\n"},
		{"// A is a hundred times w.\nfunc (r R) A() int { return r.w * 100 }\nfmt.Println(r.A(), R{2}.A())", "300 200\n"},
	}
	for _, cell := range cells {
		r, err := c.Execute(ctx, cell.code)
		if err != nil || r.Status() != "ok" {
			t.Fatalf("cell %q: %v, %v", cell.code, r.Status(), err)
		}
		if r.Stdout() != cell.stdout {
			t.Errorf("cell %q printed %q, want %q", cell.code, r.Stdout(), cell.stdout)
		}
	}

	r, err := c.Call(ctx, kernel.Shell, "inspect_request", map[string]any{"code": "r.A()", "cursor_pos": 3, "detail_level": 1})
	if err != nil {
		t.Fatal(err)
	}
	reply := kerneltest.Content(r.Reply)
	data, _ := reply["data"].(map[string]any)
	text, _ := data["text/plain"].(string)
	if !strings.Contains(text, "A is a hundred times w.") || !strings.Contains(text, "return r.w * 100") || strings.Contains(text, "__") {
		t.Errorf("inspect_reply text %q, want the new declaration as the cell wrote it", text)
	}

	res, err := c.Execute(ctx, "func (r R) A() string { return \"x\" }")
	if err != nil {
		t.Fatal(err)
	}
	reply = kerneltest.Content(res.Reply)
	if ev, _ := reply["evalue"].(string); res.Status() != "error" || reply["ename"] != "CompileError" || !strings.Contains(ev, "method R.A is already defined as func (r R) A() int") {
		t.Errorf("reply %v, want a CompileError naming R.A", reply)
	}
}
