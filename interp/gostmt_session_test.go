package interp

import (
	"context"
	"strings"
	"testing"
)

// TestGoStatementsCallBuiltins runs go statements whose call is a builtin:
// as in Go, the arguments are evaluated at the go statement, the builtin
// runs on the new goroutine, and its panic is reported like any other
// goroutine's.
func TestGoStatementsCallBuiltins(t *testing.T) {
	s := newSession(t)
	if _, err := s.Execute(context.Background(), `import "fmt"`, &recorder{}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ name, cell, stdout, stderr string }{
		{name: "close runs on a goroutine",
			cell: "done := make(chan bool)\ngo close(done)\n<-done\nfmt.Print(\"closed\")", stdout: "closed"},
		{name: "println's arguments are evaluated at the go statement",
			cell: "x := 1\ngo println(x, \"then\")\nx = 2", stdout: "1 then\n"},
		{name: "copy and delete, a literal key keeping the map's key type",
			cell: "type key string\nfunc edit(m map[key]int, dst, src []int) { go copy(dst, src); go delete(m, \"k\") }\nedit(map[key]int{\"k\": 1}, make([]int, 1), []int{1})"},
		{name: "a panic is recovered and reported at the go statement",
			cell: "go panic(\"boom\")", stderr: "panic in goroutine: boom\n\tIn [5], line 1\n\t   1 | go panic(\"boom\")\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			if _, err := s.Execute(context.Background(), tc.cell, rec); err != nil {
				t.Fatal(err)
			}
			// The goroutine may still be writing; a panicking one must have
			// reported before the next cell compiles (see
			// TestPanicInGoroutineIsReported).
			var out, errs string
			waitFor(func() bool {
				rec.mu.Lock()
				defer rec.mu.Unlock()
				out, errs = rec.stdout.String(), rec.stderr.String()
				return out == tc.stdout && strings.Contains(errs, tc.stderr)
			})
			if out != tc.stdout {
				t.Errorf("stdout %q, want %q", out, tc.stdout)
			}
			if !strings.Contains(errs, tc.stderr) {
				t.Errorf("stderr %q, want it to contain %q", errs, tc.stderr)
			}
		})
	}
}

// TestGoStatementSubmits runs `go client.Submit(inc, 41)`: the go statement
// calls the compiled method on the client it evaluated, where taking the
// method value failed with a reflect.Set error.
func TestGoStatementSubmits(t *testing.T) {
	s := newSession(t)
	for _, cell := range []string{
		"import (\n\t\"fmt\"\n\t\"github.com/gofutures/gofutures/futures\"\n)\nclient := futures.NewClient()\nfunc inc(x int) int { return x + 1 }",
		"go client.Submit(inc, 41)",
	} {
		if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
			t.Fatalf("%q: %v", cell, err)
		}
	}
	rec := &recorder{}
	if _, err := s.Execute(context.Background(), "v, err := client.Submit(inc, 41).Result()\nfmt.Print(v, err)", rec); err != nil {
		t.Fatal(err)
	}
	if got := rec.stdout.String(); got != "42 <nil>" {
		t.Errorf("got %q, want %q", got, "42 <nil>")
	}
}
