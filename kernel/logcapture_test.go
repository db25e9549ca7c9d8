package kernel_test

import (
	"bytes"
	"io"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"github.com/gofutures/gofutures/kernel"
)

// capturedLog keeps what a server logs, and still shows it through t.Log.
type capturedLog struct {
	t   testing.TB
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *capturedLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	l.buf.Write(p)
	l.mu.Unlock()
	l.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}

func (l *capturedLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

func (l *capturedLog) logger() *slog.Logger {
	return slog.New(slog.NewTextHandler(io.Writer(l), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// captureLog returns a log and the option that makes a server write to it.
func captureLog(t testing.TB) (*capturedLog, func(*kernel.Options)) {
	l := &capturedLog{t: t}
	return l, func(o *kernel.Options) { o.Logger = l.logger() }
}
