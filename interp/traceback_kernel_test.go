package interp

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// tracebackCells declare, as cells 2 and 3, a function div that calls a
// helper of another cell that divides by zero.
var tracebackCells = []string{
	"import (\n\t\"fmt\"\n\n\t\"github.com/gofutures/gofutures/futures\"\n)\nclient := futures.NewClient()",
	"func helper(a, b int) int {\n\tx := a / b\n\treturn x\n}",
	"func div(a, b int) int {\n\ty := 1\n\treturn helper(a, b) + y\n}",
}

// The frames of div's panic, in cell terms.
var divFrames = []string{"In [2], line 2, in helper", "   2 | \tx := a / b", "In [3], line 3, in div", "   3 | \treturn helper(a, b) + y"}

// yaegiFrames are what a traceback in cell terms never shows.
var yaegiFrames = []string{"genFunctionWrapper", "interp.", "yaegi", "goroutine ", "runtime/"}

// checkFrames fails unless text holds want, in order, and none of
// yaegiFrames.
func checkFrames(t *testing.T, what, text string, want ...string) {
	t.Helper()
	rest := text
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("%s:\n%s\nlacks %q (in order: %q)", what, text, w, want)
			return
		}
		rest = rest[i+len(w):]
	}
	for _, y := range yaegiFrames {
		if strings.Contains(text, y) {
			t.Errorf("%s:\n%s\nshows the interpreter's frame %q", what, text, y)
		}
	}
}

// A cell's panic, a task's and a goroutine's name the cells by their
// execution counts and lines, in the same form: "In [2], line 2, in
// helper", innermost first, each with its source line.
func TestKernelTracebacksNameCells(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	for _, cell := range tracebackCells {
		if r, err := c.Execute(ctx, cell); err != nil || r.Status() != "ok" {
			t.Fatalf("setup cell %q: %v %v", cell, kerneltest.Content(r.Reply), err)
		}
	}
	exec := func(t *testing.T, code string) kerneltest.Result {
		t.Helper()
		r, err := c.Execute(ctx, code)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	resultText := func(t *testing.T, r kerneltest.Result) string {
		t.Helper()
		res := r.Of("execute_result")
		if len(res) != 1 {
			t.Fatalf("iopub %v (%v), want one execute_result", r.Types(), kerneltest.Content(r.Reply))
		}
		data, _ := kerneltest.Content(res[0])["data"].(map[string]any)
		return fmt.Sprint(data["text/plain"])
	}

	t.Run("a cell's panic", func(t *testing.T) {
		r := exec(t, "div(1, 0)") // In [4]
		reply := kerneltest.Content(r.Reply)
		if reply["ename"] != "panic" {
			t.Fatalf("reply %v, want a panic", reply)
		}
		tb := fmt.Sprint(reply["traceback"])
		checkFrames(t, "traceback", tb, append(divFrames, "In [4], line 1", "   1 | div(1, 0)")...)
	})
	t.Run("a task's error from Result", func(t *testing.T) {
		r := exec(t, "_, err := client.Submit(div, 1, 0).Result()\nfmt.Println(err)") // In [5]
		checkFrames(t, "the error Result returned", r.Stdout(),
			append([]string{"futures: panic: runtime error: integer divide by zero"}, divFrames...)...)
	})
	t.Run("a task's traceback, error, card and Gather", func(t *testing.T) {
		if r := exec(t, "f := client.Submit(div, 2, 0)\n_, _ = f.Result()"); r.Status() != "ok" { // In [6]
			t.Fatalf("%v", kerneltest.Content(r.Reply))
		}
		checkFrames(t, "Traceback", resultText(t, exec(t, "f.Traceback()")), divFrames...)
		checkFrames(t, "Err", resultText(t, exec(t, "f.Err()")), divFrames...)
		checkFrames(t, "Gather", resultText(t, exec(t, "client.Gather([]*futures.Future{f})")), divFrames...)
		r := exec(t, "f")
		cards := r.Of("display_data")
		if len(cards) != 1 {
			t.Fatalf("iopub %v, want the future's card", r.Types())
		}
		_, text := displayOf(t, cards[0])
		checkFrames(t, "the card", text, divFrames...)
	})
	t.Run("a task that is a closure of the cell", func(t *testing.T) {
		r := exec(t, "g := func(n int) int {\n\tvar m map[int]int\n\tm[n] = n\n\treturn n\n}\n_, err := client.Submit(g, 1).Result()\nfmt.Println(err)")
		n := int(kerneltest.Content(r.Reply)["execution_count"].(float64))
		checkFrames(t, "the error Result returned", r.Stdout(), "assignment to entry in nil map",
			fmt.Sprintf("In [%d], line 3", n), "   3 | \tm[n] = n")
	})
	t.Run("a task that submits another", func(t *testing.T) {
		r := exec(t, "import \"context\"\nfunc outer(ctx context.Context, n int) int {\n\tv, err := futures.GetClient(ctx).Submit(div, n, 0).Result()\n\tif err != nil {\n\t\tpanic(err)\n\t}\n\treturn v.(int)\n}\n_, err := client.Submit(outer, 1).Result()\nfmt.Println(err)")
		n := int(kerneltest.Content(r.Reply)["execution_count"].(float64))
		checkFrames(t, "the error Result returned", r.Stdout(),
			append(append([]string{"futures: panic: futures: panic: runtime error: integer divide by zero"}, divFrames...),
				fmt.Sprintf("In [%d], line 5, in outer", n))...)
	})
}

// A goroutine a cell started reports its panic on the cell's stderr with
// the same frames.
func TestGoroutineTracebackNamesCells(t *testing.T) {
	s := newSession(t)
	for _, cell := range tracebackCells {
		if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
			t.Fatal(err)
		}
	}
	open := gate(t, s, "gate") // In [4]
	for _, tc := range []struct{ name, cell, want string }{
		{"started by the cell", "go func() {\n\t<-gate\n\tdiv(1, 0)\n}()", "In [5], line 3"},
		{"started by a function of an earlier cell", "func later() {\n\tgo func() {\n\t\t<-gate\n\t\tdiv(3, 0)\n\t}()\n}", ""},
		{"started by that function", "later()", "In [7], line 4, in later"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			if _, err := s.Execute(context.Background(), tc.cell, rec); err != nil {
				t.Fatal(err)
			}
			if tc.want == "" {
				return
			}
			open()
			var got string
			for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
				rec.mu.Lock()
				got = rec.stderr.String()
				rec.mu.Unlock()
				if strings.Contains(got, tc.want) {
					break
				}
			}
			checkFrames(t, "the goroutine's report", got, append([]string{"panic in goroutine: runtime error: integer divide by zero"}, append(divFrames, tc.want)...)...)
			open = gate(t, s, "gate")
		})
	}
}
