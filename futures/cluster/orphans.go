package cluster

import (
	"fmt"
	"strconv"
	"time"

	"github.com/gofutures/gofutures/futures"
	"github.com/nats-io/nats.go/jetstream"
)

// A placed task waits in its group's queue for a worker that matches.
// When every worker that matched has died or left, and none has come for
// a grace period (the ack deadline), its tasks must not wait forever: each
// fails with ErrNoWorker, naming what it needed and the live workers, and
// one that allows other workers (futures.AllowOtherWorkers) goes to the
// shared queue instead. Its message stays in the group's queue: a matching
// worker that comes later may run it, and its report is then ignored.

// watchOrphans checks the groups of the dispatched tasks every second,
// until the executor closes.
func (e *executor) watchOrphans() {
	defer e.wg.Done()
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	since := map[string]time.Time{} // group subject -> when it had no matching worker
	for {
		select {
		case <-e.quit:
			return
		case <-tick.C:
		}
		e.orphans(since, time.Now())
	}
}

// orphans fails (or sends to the shared queue) the dispatched tasks of the
// groups that have had no live matching worker for the grace period.
func (e *executor) orphans(since map[string]time.Time, now time.Time) {
	live, _ := e.reg.live()
	matched := map[string]bool{}
	var lost []*dispatch
	e.mu.Lock()
	for _, d := range e.runs {
		if d.subj == "" || d.subj == anySubject || d.resent {
			continue
		}
		ok, seen := matched[d.subj]
		if !seen {
			g := groupOf(d.job.Placement())
			for _, w := range live {
				if g.matches(w) {
					ok = true
					break
				}
			}
			matched[d.subj] = ok
			if ok {
				delete(since, d.subj)
			} else if since[d.subj].IsZero() {
				since[d.subj] = now
			}
		}
		if !ok && now.Sub(since[d.subj]) >= e.ackWait {
			lost = append(lost, d)
		}
	}
	for subj := range since {
		if _, used := matched[subj]; !used { // no task waits there any more
			delete(since, subj)
		}
	}
	e.mu.Unlock()
	for _, d := range lost {
		p := d.job.Placement()
		if p.Loose {
			e.mu.Lock()
			d.resent = true
			e.mu.Unlock()
			b := batch{client: e.id, tasks: []taskMsg{d.msg}}
			id := e.id + "-" + strconv.FormatUint(d.run, 10) + "-any"
			if _, err := e.a.js.PublishAsync(anySubject, b.marshal(), jetstream.WithMsgID(id)); err == nil {
				continue
			}
		}
		if d = e.take(d.run); d != nil {
			err := fmt.Errorf("%w (the workers that matched it died or left, and none came in %v)", noWorker(p, live), e.ackWait)
			e.finish(d, futures.Outcome{Err: err, Started: now, Stopped: now})
		}
	}
}
