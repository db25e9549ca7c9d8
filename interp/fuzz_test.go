package interp

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// FuzzExecute throws mutated cells at a session. The process must survive
// every one (a panic escaping Execute fails the fuzzer), and a cell that
// does not parse must get an error.
func FuzzExecute(f *testing.F) {
	files, _ := filepath.Glob("testdata/cells/*.go")
	cells, _ := filepath.Glob("testdata/cells/*.cell")
	files = append(files, cells...)
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(string(b))
		}
	}
	for _, s := range []string{
		"1 + 1", "x := 3\nx * 2", "for {", "func (", "import \"nope\"", "go", "var x, y = 1",
		"type T struct{ A int }\nT{1, 2}", "a, b := 1", "for i := range 3 { println(i) }",
		"go func() { panic(1) }()", "defer println(1)", "select {}", "var f = func() {}\nf()",
		"switch x := 1; x { case 1: }", "label: for { break label }", "goto end\nend:",
		"p := new(int)\n*p = 3\n*p", "ch := make(chan int, 1)\nch <- 1\n<-ch", "return",
		"min(1, 2.5)", "clear(nil)", "var m map[int]int\nm[1] = 1", "[]int{1}[5]",
	} {
		f.Add(s)
	}
	s, err := New(Options{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, cell string) {
		ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
		defer cancel()
		_, err := s.Execute(ctx, cell, &recorder{})
		if _, perr := parseCell(cell); perr != nil && err == nil {
			t.Errorf("cell %q does not parse (%v) but Execute reported no error", cell, perr)
		}
		settle(s)
	})
}

// settle stops the goroutines that earlier cells left running, as an
// interrupt between cells does, and waits up to a second for them to
// return, so that none of them runs beside the next cell's declarations:
// the race the package doc accepts, which the race detector would report.
func settle(s *Session) {
	s.background.mu.Lock()
	tasks := slices.Clone(s.background.tasks)
	s.background.mu.Unlock()
	s.InterruptIdle()
	deadline := time.Now().Add(time.Second)
	for _, t := range tasks {
		for t.Running() && time.Now().Before(deadline) {
			time.Sleep(time.Millisecond)
		}
	}
}
