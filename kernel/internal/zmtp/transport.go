package zmtp

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"sync"

	"github.com/go-zeromq/zmq4"
	zmqtransport "github.com/go-zeromq/zmq4/transport"
)

// Names of the guarded transports, for endpoints such as
// "gofutures-tcp://127.0.0.1:5555".
const (
	TCP = "gofutures-tcp"
	IPC = "gofutures-ipc"
)

// readBuffer is the buffer of each connection's reader; a handshake
// command must fit in it.
const readBuffer = 16 << 10

var (
	registerOnce sync.Once
	registerErr  error
)

// Register registers TCP and IPC with zmq4. It may be called any number of
// times; zmq4 keeps its transports for the life of the process.
func Register() error {
	registerOnce.Do(func() {
		registerErr = errors.Join(
			zmq4.RegisterTransport(TCP, transport{network: "tcp"}),
			zmq4.RegisterTransport(IPC, transport{network: "unix"}),
		)
	})
	return registerErr
}

// transport implements zmq4's transport.Transport over the net package,
// guarding each connection.
type transport struct{ network string }

// Dial implements transport.Transport: the connection's reads are checked
// and its writes time out, but there is no handshake deadline (zmq4's Dial
// does the handshake itself).
func (t transport) Dial(ctx context.Context, d zmqtransport.Dialer, addr string) (net.Conn, error) {
	c, err := d.DialContext(ctx, t.network, addr)
	if err != nil {
		return nil, err
	}
	return newConn(c, bufio.NewReaderSize(c, readBuffer), configFrom(ctx), nil), nil
}

// Listen implements transport.Transport.
func (t transport) Listen(ctx context.Context, addr string) (net.Listener, error) {
	l, err := net.Listen(t.network, addr)
	if err != nil {
		return nil, err
	}
	return newListener(l, configFrom(ctx)), nil
}

// Addr implements transport.Transport as zmq4's own net transport does.
func (t transport) Addr(ep string) (string, error) {
	addr, err := zmqtransport.New(t.network).Addr(ep)
	if err != nil {
		return "", fmt.Errorf("zmtp: %w", err)
	}
	return addr, nil
}
