package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"reflect"
	"sort"
	"sync"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/display"
)

// Options configures a Session. The zero value is ready to use.
type Options struct {
	// Stdout and Stderr receive output written while no cell runs (nil
	// means os.Stdout and os.Stderr).
	Stdout, Stderr io.Writer
	// Logger receives the session's diagnostics (nil discards them).
	Logger *slog.Logger
}

// ErrClosed is returned by Execute and Evaluate after Close.
var ErrClosed = errors.New("interp: session closed")

// Session is one notebook's interpreter state. Execute and Evaluate are
// serialized; Complete, Inspect and IsComplete may run beside them.
type Session struct {
	opts Options
	log  *slog.Logger
	yi   *interp.Interpreter

	mu     sync.Mutex // serializes evaluation and guards the fields below
	closed bool

	names   map[string]string // top-level name -> declaration source
	imports map[string]string // local name -> import path
}

// New returns a session with the standard library loaded.
func New(opts Options) (*Session, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Session{
		opts:    opts,
		log:     opts.Logger,
		names:   map[string]string{},
		imports: map[string]string{},
	}
	s.yi = interp.New(interp.Options{Stdout: opts.Stdout, Stderr: opts.Stderr})
	if err := s.yi.Use(stdlib.Symbols); err != nil {
		return nil, fmt.Errorf("interp: loading the standard library: %w", err)
	}
	return s, nil
}

// Execute runs one cell, streaming its output to out, and returns the
// cell's result bundle, if it has one.
func (s *Session) Execute(ctx context.Context, code string, out display.Sink) (*display.Bundle, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil, ErrClosed
	}
	v, err := s.eval(code)
	if err != nil {
		return nil, err
	}
	if !v.IsValid() || !v.CanInterface() {
		return nil, nil
	}
	b := display.Bundle{Data: map[string]any{display.MIMEText: fmt.Sprint(v.Interface())}}
	return &b, nil
}

// eval runs src in yaegi, turning any panic into an error.
func (s *Session) eval(src string) (v reflect.Value, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("interp: internal error: %v", r)
		}
	}()
	return s.yi.Eval(src)
}

// Evaluate computes one user expression for execute_reply.
func (s *Session) Evaluate(ctx context.Context, expr string) (display.Bundle, error) {
	b, err := s.Execute(ctx, expr, nil)
	if err != nil || b == nil {
		return display.Bundle{Data: map[string]any{display.MIMEText: ""}}, err
	}
	return *b, nil
}

// Complete returns completion candidates for code at cursor.
func (s *Session) Complete(code string, cursor int) ([]string, int, int) {
	return complete(s, code, cursor)
}

// Inspect returns help for the symbol at cursor.
func (s *Session) Inspect(code string, cursor, detail int) (display.Bundle, bool) {
	return inspect(s, code, cursor, detail)
}

// IsComplete reports whether code is ready to execute.
func (s *Session) IsComplete(code string) (string, string) { return isComplete(code) }

// Close releases the session. It is idempotent.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	return nil
}

// Names lists the user's top-level names, sorted.
func (s *Session) Names() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]string, 0, len(s.names))
	for n := range s.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Imports maps each local package name to its import path.
func (s *Session) Imports() map[string]string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]string, len(s.imports))
	for k, v := range s.imports {
		out[k] = v
	}
	return out
}

// Value returns the current value of the user global name.
func (s *Session) Value(name string) (reflect.Value, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := s.names[name]; !ok {
		return reflect.Value{}, false
	}
	v, err := s.eval(name)
	return v, err == nil && v.IsValid()
}

// Source returns the source text that declared name.
func (s *Session) Source(name string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	src, ok := s.names[name]
	return src, ok
}
