//go:build darwin || freebsd || netbsd || openbsd

package interp

import "syscall"

func dup2(old, new int) error { return syscall.Dup2(old, new) }
