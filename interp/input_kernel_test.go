package interp

import (
	"strings"
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

// Reads of os.Stdin ask the frontend for lines as fmt.Scan does, one
// input_request a line, whatever reads it: a bufio.Reader, a
// bufio.Scanner, io.ReadAll of an io.LimitReader, os.Stdin.Read, and a
// function of the cell that reads a variable holding os.Stdin.
func TestKernelOsStdinAsksTheFrontend(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	if r, err := c.Execute(ctx, "import (\n\t\"bufio\"\n\t\"fmt\"\n\t\"io\"\n\t\"os\"\n)"); err != nil || r.Status() != "ok" {
		t.Fatalf("imports: %v %v", r.Status(), err)
	}
	for _, tc := range []struct {
		name, cell string
		replies    []string
		stdout     string
	}{
		{"bufio.Reader.ReadString", "line, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Printf(\"%q %v\\n\", line, err)",
			[]string{"gopher"}, "\"gopher\\n\" <nil>\n"},
		{"bufio.Scanner, two lines", "sc := bufio.NewScanner(os.Stdin)\nfor i := 0; i < 2 && sc.Scan(); i++ {\n\tfmt.Println(i, sc.Text())\n}",
			[]string{"one", "two"}, "0 one\n1 two\n"},
		{"io.ReadAll of a LimitReader", "b, err := io.ReadAll(io.LimitReader(os.Stdin, 3))\nfmt.Printf(\"%q %v\\n\", b, err)",
			[]string{"abcdef"}, "\"abc\" <nil>\n"},
		{"what the limited read left stays for the next read", "rest, _ := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Printf(\"%q\\n\", rest)",
			nil, "\"def\\n\"\n"},
		{"os.Stdin.Read", "buf := make([]byte, 64)\nn, err := os.Stdin.Read(buf)\nfmt.Printf(\"%q %v\\n\", buf[:n], err)",
			[]string{"raw"}, "\"raw\\n\" <nil>\n"},
		{"a function reading a variable that holds os.Stdin", "func ask(in *os.File) string {\n\ts, _ := bufio.NewReader(in).ReadString('\\n')\n\treturn s\n}\nvar in = os.Stdin\nfmt.Printf(\"%q\\n\", ask(in))",
			[]string{"via f"}, "\"via f\\n\"\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent(tc.cell))
			if err != nil {
				t.Fatal(err)
			}
			for _, reply := range tc.replies {
				ir, err := c.Next(ctx, kernel.Stdin, nil)
				if err != nil {
					t.Fatal(err)
				}
				if ir.Header.MsgType != "input_request" || ir.Parent.MsgID != req.Header.MsgID {
					t.Fatalf("got %s, want an input_request for the cell", ir.Header.MsgType)
				}
				if _, err := c.Request(kernel.Stdin, "input_reply", map[string]any{"value": reply}); err != nil {
					t.Fatal(err)
				}
			}
			rep, err := c.Reply(ctx, kernel.Shell, req)
			if err != nil {
				t.Fatal(err)
			}
			msgs, err := c.IOPub(ctx, req)
			if err != nil {
				t.Fatal(err)
			}
			if out := (kerneltest.Result{IOPub: msgs}).Stdout(); out != tc.stdout {
				t.Errorf("stdout %q, want %q (reply %v)", out, tc.stdout, kerneltest.Content(rep))
			}
		})
	}
}

// Where the frontend allows no input, reading os.Stdin fails with an error
// that says so, not with an empty read or io.EOF.
func TestKernelOsStdinWithoutInputFails(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	content := kerneltest.ExecuteContent("import (\n\t\"bufio\"\n\t\"fmt\"\n\t\"os\"\n)\nsc := bufio.NewScanner(os.Stdin)\nfmt.Println(sc.Scan(), sc.Err())\n_, err := bufio.NewReader(os.Stdin).ReadString('\\n')\nfmt.Println(err)")
	content["allow_stdin"] = false
	r, err := c.Call(ctx, kernel.Shell, "execute_request", content)
	if err != nil {
		t.Fatal(err)
	}
	out := r.Stdout()
	want := "false interp: standard input: the frontend does not allow input"
	if !strings.HasPrefix(out, want) || strings.Count(out, "the frontend does not allow input") != 2 {
		t.Errorf("stdout %q, want two errors saying the frontend allows no input, starting %q", out, want)
	}
}
