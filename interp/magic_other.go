//go:build !unix

package interp

import (
	"os"
	"os/exec"
	"time"
)

func ownGroup(cmd *exec.Cmd) {}

// signalGroup interrupts or kills cmd itself: without process groups, what
// it started lives on.
func signalGroup(cmd *exec.Cmd, kill bool) {
	if kill {
		cmd.Process.Kill()
	} else {
		cmd.Process.Signal(os.Interrupt)
	}
}

// cpuTimes is not measured here: %time prints the wall time only.
func cpuTimes() (user, sys time.Duration, ok bool) { return 0, 0, false }
