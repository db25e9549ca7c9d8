package interp

import (
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// A cell asks for a line with display.Input: the kernel sends
// input_request on stdin with the cell as parent, and the reply's value
// comes back to the cell.
func TestKernelCellReadsInput(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	req, err := c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent(`import (
	"fmt"

	"github.com/gofutures/gofutures/display"
)
name, err := display.Input("name? ")
fmt.Println("hello", name, err)`))
	if err != nil {
		t.Fatal(err)
	}
	ir, err := c.Next(ctx, kernel.Stdin, nil)
	if err != nil {
		t.Fatal(err)
	}
	var ask struct {
		Prompt   string `json:"prompt"`
		Password bool   `json:"password"`
	}
	if err := ir.DecodeContent(&ask); err != nil {
		t.Fatal(err)
	}
	if ir.Header.MsgType != "input_request" || ir.Parent.MsgID != req.Header.MsgID || ask.Prompt != "name? " || ask.Password {
		t.Fatalf("got %s %+v, want an input_request for the cell", ir.Header.MsgType, ask)
	}
	if _, err := c.Request(kernel.Stdin, "input_reply", map[string]any{"value": "gopher"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Reply(ctx, kernel.Shell, req); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.IOPub(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if out := (kerneltest.Result{IOPub: msgs}).Stdout(); out != "hello gopher <nil>\n" {
		t.Errorf("stdout %q, want the reply read by the cell", out)
	}
}

// fmt.Scanln in a cell asks the frontend for a line too.
func TestKernelCellScansInput(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	req, err := c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent(`import "fmt"
var name string
var n int
_, err := fmt.Scanln(&name, &n)
fmt.Println("hello", name, n, err)`))
	if err != nil {
		t.Fatal(err)
	}
	ir, err := c.Next(ctx, kernel.Stdin, nil)
	if err != nil {
		t.Fatal(err)
	}
	if ir.Header.MsgType != "input_request" || ir.Parent.MsgID != req.Header.MsgID {
		t.Fatalf("got %s, want an input_request for the cell", ir.Header.MsgType)
	}
	if _, err := c.Request(kernel.Stdin, "input_reply", map[string]any{"value": "gopher 7"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Reply(ctx, kernel.Shell, req); err != nil {
		t.Fatal(err)
	}
	msgs, err := c.IOPub(ctx, req)
	if err != nil {
		t.Fatal(err)
	}
	if out := (kerneltest.Result{IOPub: msgs}).Stdout(); out != "hello gopher 7 <nil>\n" {
		t.Errorf("stdout %q, want the reply scanned by the cell", out)
	}
}
