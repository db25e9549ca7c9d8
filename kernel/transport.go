package kernel

import (
	"context"
	"errors"
)

// Channel names one of the kernel's sockets.
type Channel int

// The kernel's channels. Heartbeat is served by the transport itself.
const (
	Shell Channel = iota
	Control
	Stdin
	IOPub
	Heartbeat
)

var channelNames = [...]string{"shell", "control", "stdin", "iopub", "heartbeat"}

func (c Channel) String() string {
	if c < 0 || int(c) >= len(channelNames) {
		return "channel(?)"
	}
	return channelNames[c]
}

// ErrClosed is returned by a Transport's Recv and Send after Close.
var ErrClosed = errors.New("kernel: transport closed")

// Transport carries raw frames between the kernel and its frontends. The
// server encodes, signs, decodes and verifies; a transport only moves
// frames. NewZMQ is the real one; kerneltest.Transport is its in-memory twin.
//
// Implementations are safe for concurrent use. The server calls Recv for a
// given channel from one goroutine only.
type Transport interface {
	// Recv blocks until frames arrive on ch (Shell, Control or Stdin), ctx
	// ends (returning ctx.Err()) or the transport is closed (ErrClosed).
	Recv(ctx context.Context, ch Channel) ([][]byte, error)
	// Send queues frames on ch (Shell, Control, Stdin or IOPub) for the
	// goroutine that owns the socket; frames sent on one channel leave in
	// the order of the Send calls. It blocks only while the queue is full.
	Send(ch Channel, frames [][]byte) error
	// Close stops the transport. It is idempotent.
	Close() error
}
