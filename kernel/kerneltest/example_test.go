package kerneltest_test

import (
	"context"
	"fmt"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// A server on the in-memory transport, driven by a Client. In tests,
// kerneltest.Start does all of this in one call.
func Example() {
	script := &kerneltest.Script{}
	script.Add("greet", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		out.Stream("stdout", "hello\n")
		b := kerneltest.Text("42")
		return &b, nil
	})
	tr := kerneltest.NewTransport()
	srv, _ := kernel.NewServer(kernel.Options{Executor: script, Transport: tr, Key: kerneltest.Key})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- srv.Run(ctx) }()

	c := kerneltest.NewClient(tr.Frontend(), kerneltest.Key)
	r, err := c.Execute(ctx, "greet")
	fmt.Println(r.Status(), err)
	fmt.Println(r.Types())
	fmt.Printf("%q\n", r.Stdout())

	stop()
	<-done
	// Output:
	// ok <nil>
	// [status execute_input stream execute_result status]
	// "hello\n"
}

// ExampleLoopbackConnection describes a kernel on five distinct free
// ports, as a test writes to a connection file or passes to kernel.NewZMQ.
func ExampleLoopbackConnection() {
	conn, err := kerneltest.LoopbackConnection("secret")
	if err != nil {
		panic(err)
	}
	ports := map[int]bool{conn.ShellPort: true, conn.ControlPort: true, conn.StdinPort: true, conn.IOPubPort: true, conn.HBPort: true}
	fmt.Println(conn.IP, conn.Transport, len(ports))
	// Output: 127.0.0.1 tcp 5
}
