package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/gofutures/gofutures/display"
)

// Shell lines run `/bin/sh -c LINE` in a process group of their own, with
// no input, the kernel's environment and working directory, and their
// output streamed to the cell as it comes. An interrupt sends SIGINT to
// the group, then SIGKILL after shellGrace, or once the shell ended (a
// background job of sh ignores SIGINT, and would outlive it). A
// non-zero exit status is reported on stderr; as in IPython, it does not
// fail the cell.

// shellGrace is how long an interrupted command gets between SIGINT and
// SIGKILL, and how long its output may stay open after it exited (a
// background job that keeps the output open is cut off then).
const shellGrace = 2 * time.Second

// magicShell runs a shell line, its $name and {expr} expanded
// (expandShell).
func (s *Session) magicShell(ctx context.Context, seg segment, command string, out display.Sink) (*display.Bundle, error) {
	return nil, s.runShell(ctx, s.expandShell(command), streamTo{s, out, "stdout"}, out)
}

// magicShellValue runs a `!!` line as magicShell does, and shows what the
// command wrote on stdout as a value, its lines as a []string, as
// IPython's `!!` returns them; stderr is streamed.
func (s *Session) magicShellValue(ctx context.Context, seg segment, command string, out display.Sink) (*display.Bundle, error) {
	var buf strings.Builder
	if err := s.runShell(ctx, s.expandShell(command), &buf, out); err != nil {
		return nil, err
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if buf.Len() == 0 {
		lines = []string{}
	}
	b := display.FromValue(lines)
	return &b, nil
}

// runShell runs command with /bin/sh, its stdout to stdout and its stderr
// to the cell.
func (s *Session) runShell(ctx context.Context, command string, stdout io.Writer, out display.Sink) error {
	cmd := exec.Command("/bin/sh", "-c", command)
	cmd.Stdout = stdout
	cmd.Stderr = streamTo{s, out, "stderr"}
	cmd.WaitDelay = shellGrace
	ownGroup(cmd)
	if err := cmd.Start(); err != nil {
		return &Error{Kind: OSError, Msg: err.Error()}
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	var err error
	select {
	case err = <-done:
	case <-ctx.Done():
		signalGroup(cmd, false)
		select {
		case <-done:
			// The shell ended, maybe after WaitDelay cut off a job that
			// ignores SIGINT, as sh's background jobs do: kill what is left.
			signalGroup(cmd, true)
		case <-time.After(shellGrace):
			signalGroup(cmd, true)
			<-done
		}
		return interruptedError()
	}
	var ee *exec.ExitError
	switch {
	case errors.As(err, &ee):
		s.say(out, "stderr", ee.String()+"\n")
	case errors.Is(err, exec.ErrWaitDelay):
		// The command exited; a job it left keeps the output open.
	case err != nil:
		return &Error{Kind: OSError, Msg: fmt.Sprint(err)}
	}
	return nil
}

// streamTo writes to a stream of the cell.
type streamTo struct {
	s    *Session
	out  display.Sink
	name string
}

func (w streamTo) Write(p []byte) (int, error) {
	w.s.say(w.out, w.name, string(p))
	return len(p), nil
}
