package cluster

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// WorkerConfig configures RunWorker. The zero value of every field but URL
// has a default.
type WorkerConfig struct {
	URL       string             // the NATS server, such as nats://127.0.0.1:4222
	Name      string             // default: host-pid
	Slots     int                // tasks run at once; default 1
	Resources map[string]float64 // advertised, for placement
	Resolver  Resolver           // finds interpreted functions; nil: registered ones only
	NATS      []nats.Option      // credentials, TLS
	Logger    *slog.Logger       // default: discard
}

// WorkerInfo describes a live worker, as it advertises itself.
type WorkerInfo struct {
	ID        string             `json:"id"`
	Name      string             `json:"name"`
	Host      string             `json:"host"`
	PID       int                `json:"pid"`
	Slots     int                `json:"slots"`
	Running   int                `json:"running"`
	Resources map[string]float64 `json:"resources,omitempty"`
	Memory    uint64             `json:"memory"` // bytes of the results this worker stored that are still kept
}

// RunWorker runs tasks from the cluster at cfg.URL until ctx is done, then
// stops taking tasks, waits for the running ones and returns nil. Tasks it
// had taken but not finished are redelivered to other workers.
func RunWorker(ctx context.Context, cfg WorkerConfig) error {
	w, err := newWorker(ctx, cfg)
	if err == nil {
		err = w.run(ctx)
	}
	if ctx.Err() != nil {
		return nil // stopped while starting
	}
	return err
}

type worker struct {
	cfg  WorkerConfig
	info WorkerInfo
	log  *slog.Logger
	nc   *nats.Conn
	a    *assets
	beat time.Duration // how often held messages are marked in progress

	queue chan *job // taken tasks, waiting for a slot

	mu      sync.Mutex
	held    map[*held]struct{}
	runs    map[runID]*job
	running int
	stored  uint64            // bytes of the results in keep
	keep    map[string]uint64 // key -> size of each result it stored, until deleted
	fns     map[fnKey]*function
	free    map[string]float64 // resources not held by running tasks
	freed   chan struct{}      // closed and replaced when resources are freed
}

type runID struct {
	client string
	run    uint64
}

type fnKey struct {
	journal string
	name    string
}

// held is a task message taken from the stream, acked once its tasks are done.
type held struct {
	msg     jetstream.Msg
	attempt uint64
	left    int  // tasks not yet reported
	redo    bool // a task's note or result was not stored: deliver it again
}

type job struct {
	client string
	t      taskMsg
	res    map[string]float64 // held while it runs: its placement group's
	h      *held
	ctx    context.Context
	cancel context.CancelFunc
	stored jetstream.PubAckFuture // the result's write, when not yet confirmed

	// Guarded by the worker's mu, for start reports (starts.go):
	slot          int   // the slot running it
	started       int64 // when it began (unix nanoseconds); 0 until then
	startReported bool
}

type confirm struct {
	j *job
	n *note // nil when the run must be redone (its result was not stored)
}

func newWorker(ctx context.Context, cfg WorkerConfig) (*worker, error) {
	if cfg.Slots < 1 {
		cfg.Slots = 1
	}
	host, _ := os.Hostname()
	if cfg.Name == "" {
		cfg.Name = host + "-" + strconv.Itoa(os.Getpid())
	}
	log := cfg.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	opts := append([]nats.Option{nats.Name("gofutures worker " + cfg.Name), nats.MaxReconnects(-1),
		nats.ReconnectWait(100 * time.Millisecond)}, cfg.NATS...)
	nc, err := nats.Connect(cfg.URL, opts...)
	if err != nil {
		return nil, fmt.Errorf("cluster: worker %s: %w", cfg.Name, err)
	}
	js, err := jetstream.New(nc, jetstream.WithPublishAsyncTimeout(publishTimeout))
	if err != nil {
		nc.Close()
		return nil, err
	}
	a, err := open(ctx, js)
	if err != nil {
		nc.Close()
		return nil, fmt.Errorf("cluster: worker %s: %w", cfg.Name, err)
	}
	w := &worker{
		cfg: cfg, log: log, nc: nc, a: a,
		info: WorkerInfo{ID: newID(), Name: cfg.Name, Host: host, PID: os.Getpid(),
			Slots: cfg.Slots, Resources: cfg.Resources},
		queue: make(chan *job, cfg.Slots),
		held:  map[*held]struct{}{},
		runs:  map[runID]*job{},
		fns:   map[fnKey]*function{},
		free:  maps.Clone(cfg.Resources),
		freed: make(chan struct{}),
	}
	return w, nil
}

func (w *worker) run(ctx context.Context) error {
	defer w.nc.Close()
	cons, err := w.a.tasks.Consumer(ctx, taskConsumer)
	if err != nil {
		return err
	}
	w.beat = cons.CachedInfo().Config.AckWait / 3
	if w.beat <= 0 {
		w.beat = time.Second
	}
	sub, err := w.nc.Subscribe(cancelSubject, w.onCancel)
	if err != nil {
		return err
	}
	defer sub.Unsubscribe()
	freed, err := w.nc.Subscribe(freedSubject, w.onFreed)
	if err != nil {
		return err
	}
	defer freed.Unsubscribe()
	if err := w.advertise(ctx); err != nil {
		return err
	}
	msgs, err := cons.Messages(jetstream.PullMaxMessages(w.cfg.Slots + 1))
	if err != nil {
		return err
	}
	var takers sync.WaitGroup
	if err := w.consumeGroups(ctx, &takers); err != nil {
		msgs.Stop()
		return err
	}
	var wg sync.WaitGroup
	confirms := make(chan confirm, 1024)
	acks := make(chan reported, 64)
	confirmed, acked := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(confirmed)
		defer close(acks)
		w.confirmer(confirms, acks)
	}()
	go func() {
		defer close(acked)
		w.acker(acks)
	}()
	for i := 0; i < w.cfg.Slots; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			w.slot(i, confirms)
		}()
	}
	bg, stopBG := context.WithCancel(context.Background())
	beating := make(chan struct{})
	go func() {
		defer close(beating)
		w.heartbeat(bg)
	}()
	starting := make(chan struct{})
	go func() {
		defer close(starting)
		w.reportStarts(bg)
	}()
	w.log.Info("worker ready", "name", w.cfg.Name, "slots", w.cfg.Slots)
	w.consume(ctx, msgs, nil)
	takers.Wait()
	close(w.queue)
	wg.Wait() // the running tasks end, still marked in progress
	close(confirms)
	<-confirmed
	<-acked
	stopBG()
	<-beating
	<-starting
	_ = w.a.workers.Delete(context.Background(), w.info.ID)
	return nil
}

// take queues the tasks of one message for the slots.
func (w *worker) take(m jetstream.Msg, res map[string]float64) {
	b, err := unmarshalBatch(m.Data())
	if err != nil {
		w.log.Error("bad task message", "err", err)
		_ = m.Term()
		return
	}
	h := &held{msg: m, attempt: 1, left: len(b.tasks)}
	if md, err := m.Metadata(); err == nil {
		h.attempt = md.NumDelivered
	}
	if h.left == 0 {
		_ = m.Ack()
		return
	}
	w.mu.Lock()
	w.held[h] = struct{}{}
	jobs := make([]*job, len(b.tasks))
	for i, t := range b.tasks {
		ctx, cancel := context.WithCancel(context.Background())
		j := &job{client: b.client, t: t, res: res, h: h, ctx: ctx, cancel: cancel}
		w.runs[runID{b.client, t.run}] = j
		jobs[i] = j
	}
	w.mu.Unlock()
	for _, j := range jobs {
		w.queue <- j
	}
}

func (w *worker) slot(i int, confirms chan<- confirm) {
	for j := range w.queue {
		if len(j.res) > 0 && !w.acquire(j.ctx, j.res) {
			w.mu.Lock()
			w.running++
			w.mu.Unlock()
			now := time.Now().UnixNano()
			confirms <- confirm{j: j, n: &note{run: j.t.run, attempt: j.h.attempt, worker: w.cfg.Name, slot: uint64(i),
				status: noteCancelled, err: context.Canceled.Error(), started: now, stopped: now}}
			continue
		}
		w.mu.Lock()
		w.running++
		j.slot, j.started = i, time.Now().UnixNano()
		w.mu.Unlock()
		n := w.execute(j, i)
		if len(j.res) > 0 {
			w.release(j.res)
		}
		confirms <- confirm{j: j, n: n}
	}
}

// heartbeat tells the server, every third of the ack deadline, that the
// messages this worker holds are still being worked on, and renews the
// worker's entry in the registry.
func (w *worker) heartbeat(ctx context.Context) {
	tick := time.NewTicker(min(w.beat, workerBeat))
	defer tick.Stop()
	lastBeat, lastAd := time.Now(), time.Now()
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			if now.Sub(lastBeat) >= w.beat {
				lastBeat = now
				w.mu.Lock()
				hs := make([]*held, 0, len(w.held))
				for h := range w.held {
					hs = append(hs, h)
				}
				w.mu.Unlock()
				for _, h := range hs {
					_ = h.msg.InProgress()
				}
			}
			if now.Sub(lastAd) >= workerBeat {
				lastAd = now
				_ = w.advertise(ctx)
			}
		}
	}
}

func (w *worker) advertise(ctx context.Context) error {
	w.mu.Lock()
	info := w.info
	info.Running = w.running
	info.Memory = w.stored
	w.mu.Unlock()
	b, _ := json.Marshal(info)
	_, err := w.a.workers.Put(ctx, info.ID, b)
	return err
}

// onFreed stops counting the results a client deleted (their keys, one a
// line) in the worker's Memory.
func (w *worker) onFreed(m *nats.Msg) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for key := range strings.SplitSeq(string(m.Data), "\n") {
		if size, ok := w.keep[key]; ok {
			w.stored -= size
			delete(w.keep, key)
		}
	}
}

// onCancel stops a run the client cancelled.
func (w *worker) onCancel(m *nats.Msg) {
	r := &reader{b: m.Data}
	id := runID{client: r.string(), run: r.uvarint()}
	if r.err != nil {
		return
	}
	w.mu.Lock()
	j := w.runs[id]
	w.mu.Unlock()
	if j != nil {
		j.cancel()
	}
}

func cancelMsg(client string, run uint64) []byte {
	b := appendString(nil, client)
	return appendUvarint(b, run)
}
