package kernel_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// The tests of this file misbehave on the kernel's TCP ports below the
// protocol, where zmq4 v0.17.0 alone would let a peer kill or stall the
// kernel (see ZMQOptions).

// TestHugeFrameHeadersDropTheConnection sends, on each of the five ports,
// a ZMTP greeting and a frame header announcing 2^40 or 2^50 bytes, in
// place of the READY command or after it. zmq4 alone allocates the
// announced size and the process dies; the kernel must close each such
// connection, keep its heap, and go on serving.
func TestHugeFrameHeadersDropTheConnection(t *testing.T) {
	log, _ := captureLog(t)
	k := startZMQWith(t, basicScript(), kernel.ZMQOptions{Logger: log.logger()})
	base := heapAlloc()
	n := 0
	for _, p := range kernelPorts(k.conn) {
		for _, exp := range []uint{40, 50} {
			size := uint64(1) << exp
			t.Run(fmt.Sprintf("%s: 2^%d bytes in place of READY", p.name, exp), func(t *testing.T) {
				dialRaw(t, p.port).send(zmtpGreeting(), zmtpHeader(0x04, size)).waitClosed()
			})
			t.Run(fmt.Sprintf("%s: 2^%d bytes after READY", p.name, exp), func(t *testing.T) {
				dialRaw(t, p.port).send(zmtpGreeting(), zmtpReady(p.peerType), zmtpHeader(0, size)).waitClosed()
			})
			n += 2
		}
	}
	checkServes(t, k.conn)
	grew := heapAlloc() - base
	t.Logf("the live heap grew by %d KiB", grew>>10)
	if grew > 64<<20 {
		t.Errorf("the live heap grew by %d MiB", grew>>20)
	}
	if got := strings.Count(log.String(), "message larger than the limit"); got != n {
		t.Errorf("%d connections logged as too large, want %d", got, n)
	}
}

// TestAnnouncedSizeWithinTheLimitCostsNothing announces 200 MiB, under the
// default limit, on each port after READY, sends three bytes and waits.
// zmq4 alone allocates the 200 MiB at once; the kernel's memory must follow
// the bytes that arrived. The heap is sampled for a while: a kernel that
// allocated would be caught, one that did not cannot fail.
func TestAnnouncedSizeWithinTheLimitCostsNothing(t *testing.T) {
	k := startZMQWith(t, basicScript(), kernel.ZMQOptions{Logger: kerneltest.TestLogger(t)})
	base := heapAlloc()
	for _, p := range kernelPorts(k.conn) {
		dialRaw(t, p.port).send(zmtpGreeting(), zmtpReady(p.peerType), zmtpHeader(0, 200<<20), []byte("abc"))
	}
	checkServes(t, k.conn)
	var most int64
	for range 10 {
		grew := heapAlloc() - base
		if grew > 100<<20 {
			t.Fatalf("the live heap grew by %d MiB for 15 bytes received", grew>>20)
		}
		most = max(most, grew)
		time.Sleep(50 * time.Millisecond)
	}
	t.Logf("the live heap grew by %d KiB at most", most>>10)
}

// TestSilentConnectionsDoNotBlockNewClients holds connections open on every
// port that send nothing, half a greeting, or a greeting without READY,
// while a new client connects and uses all five ports. zmq4 alone
// handshakes inside its accept loop and the new client waits forever.
func TestSilentConnectionsDoNotBlockNewClients(t *testing.T) {
	k := startZMQWith(t, basicScript(), kernel.ZMQOptions{Logger: kerneltest.TestLogger(t), HandshakeTimeout: time.Hour})
	for _, p := range kernelPorts(k.conn) {
		dialRaw(t, p.port)
		dialRaw(t, p.port).send(zmtpGreeting()[:10])
		dialRaw(t, p.port).send(zmtpGreeting())
	}
	checkServes(t, k.conn)
}

// TestHandshakeTimeoutClosesSilentConnections checks that a connection
// that does not finish its handshake is closed, and why is logged. The
// timeout is short for a test, long for a handshake: the clients of
// startZMQWith and checkServes must finish theirs within it.
func TestHandshakeTimeoutClosesSilentConnections(t *testing.T) {
	log, _ := captureLog(t)
	k := startZMQWith(t, basicScript(), kernel.ZMQOptions{Logger: log.logger(), HandshakeTimeout: 3 * time.Second})
	var silent []*rawPeer
	for _, p := range kernelPorts(k.conn) {
		silent = append(silent, dialRaw(t, p.port), dialRaw(t, p.port).send(zmtpGreeting()))
	}
	for _, r := range silent {
		r.waitClosed()
	}
	if got := strings.Count(log.String(), "dropped a ZeroMQ connection in handshake"); got != 10 {
		t.Errorf("%d handshakes logged as dropped, want 10", got)
	}
	checkServes(t, k.conn)
}

// TestStalledSubscriberIsDropped subscribes a raw peer to iopub that stops
// reading, then runs a cell writing 16 MiB while another client reads
// iopub. zmq4 alone writes to subscribers in turn without a deadline: the
// reading client stalls for good and the kernel queues the output. The
// reading client must get every byte, and the stalled peer be dropped.
func TestStalledSubscriberIsDropped(t *testing.T) {
	const piece, pieces = 256 << 10, 64
	s := basicScript()
	s.Add("flood", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		text := strings.Repeat("y", piece)
		for range pieces {
			out.Stream("stdout", text)
		}
		return nil, nil
	})
	log, _ := captureLog(t)
	k := startZMQWith(t, s, kernel.ZMQOptions{Logger: log.logger(), StallTimeout: 2 * time.Second})
	ctx := testContext(t)

	stuck := dialSmallWindow(t, k.conn.IOPubPort)
	stuck.send(zmtpGreeting(), zmtpReady("SUB"), zmtpFrame(0, []byte{1})) // subscribe to all
	// Read until something published arrives, so that the subscription
	// is known to be in force; then read no more.
	handshake := len(zmtpGreeting()) + len(zmtpReady("PUB"))
	got, buf := 0, make([]byte, 4096)
	for tries := 0; got <= handshake; tries++ {
		if tries == 100 {
			t.Fatal("the raw subscriber received nothing published")
		}
		if _, err := k.c.Call(ctx, kernel.Shell, "kernel_info_request", map[string]any{}); err != nil {
			t.Fatal(err)
		}
		stuck.c.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
		for {
			n, err := stuck.c.Read(buf)
			got += n
			if err != nil {
				break
			}
		}
	}

	base := heapAlloc()
	req, err := k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("flood"))
	if err != nil {
		t.Fatal(err)
	}
	text := 0
	for {
		m, err := k.c.Next(ctx, kernel.IOPub, kerneltest.ParentIs(req))
		if err != nil {
			t.Fatalf("after %d of %d bytes of output: %v", text, piece*pieces, err)
		}
		if m.Header.MsgType == "stream" {
			text += len(content(m)["text"].(string))
		}
		if m.Header.MsgType == "status" && content(m)["execution_state"] == "idle" {
			break
		}
	}
	if text != piece*pieces {
		t.Errorf("the reading client got %d bytes of output, want %d", text, piece*pieces)
	}
	stuck.waitClosed()
	t.Logf("the stalled subscriber received %d bytes", got)
	if !strings.Contains(log.String(), "peer stopped reading") {
		t.Error("the dropped subscriber is not in the log")
	}
	grew := heapAlloc() - base
	t.Logf("the live heap grew by %d KiB", grew>>10)
	if grew > 16<<20 {
		t.Errorf("the live heap grew by %d MiB", grew>>20)
	}
}
