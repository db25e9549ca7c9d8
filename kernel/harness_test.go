package kernel_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// running is a server under test and a client connected to it.
type running struct {
	tr   kernel.Transport
	c    *kerneltest.Client
	done chan error // Run's result
	zmq  *kerneltest.ZMQFrontend
	conn kernel.Connection // the ports, over ZeroMQ
}

// transports runs one test body over each Transport, as raft runs one
// suite over every implementation.
var transports = []struct {
	name  string
	start func(t testing.TB, exec kernel.Executor, cfg ...func(*kernel.Options)) *running
}{
	{"memory", startMemory},
	{"zeromq", startZMQ},
}

func forEachTransport(t *testing.T, body func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running)) {
	for _, tr := range transports {
		t.Run(tr.name, func(t *testing.T) {
			body(t, func(e kernel.Executor, cfg ...func(*kernel.Options)) *running { return tr.start(t, e, cfg...) })
		})
	}
}

func runServer(t testing.TB, tr kernel.Transport, exec kernel.Executor, cfg []func(*kernel.Options)) chan error {
	t.Helper()
	opts := kernel.Options{Executor: exec, Transport: tr, Key: kerneltest.Key, Logger: kerneltest.TestLogger(t)}
	for _, f := range cfg {
		f(&opts)
	}
	srv, err := kernel.NewServer(opts)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	stopped := make(chan struct{})
	go func() {
		errc <- srv.Run(ctx)
		close(stopped)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-stopped:
		case <-time.After(10 * time.Second):
			t.Error("server did not stop")
		}
		tr.Close()
	})
	return errc
}

func startMemory(t testing.TB, exec kernel.Executor, cfg ...func(*kernel.Options)) *running {
	tr := kerneltest.NewTransport()
	done := runServer(t, tr, exec, cfg)
	return &running{tr: tr, c: kerneltest.NewClient(tr.Frontend(), kerneltest.Key), done: done}
}

func testConnection(t testing.TB) kernel.Connection {
	conn, err := kerneltest.LoopbackConnection(string(kerneltest.Key))
	if err != nil {
		t.Fatal(err)
	}
	return conn
}

func startZMQ(t testing.TB, exec kernel.Executor, cfg ...func(*kernel.Options)) *running {
	return startZMQWith(t, exec, kernel.ZMQOptions{Logger: kerneltest.TestLogger(t)}, cfg...)
}

// startZMQWith is startZMQ with the transport's options.
func startZMQWith(t testing.TB, exec kernel.Executor, zopts kernel.ZMQOptions, cfg ...func(*kernel.Options)) *running {
	var conn kernel.Connection
	var tr *kernel.ZMQ
	var err error
	// Another process may take a port between choosing and binding it.
	for range 3 {
		conn = testConnection(t)
		if tr, err = kernel.NewZMQWithOptions(conn, zopts); err == nil || !strings.Contains(err.Error(), "address already in use") {
			break
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	done := runServer(t, tr, exec, cfg)
	f, err := kerneltest.DialZMQ(conn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	c := kerneltest.NewClient(f, kerneltest.Key)
	if err := c.WaitIOPub(testContext(t)); err != nil {
		t.Fatal(err)
	}
	return &running{tr: tr, c: c, done: done, zmq: f, conn: conn}
}

// testContext bounds a test's waits so that a lost message fails the test
// instead of hanging it; it is a deadlock guard, not a timing assertion.
func testContext(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func must[T any](t *testing.T) func(T, error) T {
	return func(v T, err error) T {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
}

var errBoom = errors.New("boom")
