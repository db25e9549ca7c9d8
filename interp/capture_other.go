//go:build !(linux || darwin || freebsd || netbsd || openbsd)

package interp

import "errors"

func capture(fd int) (*fdCapture, error) {
	return nil, errors.New("interp: capturing the process's output is not supported on this system")
}

func restore(fc *fdCapture) {}
