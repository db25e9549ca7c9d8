package cluster

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/gofutures/gofutures/futures"
	"github.com/nats-io/nats.go/jetstream"
)

// Placement: a task placed by futures.OnWorkers or futures.Resources goes
// to a queue of its own, one per distinct placement (a group), with a
// consumer of its own on the task stream: taskSubject.p.<hash>. The
// client writes each group it uses to the placement bucket; every worker
// watches the bucket and takes tasks from the groups it matches (by name
// or host, and by advertising at least the resources asked). A task held
// by a worker that dies goes to another worker of its group. A task whose
// group no live worker matches fails at once with ErrNoWorker, unless it
// allows other workers (futures.AllowOtherWorkers), which sends it to the
// shared queue. Resources are held while a task runs: a worker that
// advertises GPU=1 runs one task asking GPU=1 at a time, whatever its slots.

// ErrNoWorker fails a placed task that no live worker may run.
var ErrNoWorker = errors.New("cluster: no worker matches the task's placement")

// group is one distinct placement, as workers read it from the bucket.
type group struct {
	Workers   []string           `json:"workers,omitempty"`
	Resources map[string]float64 `json:"resources,omitempty"`
}

// id is a hash of the group's canonical form.
func (g group) id() string {
	b, _ := json.Marshal(g) // map keys are sorted
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

func groupOf(p futures.Placement) group {
	g := group{Workers: slices.Clone(p.Workers), Resources: maps.Clone(p.Resources)}
	sort.Strings(g.Workers)
	return g
}

// matches reports whether the worker w may run the group's tasks.
func (g group) matches(w WorkerInfo) bool {
	if len(g.Workers) > 0 && !slices.Contains(g.Workers, w.Name) && !slices.Contains(g.Workers, w.Host) {
		return false
	}
	for r, need := range g.Resources {
		if w.Resources[r] < need {
			return false
		}
	}
	return true
}

func groupSubject(id string) string  { return taskSubject + ".p." + id }
func groupConsumer(id string) string { return "p-" + id }

// consumerConfig is the configuration of every task consumer: the shared
// one and each group's.
func consumerConfig(name, subject string, ackWait time.Duration) jetstream.ConsumerConfig {
	return jetstream.ConsumerConfig{
		Durable: name, FilterSubject: subject,
		AckPolicy: jetstream.AckExplicitPolicy, AckWait: ackWait, MaxDeliver: maxDeliveries,
		MaxAckPending: -1,
	}
}

// roster is the client's view of the live workers, kept by watching the
// worker bucket. A worker is live while its entry is fresher than
// workerTTL (entries expire without telling watchers).
type roster struct {
	mu      sync.Mutex
	workers map[string]liveWorker
	changed chan struct{} // closed and replaced on every change
	stop    func()
}

type liveWorker struct {
	info WorkerInfo
	seen time.Time
}

func watchWorkers(kv jetstream.KeyValue) (*roster, error) {
	ctx, cancel := context.WithCancel(context.Background())
	w, err := kv.WatchAll(ctx)
	if err != nil {
		cancel()
		return nil, err
	}
	r := &roster{workers: map[string]liveWorker{}, changed: make(chan struct{})}
	done := make(chan struct{})
	r.stop = func() {
		cancel()
		_ = w.Stop()
		<-done
	}
	go func() {
		defer close(done)
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-w.Updates():
				if !ok {
					return
				}
				if e != nil {
					r.update(e)
				}
			}
		}
	}()
	return r, nil
}

func (r *roster) update(e jetstream.KeyValueEntry) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if e.Operation() == jetstream.KeyValuePut {
		var info WorkerInfo
		if json.Unmarshal(e.Value(), &info) != nil {
			return
		}
		r.workers[e.Key()] = liveWorker{info: info, seen: time.Now()}
	} else {
		delete(r.workers, e.Key())
	}
	close(r.changed)
	r.changed = make(chan struct{})
}

// live returns the live workers, by name, and a channel closed at the
// next change.
func (r *roster) live() ([]WorkerInfo, <-chan struct{}) {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]WorkerInfo, 0, len(r.workers))
	for _, w := range r.workers {
		if time.Since(w.seen) < workerTTL {
			out = append(out, w.info)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, r.changed
}

// noWorker says which workers are live when none matches p.
func noWorker(p futures.Placement, live []WorkerInfo) error {
	var ws []string
	for _, w := range live {
		desc := w.Name
		if len(w.Resources) > 0 {
			keys := slices.Sorted(maps.Keys(w.Resources))
			rs := make([]string, len(keys))
			for i, k := range keys {
				rs[i] = fmt.Sprintf("%s=%g", k, w.Resources[k])
			}
			desc += " (" + strings.Join(rs, ", ") + ")"
		}
		ws = append(ws, desc)
	}
	if len(ws) == 0 {
		return fmt.Errorf("%w: %v, and no worker is live", ErrNoWorker, p)
	}
	return fmt.Errorf("%w: %v; the live workers are %s (futures.AllowOtherWorkers runs it on them)",
		ErrNoWorker, p, strings.Join(ws, ", "))
}

// route returns the subject of a task placed by p, making its group's
// queue the first time.
func (e *executor) route(p futures.Placement) (string, error) {
	if p.IsZero() {
		return anySubject, nil
	}
	g := groupOf(p)
	live, _ := e.reg.live()
	found := false
	for _, w := range live {
		if g.matches(w) {
			found = true
			break
		}
	}
	if !found {
		if p.Loose {
			return anySubject, nil
		}
		return "", noWorker(p, live)
	}
	id := g.id()
	e.mu.Lock()
	have := e.groups[id]
	e.mu.Unlock()
	if !have {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if _, err := e.a.tasks.CreateOrUpdateConsumer(ctx, consumerConfig(groupConsumer(id), groupSubject(id), e.ackWait)); err != nil {
			return "", fmt.Errorf("cluster: making the queue of %v: %w", p, err)
		}
		b, _ := json.Marshal(g)
		if _, err := e.a.places.Put(ctx, id, b); err != nil {
			return "", fmt.Errorf("cluster: sharing the placement %v: %w", p, err)
		}
		e.mu.Lock()
		e.groups[id] = true
		e.mu.Unlock()
	}
	return groupSubject(id), nil
}

// Worker side.

// consumeGroups watches the placement bucket and takes tasks from every
// group this worker matches, until ctx is done; takers counts the
// goroutines taking messages.
func (w *worker) consumeGroups(ctx context.Context, takers *sync.WaitGroup) error {
	watch, err := w.a.places.WatchAll(ctx)
	if err != nil {
		return err
	}
	takers.Add(1)
	go func() {
		defer takers.Done()
		defer watch.Stop()
		joined := map[string]bool{}
		for {
			select {
			case <-ctx.Done():
				return
			case e, ok := <-watch.Updates():
				if !ok {
					return
				}
				if e == nil || e.Operation() != jetstream.KeyValuePut || joined[e.Key()] {
					continue
				}
				var g group
				if json.Unmarshal(e.Value(), &g) != nil || !g.matches(w.info) {
					continue
				}
				cons, err := w.a.tasks.Consumer(ctx, groupConsumer(e.Key()))
				if err != nil {
					w.log.Warn("joining a placement group", "group", e.Key(), "err", err)
					continue
				}
				msgs, err := cons.Messages(jetstream.PullMaxMessages(w.cfg.Slots + 1))
				if err != nil {
					w.log.Warn("joining a placement group", "group", e.Key(), "err", err)
					continue
				}
				joined[e.Key()] = true
				w.log.Info("joined a placement group", "workers", g.Workers, "resources", g.Resources)
				takers.Add(1)
				go func() {
					defer takers.Done()
					w.consume(ctx, msgs, g.Resources)
				}()
			}
		}
	}()
	return nil
}

// consume takes the messages of one consumer until ctx is done.
func (w *worker) consume(ctx context.Context, msgs jetstream.MessagesContext, res map[string]float64) {
	stop := context.AfterFunc(ctx, msgs.Stop)
	defer stop()
	for {
		m, err := msgs.Next()
		if err != nil {
			if errors.Is(err, jetstream.ErrMsgIteratorClosed) || ctx.Err() != nil {
				return
			}
			w.log.Warn("taking tasks", "err", err)
			continue
		}
		w.take(m, res)
	}
}

// acquire waits until the worker has res free and takes them; it returns
// false when ctx is done first.
func (w *worker) acquire(ctx context.Context, res map[string]float64) bool {
	for {
		w.mu.Lock()
		fits := true
		for r, need := range res {
			if w.free[r] < need {
				fits = false
			}
		}
		if fits {
			for r, need := range res {
				w.free[r] -= need
			}
			w.mu.Unlock()
			return true
		}
		ch := w.freed
		w.mu.Unlock()
		select {
		case <-ch:
		case <-ctx.Done():
			return false
		}
	}
}

func (w *worker) release(res map[string]float64) {
	w.mu.Lock()
	for r, need := range res {
		w.free[r] += need
	}
	close(w.freed)
	w.freed = make(chan struct{})
	w.mu.Unlock()
}
