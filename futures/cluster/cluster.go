package cluster

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"sync"
	"time"

	"github.com/gofutures/gofutures/futures"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Cluster is a futures.Client whose tasks run on worker processes, through
// a NATS JetStream server: local ones that NewLocal starts, or any that
// dial the server Connect uses. Its methods are safe for concurrent use.
type Cluster struct {
	cfg    config
	broker *Broker // NewLocal's
	url    string  // what workers dial
	nc     *nats.Conn
	a      *assets
	reg    *roster
	exec   *executor
	client *futures.Client

	mu      sync.Mutex
	procs   []*process
	closed  bool
	started time.Time
}

// Option configures NewLocal and Connect.
type Option func(*config)

type config struct {
	slots     int
	command   []string
	ackWait   time.Duration
	nats      []nats.Option
	storage   jetstream.StorageType
	storeDir  string
	logger    *slog.Logger
	journal   JournalSource
	stderr    *os.File
	readyWait time.Duration
	copts     []futures.ClientOption
}

// Slots sets how many tasks each local worker runs at once (default 1).
func Slots(n int) Option { return func(c *config) { c.slots = n } }

// WorkerCommand sets the program NewLocal starts as a worker, with its
// arguments; the worker's flags (--nats and the rest) follow them. The
// default is this program with the argument "worker", as cmd/gofutures
// has; a program using futures as a library can call ServeWorker first
// thing in main instead of having such a subcommand.
func WorkerCommand(path string, args ...string) Option {
	return func(c *config) { c.command = append([]string{path}, args...) }
}

// AckWait sets how long a worker may hold a task without reporting
// progress before the task goes to another worker (default 10 s; a
// worker reports progress on running tasks three times per period).
func AckWait(d time.Duration) Option { return func(c *config) { c.ackWait = d } }

// NATSOptions are passed to nats.Connect: credentials, TLS, timeouts.
func NATSOptions(opts ...nats.Option) Option {
	return func(c *config) { c.nats = append(c.nats, opts...) }
}

// FileStorage keeps the cluster's tasks and results on disk, so that they
// survive a restart of the server; NewLocal keeps them in dir. Connect
// uses file storage by default.
func FileStorage(dir string) Option {
	return func(c *config) { c.storage, c.storeDir = jetstream.FileStorage, dir }
}

// Logger sets where the cluster logs (default: nowhere).
func Logger(l *slog.Logger) Option { return func(c *config) { c.logger = l } }

// Declarations lets workers run the functions a notebook session declared.
func Declarations(j JournalSource) Option { return func(c *config) { c.journal = j } }

// ClientOptions are passed to futures.NewClient.
func ClientOptions(opts ...futures.ClientOption) Option {
	return func(c *config) { c.copts = append(c.copts, opts...) }
}

func newConfig(opts []Option, storage jetstream.StorageType) config {
	c := config{slots: 1, ackWait: defaultAckWait, storage: storage, readyWait: 30 * time.Second}
	for _, o := range opts {
		o(&c)
	}
	if c.slots < 1 {
		c.slots = 1
	}
	if c.logger == nil {
		c.logger = slog.New(slog.DiscardHandler)
	}
	if c.ackWait <= 0 {
		c.ackWait = defaultAckWait
	}
	return c
}

// NewLocal starts a NATS JetStream server on 127.0.0.1 (a free port, a
// password of its own) and n worker processes, and returns once they are
// all ready, as Dask's LocalCluster does. Close stops them.
func NewLocal(n int, opts ...Option) (*Cluster, error) {
	start := time.Now()
	cfg := newConfig(opts, jetstream.MemoryStorage)
	user, pass := "gofutures", newID()+newID()
	b, err := StartBroker(BrokerConfig{Listen: "127.0.0.1:0", Store: cfg.storeDir, User: user, Password: pass})
	if err != nil {
		return nil, err
	}
	cl := &Cluster{cfg: cfg, broker: b, started: start}
	cl.url = fmt.Sprintf("nats://%s:%s@%s", user, pass, b.ns.Addr().String())
	nc, err := nats.Connect("", append([]nats.Option{nats.InProcessServer(b.ns), nats.UserInfo(user, pass)}, cfg.nats...)...)
	if err != nil {
		b.Close()
		return nil, err
	}
	if err := cl.attach(nc); err != nil {
		b.Close()
		return nil, err
	}
	if err := cl.Scale(n); err != nil {
		cl.Close()
		return nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), cfg.readyWait)
	defer cancel()
	if err := cl.WaitForWorkers(ctx, n); err != nil {
		cl.Close()
		return nil, err
	}
	cl.startClient(n * cfg.slots)
	return cl, nil
}

// Connect uses the NATS server (or cluster) at url, with workers started
// anywhere (gofutures worker --nats URL). Its client counts the slots of
// the workers live when it starts.
func Connect(url string, opts ...Option) (*Cluster, error) {
	cfg := newConfig(opts, jetstream.FileStorage)
	cl := &Cluster{cfg: cfg, url: url, started: time.Now()}
	nc, err := nats.Connect(url, append([]nats.Option{nats.MaxReconnects(-1), nats.ReconnectWait(100 * time.Millisecond)}, cfg.nats...)...)
	if err != nil {
		return nil, fmt.Errorf("cluster: %w", err)
	}
	if err := cl.attach(nc); err != nil {
		return nil, err
	}
	slots := 0
	for _, w := range cl.Workers() {
		slots += w.Slots
	}
	cl.startClient(max(slots, 1))
	return cl, nil
}

func (cl *Cluster) attach(nc *nats.Conn) error {
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(publishTimeout),
		jetstream.WithPublishAsyncErrHandler(cl.resend))
	if err != nil {
		nc.Close()
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	a, err := setup(ctx, js, cl.cfg.storage, cl.cfg.ackWait)
	if err != nil {
		nc.Close()
		return fmt.Errorf("cluster: setting up JetStream: %w", err)
	}
	if cl.reg, err = watchWorkers(a.workers); err != nil {
		nc.Close()
		return fmt.Errorf("cluster: watching workers: %w", err)
	}
	cl.nc, cl.a = nc, a
	return nil
}

func (cl *Cluster) startClient(slots int) {
	cl.exec = newExecutor(cl.nc, cl.a, cl.reg, cl.cfg.ackWait, slots, cl.cfg.logger, cl.cfg.journal)
	cl.client = futures.NewClient(append([]futures.ClientOption{futures.WithExecutor(cl.exec)}, cl.cfg.copts...)...)
}

// Client returns the client whose tasks run on the cluster.
func (cl *Cluster) Client() *futures.Client { return cl.client }

// URL returns the address workers dial, credentials included.
func (cl *Cluster) URL() string { return cl.url }

// Workers returns the live workers, by name, as they last advertised
// themselves (every second).
func (cl *Cluster) Workers() []WorkerInfo {
	ws, _ := cl.reg.live()
	return ws
}

// WaitForWorkers blocks until at least n workers are live.
func (cl *Cluster) WaitForWorkers(ctx context.Context, n int) error {
	for {
		ws, changed := cl.reg.live()
		if len(ws) >= n {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("cluster: %d of %d workers ready: %w", len(ws), n, ctx.Err())
		case <-changed:
		case <-time.After(time.Second): // entries expire without a change
		}
	}
}

// Close closes the client, stops the workers NewLocal started and the
// server. It is idempotent.
func (cl *Cluster) Close() error {
	cl.mu.Lock()
	if cl.closed {
		cl.mu.Unlock()
		return nil
	}
	cl.closed = true
	procs := cl.procs
	cl.procs = nil
	cl.mu.Unlock()
	if cl.client != nil {
		cl.client.Close()
	}
	stopAll(procs)
	if cl.reg != nil {
		cl.reg.stop()
	}
	if cl.nc != nil {
		cl.nc.Close()
	}
	if cl.broker != nil {
		cl.broker.Close()
	}
	return nil
}

// String describes the cluster in one line.
func (cl *Cluster) String() string {
	ws := cl.Workers()
	slots, running := 0, 0
	for _, w := range ws {
		slots += w.Slots
		running += w.Running
	}
	return fmt.Sprintf("<Cluster: %d workers, %d slots, %d running>", len(ws), slots, running)
}

// Watch calls fn, from a goroutine of its own and never two calls at once,
// when the live workers change: one joins or leaves, or advertises itself
// again (every second, with its running tasks and memory). It also calls
// fn when a worker that died without leaving goes stale, seen by a check
// every second. The watch ends, after a last call, once the cluster is
// closed. stop ends it sooner and waits for a call under way; fn must not
// call stop.
func (cl *Cluster) Watch(fn func()) (stop func()) {
	done, ended := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(ended)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		ws, changed := cl.reg.live()
		for {
			select {
			case <-done:
				return
			case <-changed:
				ws, changed = cl.reg.live()
				fn()
			case <-tick.C:
				if cl.isClosed() {
					fn()
					return
				}
				var now []WorkerInfo
				now, changed = cl.reg.live()
				if !slices.EqualFunc(now, ws, func(a, b WorkerInfo) bool { return a.ID == b.ID }) { // one expired
					fn()
				}
				ws = now
			}
		}
	}()
	var once sync.Once
	return func() {
		once.Do(func() { close(done) })
		<-ended
	}
}

func (cl *Cluster) isClosed() bool {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	return cl.closed
}
