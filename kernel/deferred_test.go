package kernel_test

import (
	"errors"
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// The kernel answers kernel_info_request while its executor is still being
// made, and runs cells once it is.
func TestDeferredExecutorAnswersKernelInfoFirst(t *testing.T) {
	release := make(chan struct{})
	d := kernel.NewDeferred(func() (kernel.Executor, error) {
		<-release
		return basicScript(), nil
	})
	k := startMemory(t, d)
	ctx := testContext(t)
	info := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "kernel_info_request", map[string]any{}))
	if content(info.Reply)["status"] != "ok" {
		t.Fatalf("kernel_info_reply %v", content(info.Reply))
	}
	req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("hello")))
	close(release)
	r := kerneltest.Result{Request: req, Reply: must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req))}
	r.IOPub = must[[]kernel.Message](t)(k.c.IOPub(ctx, req))
	if r.Status() != "ok" || r.Stdout() != "hello, world\n" {
		t.Errorf("cell: %s %q", r.Status(), r.Stdout())
	}
}

// An executor that cannot be made fails each cell with the reason.
func TestDeferredExecutorThatFailsFailsCells(t *testing.T) {
	d := kernel.NewDeferred(func() (kernel.Executor, error) { return nil, errors.New("no interpreter") })
	k := startMemory(t, d)
	r := must[kerneltest.Result](t)(k.c.Execute(testContext(t), "hello"))
	if r.Status() != "error" || content(r.Reply)["evalue"] != "no interpreter" {
		t.Errorf("reply %v", content(r.Reply))
	}
	if _, err := d.Wait(); err == nil {
		t.Error("Wait: no error")
	}
}
