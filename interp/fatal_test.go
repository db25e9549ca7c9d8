package interp

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// fatalCellEnv names the cell that TestFatalErrorChild runs when the test
// binary is started again by TestFatalErrorsEndTheProcessWithAMessage.
const fatalCellEnv = "GOFUTURES_TEST_FATAL_CELL"

// TestFatalErrorChild is the child process of
// TestFatalErrorsEndTheProcessWithAMessage: a capturing session, as the
// kernel runs, that runs a cell ending the process.
func TestFatalErrorChild(t *testing.T) {
	cell := os.Getenv(fatalCellEnv)
	if cell == "" {
		t.Skip("run by TestFatalErrorsEndTheProcessWithAMessage")
	}
	s, err := New(Options{CaptureFD: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	_, err = s.Execute(context.Background(), cell, &recorder{})
	t.Fatalf("the cell returned (%v) instead of ending the process", err)
}

// A fatal runtime error must end the process (so that Jupyter sees the
// kernel die and restarts it) with its message on the process's original
// standard error (the kernel's log), never hang. Each cell first starts
// 2,000 goroutines, whose stacks make the runtime's dump far larger than a
// pipe holds: written to a full pipe whose reader the runtime has stopped,
// it would hang the process.
func TestFatalErrorsEndTheProcessWithAMessage(t *testing.T) {
	if testing.Short() {
		t.Skip("starts the test binary again")
	}
	const crowd = "import \"sync\"\nblock := make(chan bool)\nfor i := 0; i < 2000; i++ { go func() { <-block }() }\n"
	cases := []struct{ name, cell, want string }{
		{"unlock of an unlocked mutex", crowd + "var mu sync.Mutex\nmu.Unlock()", "fatal error: sync: unlock of unlocked mutex"},
		{"concurrent map writes", crowd + "m := map[int]int{}\nvar wg sync.WaitGroup\nfor g := 0; g < 4; g++ { wg.Add(1); go func() { defer wg.Done(); for i := 0; ; i++ { m[i%64] = i } }() }\nwg.Wait()",
			"fatal error: concurrent map writes"},
		{"out of memory", crowd + "big := make([]byte, 1<<47)\nbig[0] = 1", "out of memory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if raceBuild && c.name == "out of memory" {
				t.Skip("the race detector's allocator reports an allocation it cannot make otherwise")
			}
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFatalErrorChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), fatalCellEnv+"="+c.cell)
			var stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stderr, &stderr
			err := cmd.Run()
			if ctx.Err() != nil {
				t.Fatalf("the process hung (killed after 3 minutes); its stderr ends %q", tail(stderr.String()))
			}
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() == 0 {
				t.Fatalf("the process ended with %v, want a failure exit", err)
			}
			if !strings.Contains(stderr.String(), c.want) || !strings.Contains(stderr.String(), "fatal error: ") {
				t.Fatalf("its stderr lacks %q; it ends %q", c.want, tail(stderr.String()))
			}
		})
	}
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}
