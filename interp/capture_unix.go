//go:build linux || darwin || freebsd || netbsd || openbsd

package interp

import (
	"fmt"
	"os"
	"syscall"
)

// capture points descriptor fd at a new pipe, keeping a duplicate of the
// original.
func capture(fd int) (*fdCapture, error) {
	saved, err := syscall.Dup(fd)
	if err != nil {
		return nil, fmt.Errorf("interp: capturing fd %d: %w", fd, err)
	}
	r, w, err := os.Pipe()
	if err != nil {
		syscall.Close(saved)
		return nil, fmt.Errorf("interp: capturing fd %d: %w", fd, err)
	}
	if err := dup2(int(w.Fd()), fd); err != nil {
		syscall.Close(saved)
		r.Close()
		w.Close()
		return nil, fmt.Errorf("interp: capturing fd %d: %w", fd, err)
	}
	return newCapture(fd, os.NewFile(uintptr(saved), fmt.Sprintf("fd%d", fd)), r, w), nil
}

// restore puts the original descriptor back at fc.fd.
func restore(fc *fdCapture) {
	dup2(int(fc.saved.Fd()), fc.fd)
}
