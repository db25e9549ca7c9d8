package kerneltest

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"sync"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
)

// Cell is one scripted cell: it gets the cell's context and sink.
type Cell func(ctx context.Context, out display.Sink) (*display.Bundle, error)

// Script is a kernel.Executor for protocol tests: each code string names a
// Cell. Unknown code fails with an error. Expressions evaluate to their own
// text; completion offers the names of the cells that start with the
// word before the cursor. The zero Script is ready to use.
type Script struct {
	mu    sync.Mutex
	cells map[string]Cell
}

var _ kernel.Executor = (*Script)(nil)

// Add registers cell under code.
func (s *Script) Add(code string, cell Cell) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cells == nil {
		s.cells = map[string]Cell{}
	}
	s.cells[code] = cell
}

// Execute runs the cell registered for code.
func (s *Script) Execute(ctx context.Context, code string, out display.Sink) (*display.Bundle, error) {
	s.mu.Lock()
	cell := s.cells[code]
	s.mu.Unlock()
	if cell == nil {
		return nil, fmt.Errorf("kerneltest: no cell %q", code)
	}
	return cell(ctx, out)
}

// Evaluate returns expr as text/plain.
func (s *Script) Evaluate(_ context.Context, expr string) (display.Bundle, error) {
	if expr == "" {
		return display.Bundle{}, fmt.Errorf("kerneltest: empty expression")
	}
	return Text(expr), nil
}

// Complete offers registered cell codes that extend the word before cursor.
func (s *Script) Complete(code string, cursor int) ([]string, int, int) {
	r := []rune(code)
	start := cursor
	for start > 0 && r[start-1] != ' ' && r[start-1] != '\n' {
		start--
	}
	prefix := string(r[start:cursor])
	s.mu.Lock()
	var out []string
	for c := range s.cells {
		if strings.HasPrefix(c, prefix) {
			out = append(out, c)
		}
	}
	s.mu.Unlock()
	sort.Strings(out)
	return out, start, cursor
}

// Inspect finds registered cells.
func (s *Script) Inspect(code string, _, _ int) (display.Bundle, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.cells[code]; !ok {
		return display.Bundle{}, false
	}
	return Text("cell " + code), true
}

// IsComplete says code ending in "{" is incomplete, code containing "}{"
// invalid, and anything else complete.
func (s *Script) IsComplete(code string) (string, string) {
	switch {
	case strings.Contains(code, "}{"):
		return "invalid", ""
	case strings.HasSuffix(code, "{"):
		return "incomplete", "\t"
	}
	return "complete", ""
}

// Close does nothing.
func (s *Script) Close() error { return nil }

// Text is a bundle of plain text.
func Text(s string) display.Bundle {
	return display.Bundle{Data: map[string]any{display.MIMEText: s}}
}
