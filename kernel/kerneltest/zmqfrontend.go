package kerneltest

import (
	"context"
	"fmt"
	"net"
	"sync"

	"github.com/go-zeromq/zmq4"
	"github.com/gofutures/gofutures/kernel"
)

// ZMQFrontend connects to a kernel's ZeroMQ sockets as Jupyter clients
// do: DEALER for shell, control and stdin, SUB for iopub, REQ for the
// heartbeat. A goroutine per socket receives into a queue.
type ZMQFrontend struct {
	cancel context.CancelFunc
	socks  [4]zmq4.Socket
	hb     zmq4.Socket
	in     [4]*pipe
	done   chan struct{}
	wg     sync.WaitGroup
	once   sync.Once
}

var _ Frontend = (*ZMQFrontend)(nil)

// DialZMQ connects to the kernel described by conn.
func DialZMQ(conn kernel.Connection) (*ZMQFrontend, error) {
	ctx, cancel := context.WithCancel(context.Background())
	f := &ZMQFrontend{cancel: cancel, done: make(chan struct{})}
	id := fmt.Sprintf("kerneltest-%p", f)
	for ch := kernel.Shell; ch <= kernel.Stdin; ch++ {
		f.socks[ch] = zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity(id)))
	}
	f.socks[kernel.IOPub] = zmq4.NewSub(ctx)
	f.hb = zmq4.NewReq(ctx)
	ports := [...]int{conn.ShellPort, conn.ControlPort, conn.StdinPort, conn.IOPubPort}
	for ch, s := range f.socks {
		if err := s.Dial(fmt.Sprintf("tcp://%s:%d", conn.IP, ports[ch])); err != nil {
			f.Close()
			return nil, fmt.Errorf("kerneltest: dial %s: %w", kernel.Channel(ch), err)
		}
	}
	if err := f.socks[kernel.IOPub].SetOption(zmq4.OptionSubscribe, ""); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.hb.Dial(fmt.Sprintf("tcp://%s:%d", conn.IP, conn.HBPort)); err != nil {
		f.Close()
		return nil, fmt.Errorf("kerneltest: dial heartbeat: %w", err)
	}
	for ch, s := range f.socks {
		f.in[ch] = newPipe()
		f.wg.Add(1)
		go func() {
			defer f.wg.Done()
			for {
				msg, err := s.Recv()
				if err != nil {
					return
				}
				f.in[ch].put(msg.Frames)
			}
		}()
	}
	return f, nil
}

// Send implements Frontend.
func (f *ZMQFrontend) Send(ch kernel.Channel, frames [][]byte) error {
	if ch < kernel.Shell || ch > kernel.Stdin {
		return fmt.Errorf("kerneltest: frontend cannot send on %s", ch)
	}
	return f.socks[ch].SendMulti(zmq4.NewMsgFrom(frames...))
}

// Recv implements Frontend.
func (f *ZMQFrontend) Recv(ctx context.Context, ch kernel.Channel) ([][]byte, error) {
	if ch < kernel.Shell || ch > kernel.IOPub {
		return nil, fmt.Errorf("kerneltest: frontend cannot receive on %s", ch)
	}
	return f.in[ch].get(ctx, f.done)
}

// Ping sends data to the heartbeat and returns the echo. It is not safe
// for concurrent use.
func (f *ZMQFrontend) Ping(data []byte) ([]byte, error) {
	if err := f.hb.Send(zmq4.NewMsg(data)); err != nil {
		return nil, err
	}
	msg, err := f.hb.Recv()
	if err != nil {
		return nil, err
	}
	return msg.Bytes(), nil
}

// Close closes the sockets and waits for the receiving goroutines.
func (f *ZMQFrontend) Close() error {
	f.once.Do(func() {
		close(f.done)
		f.cancel()
		for _, s := range f.socks {
			if s != nil {
				s.Close()
			}
		}
		if f.hb != nil {
			f.hb.Close()
		}
		f.wg.Wait()
	})
	return nil
}

// LoopbackConnection describes a kernel on five distinct free ports of
// 127.0.0.1, signed with key. The ports are free when it returns; another
// process may still take one before the kernel binds it, so a caller that
// gets "address already in use" should ask again.
func LoopbackConnection(key string) (kernel.Connection, error) {
	var ports [5]int
	for i := range ports {
		// Each listener stays open until all five are chosen, so that the
		// system cannot hand out one port twice.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return kernel.Connection{}, err
		}
		defer l.Close()
		ports[i] = l.Addr().(*net.TCPAddr).Port
	}
	return kernel.Connection{
		Transport: "tcp", IP: "127.0.0.1", Key: key, SignatureScheme: "hmac-sha256",
		ShellPort: ports[0], ControlPort: ports[1], StdinPort: ports[2], IOPubPort: ports[3], HBPort: ports[4],
	}, nil
}
