package kerneltest

import (
	"context"
	"errors"
	"log/slog"
	"testing"

	"github.com/gofutures/gofutures/kernel"
)

// Key is the signing key Start uses.
var Key = []byte("kerneltest-key")

// Start runs a kernel.Server for exec over an in-memory Transport until
// the test ends, and returns a Client connected to it. The server logs
// through t.Log. configure, if given, adjusts the options before the
// server is created.
func Start(t testing.TB, exec kernel.Executor, configure ...func(*kernel.Options)) *Client {
	t.Helper()
	tr := NewTransport()
	opts := kernel.Options{Executor: exec, Transport: tr, Key: Key, Logger: TestLogger(t)}
	for _, f := range configure {
		f(&opts)
	}
	srv, err := kernel.NewServer(opts)
	if err != nil {
		t.Fatalf("kerneltest: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
			t.Errorf("kerneltest: server: %v", err)
		}
		tr.Close()
	})
	return NewClient(tr.Frontend(), Key)
}

// TestLogger returns a logger writing through t.Log, so that logs show
// only for failing tests.
func TestLogger(t testing.TB) *slog.Logger {
	return slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
}

type testWriter struct{ t testing.TB }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Helper()
	w.t.Log(string(p))
	return len(p), nil
}
