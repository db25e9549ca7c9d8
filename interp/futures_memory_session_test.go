package interp

import (
	"context"
	"runtime"
	"testing"

	"github.com/gofutures/gofutures/futures"
)

// Futures that interpreted code drops are collected, as compiled code's
// are: the task let go of its function when it ran, whose interpreted
// closure kept the frame that held the Future.
func TestDroppedFuturesAreCollected(t *testing.T) {
	s := bridgedSession(t)
	run := func(cell string) {
		t.Helper()
		if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
			t.Fatalf("cell %q: %v", cell, err)
		}
	}
	run("import \"github.com/gofutures/gofutures/futures\"\nc := futures.NewClient(futures.Workers(2))\nfunc inc(x int) int { return x + 1 }")
	v, ok := s.Value("c")
	if !ok {
		t.Fatal("no client c")
	}
	c := v.Interface().(*futures.Client)
	held := func() int {
		for i := 0; i < 100; i++ {
			runtime.GC()
			runtime.Gosched()
			if n := c.Counts(); n.Finished+n.Errors == 0 {
				return 0
			}
		}
		n := c.Counts()
		return n.Finished + n.Errors
	}
	for _, cell := range []string{
		"func run1() { f := c.Submit(inc, 8); f.Result() }\nrun1()",
		"func run2() { fs := c.Map(func(x int) int { return x * 2 }, []int{1, 2, 3}); c.Gather(fs) }\nrun2()",
		"c.Submit(inc, 10).Result();",
		"f := c.Submit(inc, 11)\nf.Result();\nf = nil",
		"for i := 0; i < 100; i++ { c.Submit(inc, i).Result() }",
	} {
		run(cell)
		if n := held(); n != 0 {
			t.Errorf("after %q: the client holds %d tasks after GC, want 0", cell, n)
		}
	}
}
