package interp_test

import (
	"context"
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
	executePrinting(t, c, ctx, []printingCell{
		{"import \"fmt\"\ntype R struct{ w int }\nfunc (r R) A() int { return r.w }\nr := R{3}\nfmt.Println(r.A())", "3\n"},
		{"// A is a hundred times w.\nfunc (r R) A() int { return r.w * 100 }\nfmt.Println(r.A(), R{2}.A())", "300 200\n"},
	})

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

// TestKernelRunsARedefinedFunction declares a function again in a later
// cell through the protocol: a function an earlier cell declared runs the
// new body, and a caller compiled for the old signature gets an error
// output that says what to do.
func TestKernelRunsARedefinedFunction(t *testing.T) {
	c, ctx := startKernel(t)
	executePrinting(t, c, ctx, []printingCell{
		{"import \"fmt\"\nfunc f(x int) int { return x + 1 }\nfunc g() int { return f(1) }\nfmt.Println(g())", "2\n"},
		{"func f(x int) int { return x * 100 }\nfmt.Println(g())", "100\n"},
	})
	if r, err := c.Execute(ctx, "func f(s string) string { return s }"); err != nil || r.Status() != "ok" {
		t.Fatalf("changing the signature: %v, %v", r.Status(), err)
	}
	res, err := c.Execute(ctx, "g()")
	if err != nil {
		t.Fatal(err)
	}
	reply := kerneltest.Content(res.Reply)
	if ev, _ := reply["evalue"].(string); res.Status() != "error" || reply["ename"] != "panic" || !strings.Contains(ev, "f was declared again with another signature") {
		t.Errorf("reply %v, want a panic saying f changed", reply)
	}
}

// printingCell is a cell and what it must print.
type printingCell struct{ code, stdout string }

// executePrinting executes cells in order through the kernel client c;
// each must succeed and print what it names.
func executePrinting(t *testing.T, c *kerneltest.Client, ctx context.Context, cells []printingCell) {
	t.Helper()
	for _, cell := range cells {
		r, err := c.Execute(ctx, cell.code)
		if err != nil || r.Status() != "ok" {
			t.Fatalf("cell %q: %v, %v", cell.code, r.Status(), err)
		}
		if r.Stdout() != cell.stdout {
			t.Errorf("cell %q printed %q, want %q", cell.code, r.Stdout(), cell.stdout)
		}
	}
}
