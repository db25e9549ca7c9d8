package cluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/nats-io/nats.go"
)

// The test binary is also the workers' program: NewLocal starts it again
// with the argument "worker", and ServeWorker runs the worker.
func TestMain(m *testing.M) {
	registerTestFuncs()
	ServeWorker()
	os.Exit(m.Run())
}

type point struct {
	X, Y int
	Tag  string
}

func registerTestFuncs() {
	Register("inc", func(x int) int { return x + 1 })
	Register("add", func(x, y int) int { return x + y })
	Register("sum", func(xs []int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	})
	Register("fail", func(x int) (int, error) { return 0, fmt.Errorf("fail %d", x) })
	Register("boom", func(x int) int { panic("boom") })
	Register("big", func(n int) []byte { return make([]byte, n) })
	Register("move", func(p point, dx int) point { p.X += dx; return p })
	Register("sleep", func(ctx context.Context, ms int) (int, error) {
		select {
		case <-time.After(time.Duration(ms) * time.Millisecond):
			return ms, nil
		case <-ctx.Done():
			return 0, ctx.Err()
		}
	})
	Register("pid", func(int) int { return os.Getpid() })
	Register("die", func(int) int { os.Exit(3); return 0 })
	Register("hello", func(s string) string { return "hello " + s })
	Register("scale", func(x float64, k float64) float64 { return x * k })
}

func inc(x int) int          { return x + 1 }
func unregistered(x int) int { return x }

func newLocal(t *testing.T, n int, opts ...Option) *Cluster {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cl, err := NewLocal(n, append([]Option{WorkerCommand(exe, "worker")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cl.Close() })
	return cl
}

func fn(name string) any {
	f, ok := registered(name)
	if !ok {
		panic(name)
	}
	return f
}

func wantErr(t *testing.T, err error, substr string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), substr) {
		t.Fatalf("err = %v, want one containing %q", err, substr)
	}
}

var _ = errors.Is

// newInProcess starts a server without a listener, a worker of this
// process named name with slots slots, and a cluster on them by Connect;
// the test's cleanup stops them.
func newInProcess(t *testing.T, name string, slots int) *Cluster {
	t.Helper()
	b, err := StartBroker(BrokerConfig{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.Close)
	inproc := nats.InProcessServer(b.Server())
	cl, err := Connect("", NATSOptions(inproc))
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		if err := RunWorker(ctx, WorkerConfig{Name: name, Slots: slots, NATS: []nats.Option{inproc}}); err != nil {
			t.Error(err)
		}
	}()
	t.Cleanup(func() { stop(); wg.Wait() })
	t.Cleanup(func() { cl.Close() })
	wctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := cl.WaitForWorkers(wctx, 1); err != nil {
		t.Fatal(err)
	}
	return cl
}
