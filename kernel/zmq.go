package kernel

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"time"

	"github.com/go-zeromq/zmq4"
	"github.com/gofutures/gofutures/kernel/internal/zmtp"
)

// ZMQ is the ZeroMQ Transport: ROUTER sockets for shell, control and stdin,
// PUB for iopub, REP for heartbeat, bound to the ports of a Connection.
//
// No code outside this file touches a socket. Each ROUTER socket has one
// reader goroutine and one writer goroutine; publishers hand iopub frames
// to zmq4's PUB socket themselves, under a lock that keeps their order (the
// socket only queues them for its own writer goroutine, so a publisher
// never waits for a subscriber); the heartbeat has its own goroutine, so a
// long cell never makes the kernel look dead.
type ZMQ struct {
	log    *slog.Logger
	cancel context.CancelFunc
	wg     sync.WaitGroup // readers and the heartbeat
	wwg    sync.WaitGroup // writers
	socks  []zmq4.Socket
	in     [3]chan [][]byte // Shell, Control, Stdin
	out    [3]chan [][]byte // Shell, Control, Stdin
	done   chan struct{}
	once   sync.Once

	pubMu     sync.Mutex // orders publishers; guards pubClosed
	pub       zmq4.Socket
	pubClosed bool
}

// sendQueue is how many messages a channel's writer holds before Send
// blocks; senders then wait for the socket, which is the back-pressure.
const sendQueue = 1024

// linger is how long Close waits for iopub messages already handed over.
const linger = 50 * time.Millisecond

// ZMQOptions sets the limits NewZMQWithOptions puts on every connection to
// the kernel's ports. Zero fields take the defaults.
//
// They protect the kernel from what go-zeromq/zmq4 v0.17.0 does with
// careless or hostile peers (kernel/internal/zmtp has the details): it
// allocates whatever size a frame header announces, handshakes each new
// connection inside its accept loop without a deadline, and writes to
// peers in turn without a deadline while queueing without bound.
type ZMQOptions struct {
	// Logger receives the transport's problems, such as a dropped peer;
	// nil discards them.
	Logger *slog.Logger
	// MaxMessageSize is the largest message, all frames together, a peer
	// may send; a peer that announces a larger one is disconnected before
	// the kernel allocates anything for it. Memory for a message follows
	// the bytes that actually arrive. Default 256 MiB.
	MaxMessageSize int64
	// HandshakeTimeout is how long a new connection may take to send its
	// ZMTP greeting and READY command; other connections never wait for
	// it. Default 10s.
	HandshakeTimeout time.Duration
	// StallTimeout is how long a peer may accept no byte of what the
	// kernel sends it before it is disconnected (it may get up to half as
	// long again). An iopub subscriber that stops reading delays the
	// others by at most that long, once, and
	// what zmq4 queues meanwhile is sent to them afterwards. Default 10s.
	StallTimeout time.Duration
}

// NewZMQ binds the five sockets of conn with the default ZMQOptions and
// starts their goroutines. A nil logger discards logs.
func NewZMQ(conn Connection, log *slog.Logger) (*ZMQ, error) {
	return NewZMQWithOptions(conn, ZMQOptions{Logger: log})
}

// NewZMQWithOptions binds the five sockets of conn and starts their
// goroutines.
func NewZMQWithOptions(conn Connection, opts ZMQOptions) (*ZMQ, error) {
	if err := conn.validate(); err != nil {
		return nil, err
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := zmtp.Register(); err != nil {
		return nil, fmt.Errorf("kernel: %w", err)
	}
	ctx, cancel := context.WithCancel(zmtp.WithConfig(context.Background(), zmtp.Config{
		MaxMessageSize:   opts.MaxMessageSize,
		HandshakeTimeout: opts.HandshakeTimeout,
		StallTimeout:     opts.StallTimeout,
		Logger:           log,
	}))
	t := &ZMQ{log: log, cancel: cancel, done: make(chan struct{})}
	// zmq4 logs through the standard log package; send it to ours.
	zlog := zmq4.WithLogger(slog.NewLogLogger(log.Handler(), slog.LevelWarn))
	routers := make([]zmq4.Socket, 3)
	ports := [...]int{conn.ShellPort, conn.ControlPort, conn.StdinPort}
	for i := range routers {
		routers[i] = zmq4.NewRouter(ctx, zlog, zmq4.WithID(zmq4.SocketIdentity(fmt.Sprintf("gofutures-%s", Channel(i)))))
	}
	pub := zmq4.NewPub(ctx, zlog)
	hb := zmq4.NewRep(ctx, zlog)
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
	t.pub = pub
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

// write owns the sending side of a ROUTER socket. A send
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
	if ch == IOPub {
		return t.publish(frames)
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

// publish hands frames to the PUB socket, which queues them for its
// subscribers and returns at once.
func (t *ZMQ) publish(frames [][]byte) error {
	t.pubMu.Lock()
	defer t.pubMu.Unlock()
	if t.pubClosed {
		return ErrClosed
	}
	if err := t.pub.SendMulti(zmq4.NewMsgFrom(frames...)); err != nil {
		t.log.Warn("kernel: send failed", "channel", IOPub, "err", err)
	}
	return nil
}

// Close sends what is queued, closes the sockets and waits for their
// goroutines.
func (t *ZMQ) Close() error {
	var errs []error
	t.once.Do(func() {
		close(t.done)
		t.pubMu.Lock()
		t.pubClosed = true
		t.pubMu.Unlock()
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
