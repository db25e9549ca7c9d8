package display

import (
	"bufio"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
)

// ErrNoInput is returned by Input and Password when nothing can answer:
// the current sink cannot prompt and standard input is closed or empty.
var ErrNoInput = errors.New("display: no input available")

// Input asks the user for one line of text. In the notebook the frontend
// shows prompt with an input box (Jupyter's stdin channel); a frontend
// that does not allow input, such as nbconvert, makes it return an error.
// Without a prompting sink it writes prompt to the current sink and reads
// a line from os.Stdin. The line comes back without its newline.
func Input(prompt string) (string, error) { return ask(prompt, false) }

// Password is Input with the typed text hidden by the frontend.
func Password(prompt string) (string, error) { return ask(prompt, true) }

// stdin is the one buffered reader over standard input: a reader per call
// would keep, and lose, whatever it buffered past the line it returned.
var stdin struct {
	mu sync.Mutex
	r  *bufio.Reader
}

// stdinFile is what the fallback reads; tests replace it.
var stdinFile io.Reader = os.Stdin

func ask(prompt string, password bool) (string, error) {
	s := Current()
	if p, ok := s.(Prompter); ok {
		return p.Input(context.Background(), prompt, password)
	}
	s.Stream("stdout", prompt)
	stdin.mu.Lock()
	defer stdin.mu.Unlock()
	if stdin.r == nil {
		stdin.r = bufio.NewReader(stdinFile)
	}
	line, err := stdin.r.ReadString('\n')
	if err != nil && line == "" {
		return "", errors.Join(ErrNoInput, err)
	}
	return strings.TrimRight(line, "\r\n"), nil
}
