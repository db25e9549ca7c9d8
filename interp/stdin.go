package interp

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gofutures/gofutures/display"
)

// cellStdin is the standard input yaegi gives fmt.Scan, Scanf and Scanln
// in cells, and what cells read through os.Stdin (rewrite_stdin.go): each
// time it runs dry it asks the frontend for a line (display.Input, an
// input_request), and reads that line and a newline.
// When the frontend does not allow input (nbconvert, a sink that cannot
// prompt and an empty standard input), reading fails with an error saying
// so rather than returning nothing. yaegi keeps os.Stdin the process's own
// file (see the package doc). One cellStdin serves a session, so that what
// one reader buffered past a line stays for the next.
type cellStdin struct {
	mu  sync.Mutex
	buf string
}

func (in *cellStdin) Read(p []byte) (int, error) {
	in.mu.Lock()
	defer in.mu.Unlock()
	if in.buf == "" {
		line, err := display.Input("")
		if err != nil {
			return 0, fmt.Errorf("interp: standard input: the frontend does not allow input: %w", err)
		}
		in.buf = strings.TrimRight(line, "\r\n") + "\n"
	}
	n := copy(p, in.buf)
	in.buf = in.buf[n:]
	return n, nil
}
