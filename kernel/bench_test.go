package kernel_test

import (
	"context"
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// BenchmarkRoundTrip measures execute_request to idle for a cell that
// returns a value at once: the kernel's own overhead per cell.
func BenchmarkRoundTrip(b *testing.B) {
	s := &kerneltest.Script{}
	s.Add("1 + 1", func(context.Context, display.Sink) (*display.Bundle, error) {
		r := kerneltest.Text("2")
		return &r, nil
	})
	for _, tr := range transports {
		b.Run(tr.name, func(b *testing.B) {
			k := tr.start(b, s)
			ctx := context.Background()
			for b.Loop() {
				req, err := k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("1 + 1"))
				if err != nil {
					b.Fatal(err)
				}
				if _, err := k.c.IOPub(ctx, req); err != nil {
					b.Fatal(err)
				}
				if _, err := k.c.Reply(ctx, kernel.Shell, req); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
