package cluster

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/gofutures/gofutures/futures"
	"github.com/nats-io/nats.go"
)

// A task message is delivered at most maxDeliveries times: when every
// worker that took it died or stalled past the ack deadline, JetStream
// stops redelivering it and publishes an advisory naming its stream
// sequence. The client that sent it reads the message back, fails each of
// its runs with ErrDeliveries, and deletes it.

// ErrDeliveries fails a task whose message was delivered the most times a
// cluster allows (5) without any worker reporting on it: each worker that
// took it died or stalled past the ack deadline.
var ErrDeliveries = errors.New("cluster: task delivered too many times")

// maxDeliveriesSubject is where JetStream advises of the task consumer's
// messages that reached MaxDeliver.
// Every consumer of the task stream: the shared one and each placement
// group's.
const maxDeliveriesSubject = "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + taskStream + ".*"

// watchDeliveries subscribes to the advisories.
func (e *executor) watchDeliveries() (*nats.Subscription, error) {
	return e.nc.Subscribe(maxDeliveriesSubject, func(m *nats.Msg) {
		var adv struct {
			Seq        uint64 `json:"stream_seq"`
			Deliveries uint64 `json:"deliveries"`
		}
		if json.Unmarshal(m.Data, &adv) != nil || adv.Seq == 0 {
			return
		}
		e.mu.Lock()
		closing := e.closing
		if !closing {
			e.wg.Add(1)
		}
		e.mu.Unlock()
		if closing {
			return
		}
		go func() {
			defer e.wg.Done()
			e.undeliverable(adv.Seq, adv.Deliveries)
		}()
	})
}

// undeliverable fails the runs of the task message at seq, when they are
// this client's.
func (e *executor) undeliverable(seq, deliveries uint64) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	raw, err := e.a.tasks.GetMsg(ctx, seq)
	if err != nil {
		return // taken meanwhile: acked late, or another client's and gone
	}
	b, err := unmarshalBatch(raw.Data)
	if err != nil || b.client != e.id {
		return
	}
	if deliveries == 0 {
		deliveries = maxDeliveries
	}
	for _, t := range b.tasks {
		if d := e.take(t.run); d != nil {
			now := time.Now()
			e.finish(d, futures.Outcome{Started: now, Stopped: now, Err: fmt.Errorf(
				"%w: %s (%s) was delivered %d times and no worker reported on it: each worker that took it died or stalled past the ack deadline",
				ErrDeliveries, t.key, t.fn, deliveries)})
		}
	}
	_ = e.a.tasks.DeleteMsg(ctx, seq)
}
