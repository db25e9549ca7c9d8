package cluster

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Reports. A worker's notes on its runs go to the note stream, on the
// subject of the client that sent the tasks, several to a message; the
// worker acks a task message only once the server has stored the notes of
// all its tasks, so that a report is never lost: a client that was
// disconnected reads the notes it missed from its consumer when it is
// back, and a task whose note (or result) could not be stored is
// delivered again. A broker with file storage keeps them across restarts.

// noteBatch is the most notes one message carries.
const noteBatch = 256

// reported is one message of notes (or runs to redo) awaiting the
// server's acknowledgement.
type reported struct {
	jobs []*job
	redo []bool // per job: not reported, to run again
	ack  jetstream.PubAckFuture
	err  error
}

// confirmer takes finished runs in the order they finished, waits for
// their results to be stored, and publishes their notes, batching those
// that are ready together.
func (w *worker) confirmer(confirms <-chan confirm, acks chan<- reported) {
	pending := make([]confirm, 0, noteBatch)
	for c := range confirms {
		pending = append(pending[:0], c)
	drain:
		for len(pending) < noteBatch {
			select {
			case c2, ok := <-confirms:
				if !ok {
					break drain
				}
				pending = append(pending, c2)
			default:
				break drain
			}
		}
		byClient := map[string][]confirm{}
		var order []string
		for _, c := range pending {
			if c.j.stored != nil {
				select {
				case <-c.j.stored.Ok():
				case err := <-c.j.stored.Err():
					w.log.Warn("storing a result", "task", c.j.t.key, "err", err)
					c.n = nil // run it again
				}
			}
			if _, ok := byClient[c.j.client]; !ok {
				order = append(order, c.j.client)
			}
			byClient[c.j.client] = append(byClient[c.j.client], c)
		}
		for _, client := range order {
			cs := byClient[client]
			r := reported{jobs: make([]*job, len(cs)), redo: make([]bool, len(cs))}
			notes := make([]*note, 0, len(cs))
			for i, c := range cs {
				r.jobs[i] = c.j
				if c.n == nil {
					r.redo[i] = true
					continue
				}
				notes = append(notes, c.n)
			}
			if len(notes) > 0 {
				r.ack, r.err = w.a.js.PublishAsync(noteSubject+client, marshalNotes(notes))
			}
			acks <- r
		}
	}
}

// acker waits for each message of notes to be stored, then acks the task
// messages whose tasks are all reported; a message with a task whose note
// or result was not stored is nacked, to be delivered again.
func (w *worker) acker(acks <-chan reported) {
	for r := range acks {
		ok := r.err == nil
		if ok && r.ack != nil {
			select {
			case <-r.ack.Ok():
			case err := <-r.ack.Err():
				ok = false
				w.log.Warn("reporting", "err", err)
			}
		} else if !ok {
			w.log.Warn("reporting", "err", r.err)
		}
		for i, j := range r.jobs {
			w.settle(j, ok && !r.redo[i])
		}
	}
}

// settle ends a run on this worker; reported says whether its note is
// stored. The task message is acked once all its tasks are reported, and
// nacked (after a pause, for a server that is restarting) otherwise.
func (w *worker) settle(j *job, reported bool) {
	j.cancel()
	w.mu.Lock()
	w.running--
	delete(w.runs, runID{j.client, j.t.run})
	j.h.left--
	if !reported {
		j.h.redo = true
	}
	last := j.h.left == 0
	if last {
		delete(w.held, j.h)
	}
	w.mu.Unlock()
	switch {
	case !last:
	case j.h.redo:
		_ = j.h.msg.NakWithDelay(time.Second)
	default:
		_ = j.h.msg.Ack()
	}
}

// publishTimeout is how long an asynchronous publish waits for the
// server's acknowledgement before it counts as failed.
const publishTimeout = 10 * time.Second

// resend publishes again, after a pause, a task message whose
// acknowledgement did not come (the server restarting, say): its message
// ID lets the server drop it if the first copy was stored after all.
func (cl *Cluster) resend(js jetstream.JetStream, m *nats.Msg, err error) {
	if !strings.HasPrefix(m.Subject, taskSubject+".") {
		return
	}
	cl.cfg.logger.Warn("sending tasks again", "err", err)
	time.AfterFunc(250*time.Millisecond, func() {
		cl.mu.Lock()
		closed := cl.closed
		cl.mu.Unlock()
		if !closed {
			_, _ = js.PublishMsgAsync(m)
		}
	})
}

// Client side: the executor's consumer of its notes.

func noteConsumer(client string) string { return "c-" + client }

// consumeNotes makes the client's consumer on the note stream and takes
// its messages.
func (e *executor) consumeNotes() (jetstream.ConsumeContext, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cons, err := e.a.notes.CreateOrUpdateConsumer(ctx, jetstream.ConsumerConfig{
		Durable: noteConsumer(e.id), FilterSubject: noteSubject + e.id,
		AckPolicy: jetstream.AckExplicitPolicy, MaxAckPending: -1,
		InactiveThreshold: time.Hour, // a client gone without closing
	})
	if err != nil {
		return nil, fmt.Errorf("cluster: reading reports: %w", err)
	}
	return cons.Consume(func(m jetstream.Msg) {
		ns, err := unmarshalNotes(m.Data())
		if err != nil {
			e.log.Error("bad result message", "err", err)
		}
		for _, n := range ns {
			e.onNote(n)
		}
		_ = m.Ack()
	}, jetstream.PullMaxMessages(64))
}

// dropNotes deletes the client's consumer and its notes left unread.
func (e *executor) dropNotes() {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = e.a.notes.DeleteConsumer(ctx, noteConsumer(e.id))
	_ = e.a.notes.Purge(ctx, jetstream.WithPurgeSubject(noteSubject+e.id))
}
