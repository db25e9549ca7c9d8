package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
)

// ZMQ is the ZeroMQ Transport: ROUTER sockets for shell, control and stdin,
// PUB for iopub, REP for heartbeat, bound to the ports of a Connection.
//
// No code outside this file touches a socket. Each ROUTER socket has one
// reader goroutine and one writer goroutine; iopub has a single writer
// goroutine that every publisher hands frames to; the heartbeat has its own
// goroutine, so a long cell never makes the kernel look dead.
type ZMQ struct {
	log    *slog.Logger
	cancel context.CancelFunc
	wg     sync.WaitGroup // readers and the heartbeat
	wwg    sync.WaitGroup // writers
	socks  []zmq4.Socket
	in     [3]chan [][]byte // Shell, Control, Stdin
	out    [4]chan [][]byte // Shell, Control, Stdin, IOPub
	done   chan struct{}
	once   sync.Once
}

// sendQueue is how many messages a channel's writer holds before Send
// blocks; senders then wait for the socket, which is the back-pressure.
const sendQueue = 1024

// linger is how long Close waits for iopub messages already handed over.
const linger = 50 * time.Millisecond

// NewZMQ binds the five sockets of conn and starts their goroutines. A nil
// logger discards logs.
func NewZMQ(conn Connection, log *slog.Logger) (*ZMQ, error) {
	if err := conn.validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	ctx, cancel := context.WithCancel(context.Background())
	t := &ZMQ{log: log, cancel: cancel, done: make(chan struct{})}
	routers := make([]zmq4.Socket, 3)
	ports := [...]int{conn.ShellPort, conn.ControlPort, conn.StdinPort}
	for i := range routers {
		routers[i] = zmq4.NewRouter(ctx, zmq4.WithID(zmq4.SocketIdentity(fmt.Sprintf("gofutures-%s", Channel(i)))))
	}
	pub := zmq4.NewPub(ctx)
	hb := zmq4.NewRep(ctx)
	t.socks = append(append(t.socks, routers...), pub, hb)
	bind := func(s zmq4.Socket, port int, ch Channel) error {
		if err := s.Listen(conn.endpoint(port)); err != nil {
			return fmt.Errorf("kernel: listen %s on %s: %w", ch, conn.endpoint(port), err)
		}
		return nil
	}
	var err error
	for i, r := range routers {
		if err == nil {
			err = bind(r, ports[i], Channel(i))
		}
	}
	if err == nil {
		err = bind(pub, conn.IOPubPort, IOPub)
	}
	if err == nil {
		err = bind(hb, conn.HBPort, Heartbeat)
	}
	if err != nil {
		t.Close()
		return nil, err
	}
	for i, r := range routers {
		t.in[i] = make(chan [][]byte, 64)
		t.out[i] = make(chan [][]byte, sendQueue)
		t.goFunc(func() { t.read(r, Channel(i)) })
		t.goWrite(func() { t.write(r, Channel(i)) })
	}
	t.out[IOPub] = make(chan [][]byte, sendQueue)
	t.goWrite(func() { t.write(pub, IOPub) })
	t.goFunc(func() { t.heartbeat(hb) })
	return t, nil
}

func (t *ZMQ) goFunc(f func()) {
	t.wg.Add(1)
	go func() {
		defer t.wg.Done()
		f()
	}()
}

func (t *ZMQ) goWrite(f func()) {
	t.wwg.Add(1)
	go func() {
		defer t.wwg.Done()
		f()
	}()
}

// read owns the receiving side of a ROUTER socket.
func (t *ZMQ) read(s zmq4.Socket, ch Channel) {
	for {
		msg, err := s.Recv()
		if err != nil {
			select {
			case <-t.done:
			default:
				t.log.Error("kernel: receive failed", "channel", ch, "err", err)
			}
			return
		}
		select {
		case t.in[ch] <- msg.Frames:
		case <-t.done:
			return
		}
	}
}

// write owns the sending side of a socket; for iopub, all of it. A send
// error concerns one peer (it went away) and is logged, not returned. On
// Close it sends what is queued, such as the shutdown_reply, then returns.
func (t *ZMQ) write(s zmq4.Socket, ch Channel) {
	send := func(frames [][]byte) {
		if err := s.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
			t.log.Warn("kernel: send failed", "channel", ch, "err", err)
		}
	}
	for {
		select {
		case frames := <-t.out[ch]:
			send(frames)
		case <-t.done:
			for {
				select {
				case frames := <-t.out[ch]:
					send(frames)
				default:
					return
				}
			}
		}
	}
}

// heartbeat echoes every ping.
func (t *ZMQ) heartbeat(s zmq4.Socket) {
	for {
		msg, err := s.Recv()
		if err != nil {
			return
		}
		if err := s.Send(msg); err != nil {
			t.log.Warn("kernel: heartbeat echo failed", "err", err)
		}
	}
}

// Recv implements Transport.
func (t *ZMQ) Recv(ctx context.Context, ch Channel) ([][]byte, error) {
	if ch < Shell || ch > Stdin {
		return nil, fmt.Errorf("kernel: cannot receive on %s", ch)
	}
	select {
	case f := <-t.in[ch]:
		return f, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	case <-t.done:
		return nil, ErrClosed
	}
}

// Send implements Transport.
func (t *ZMQ) Send(ch Channel, frames [][]byte) error {
	if ch < Shell || ch > IOPub {
		return fmt.Errorf("kernel: cannot send on %s", ch)
	}
	select {
	case <-t.done:
		return ErrClosed
	default:
	}
	select {
	case t.out[ch] <- frames:
		return nil
	case <-t.done:
		return ErrClosed
	}
}

// Close sends what is queued, closes the sockets and waits for their
// goroutines.
func (t *ZMQ) Close() error {
	var errs []error
	t.once.Do(func() {
		close(t.done)
		t.wwg.Wait()
		// zmq4's PUB socket queues internally and has no linger option:
		// give it a moment to send the last status messages.
		time.Sleep(linger)
		t.cancel()
		for _, s := range t.socks {
			if err := s.Close(); err != nil && !errors.Is(err, context.Canceled) {
				errs = append(errs, err)
			}
		}
		t.wg.Wait()
	})
	return errors.Join(errs...)
}
