package cluster

import (
	"context"
	"errors"
	"time"

	"github.com/nats-io/nats.go/jetstream"
)

// The JetStream assets a cluster uses, made by the client side (setup) and
// looked up by workers, which wait for them.
const (
	taskStream     = "GOFUTURES_TASKS" // work queue: a message is deleted once acked
	taskSubject    = "gofutures.task"  // .any, .p.<group>: see placement.go
	anySubject     = taskSubject + ".any"
	taskConsumer   = "workers"         // the durable pull consumer every worker shares
	noteStream     = "GOFUTURES_NOTES" // work queue of reports: see reports.go
	noteSubject    = "gofutures.note." // + client id: workers' reports
	cancelSubject  = "gofutures.cancel"
	freedSubject   = "gofutures.freed"   // keys of deleted results, one a line, for their workers' Memory
	resultBucket   = "gofutures_results" // key-value: results until released
	objectBucket   = "gofutures_large"   // object store: results over largeResult bytes
	workerBucket   = "gofutures_workers" // key-value: one entry per live worker
	journalBucket  = "gofutures_journals"
	placeBucket    = "gofutures_placements" // key-value: the placement groups in use
	workerTTL      = 5 * time.Second        // a worker unheard of for this long is gone
	workerBeat     = time.Second
	largeResult    = 512 << 10
	inlineResult   = 4 << 10 // results up to this size travel in their report
	maxDeliveries  = 5
	defaultAckWait = 10 * time.Second
)

// assets are the handles both sides use.
type assets struct {
	js       jetstream.JetStream
	tasks    jetstream.Stream
	notes    jetstream.Stream // the client's side only
	results  jetstream.KeyValue
	objects  jetstream.ObjectStore
	workers  jetstream.KeyValue
	journals jetstream.KeyValue
	places   jetstream.KeyValue
}

// setup makes the assets, or opens them when another client made them.
func setup(ctx context.Context, js jetstream.JetStream, storage jetstream.StorageType, ackWait time.Duration) (*assets, error) {
	a := &assets{js: js}
	var err error
	a.tasks, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: taskStream, Subjects: []string{taskSubject + ".>"},
		Retention: jetstream.WorkQueuePolicy, Storage: storage,
	})
	if err != nil {
		return nil, err
	}
	if _, err = a.tasks.CreateOrUpdateConsumer(ctx, consumerConfig(taskConsumer, anySubject, ackWait)); err != nil {
		return nil, err
	}
	if a.notes, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: noteStream, Subjects: []string{noteSubject + ">"},
		Retention: jetstream.WorkQueuePolicy, Storage: storage,
	}); err != nil {
		return nil, err
	}
	if a.results, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: resultBucket, Storage: storage, LimitMarkerTTL: time.Second}); err != nil {
		return nil, err
	}
	if a.workers, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: workerBucket, TTL: workerTTL, Storage: storage}); err != nil {
		return nil, err
	}
	if a.journals, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: journalBucket, Storage: storage}); err != nil {
		return nil, err
	}
	if a.places, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{Bucket: placeBucket, Storage: storage}); err != nil {
		return nil, err
	}
	if a.objects, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{Bucket: objectBucket, Storage: storage}); err != nil {
		return nil, err
	}
	return a, nil
}

// open looks the assets up, waiting until a client has made them or ctx is
// done.
func open(ctx context.Context, js jetstream.JetStream) (*assets, error) {
	a := &assets{js: js}
	for {
		err := a.lookup(ctx)
		if err == nil {
			return a, nil
		}
		if !errors.Is(err, jetstream.ErrStreamNotFound) && !errors.Is(err, jetstream.ErrBucketNotFound) &&
			!errors.Is(err, jetstream.ErrConsumerNotFound) && !errors.Is(err, jetstream.ErrJetStreamNotEnabled) &&
			!errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, jetstream.ErrNoStreamResponse) {
			return nil, err
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (a *assets) lookup(ctx context.Context) error {
	js := a.js
	var err error
	if a.tasks, err = js.Stream(ctx, taskStream); err != nil {
		return err
	}
	if _, err = a.tasks.Consumer(ctx, taskConsumer); err != nil {
		return err
	}
	if a.results, err = js.KeyValue(ctx, resultBucket); err != nil {
		return err
	}
	if a.workers, err = js.KeyValue(ctx, workerBucket); err != nil {
		return err
	}
	if a.journals, err = js.KeyValue(ctx, journalBucket); err != nil {
		return err
	}
	if a.places, err = js.KeyValue(ctx, placeBucket); err != nil {
		return err
	}
	a.objects, err = js.ObjectStore(ctx, objectBucket)
	return err
}

// fetch reads a stored result.
func (a *assets) fetch(ctx context.Context, d dataRef) ([]byte, error) {
	if d.inline != nil {
		return d.inline, nil
	}
	if d.object {
		return a.objects.GetBytes(ctx, d.key)
	}
	e, err := a.results.Get(ctx, d.key)
	if err != nil {
		return nil, err
	}
	return e.Value(), nil
}

// remove deletes a stored result (purging its history, so that the bucket
// keeps nothing of it).
func (a *assets) remove(ctx context.Context, d dataRef) error {
	if d.inline != nil {
		return nil
	}
	if d.object {
		return a.objects.Delete(ctx, d.key)
	}
	return a.results.Purge(ctx, d.key, jetstream.PurgeTTL(time.Second))
}
