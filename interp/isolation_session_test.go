package interp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/gofutures/gofutures/display/displaytest"
)

// Sessions in one process keep their hooks and registries apart: a task's
// traceback names its own session's cells, and Progress and display.Show
// from its tasks draw in its own session's cell, while another session
// does the same at the same time.
func TestSessionsInOneProcessStayApart(t *testing.T) {
	names := []string{"A", "B"}
	sessions := make([]*Session, len(names))
	for i := range names {
		sessions[i] = bridgedSession(t)
		execCell(t, sessions[i], fmt.Sprintf(`import (
	"fmt"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/futures"
)
func fail%[1]s(x int) int {
	if x > 0 {
		panic("boom %[1]s")
	}
	return x
}
func show%[1]s(x int) int {
	display.Show("shown by %[1]s")
	return x
}
func run() string {
	c := futures.NewClient(futures.Workers(1))
	defer c.Close()
	f := c.Submit(fail%[1]s, 1)
	futures.ProgressWait(f)
	c.Submit(show%[1]s, 2).Result()
	return f.Traceback()
}`, names[i]))
	}
	const rounds = 3
	outs := make([][]string, len(names))
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				rec := &displaytest.Recorder{}
				if _, err := sessions[i].Execute(context.Background(), "fmt.Println(run())", rec); err != nil {
					t.Errorf("session %s: %v", names[i], err)
				}
				outs[i] = append(outs[i], strings.Join(rec.Lines(), "\n"))
			}
		}()
	}
	wg.Wait()
	for i, name := range names {
		other := names[1-i]
		for r, out := range outs[i] {
			for _, want := range []string{"in fail" + name, "shown by " + name, "1/1 done"} {
				if !strings.Contains(out, want) {
					t.Errorf("session %s, round %d: output lacks %q:\n%s", name, r, want, out)
				}
			}
			for _, not := range []string{"fail" + other, "shown by " + other} {
				if strings.Contains(out, not) {
					t.Errorf("session %s, round %d: output has %q of session %s:\n%s", name, r, not, other, out)
				}
			}
		}
	}
}
