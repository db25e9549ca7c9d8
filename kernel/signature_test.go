package kernel_test

import (
	"bytes"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// TestSignaturesReplayedOrUpperCaseAreRefused sends a signed request, the
// same frames again, and a request whose right signature is spelled in
// upper-case hex: only the first runs, and the kernel logs why it dropped
// the others.
func TestSignaturesReplayedOrUpperCaseAreRefused(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		log, withLog := captureLog(t)
		k := start(basicScript(), withLog)
		ctx := testContext(t)
		codec := kernel.NewCodec(kerneltest.Key)

		first := must[kernel.Message](t)(k.c.NewMessage("execute_request", kerneltest.ExecuteContent("hello")))
		frames := must[[][]byte](t)(codec.Encode(first))
		upper := must[kernel.Message](t)(k.c.NewMessage("execute_request", kerneltest.ExecuteContent("hello")))
		upperFrames := must[[][]byte](t)(codec.Encode(upper))
		upperFrames[1] = bytes.ToUpper(upperFrames[1]) // frames[0] is the delimiter
		for _, f := range [][][]byte{frames, frames, upperFrames} {
			if err := k.c.Frontend().Send(kernel.Shell, f); err != nil {
				t.Fatal(err)
			}
		}
		if r := must[kernel.Message](t)(k.c.Next(ctx, kernel.Shell, nil)); r.Parent.MsgID != first.Header.MsgID {
			t.Fatalf("first reply answers %q, want the first request", r.Parent.MsgID)
		}
		// Had the replay or the upper-case one run, its reply would come
		// before this one.
		info := must[kernel.Message](t)(k.c.Request(kernel.Shell, "kernel_info_request", map[string]any{}))
		r := must[kernel.Message](t)(k.c.Next(ctx, kernel.Shell, nil))
		if r.Parent.MsgID != info.Header.MsgID {
			t.Fatalf("got a reply to %q (%s), want only the kernel_info reply", r.Parent.MsgID, r.Header.MsgType)
		}
		got := log.String()
		if n := strings.Count(got, "replayed message signature"); n != 1 {
			t.Errorf("the log names %d replays, want 1:\n%s", n, got)
		}
		if n := strings.Count(got, "bad message signature"); n != 1 {
			t.Errorf("the log names %d bad signatures, want 1 (the upper-case one):\n%s", n, got)
		}
	})
}
