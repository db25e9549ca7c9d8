package cluster

import "syscall"

// childAttr makes a worker die with the process that started it, so that a
// killed kernel leaves no workers behind.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}
