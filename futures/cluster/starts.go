package cluster

import (
	"context"
	"strconv"
	"time"

	"github.com/nats-io/nats.go"
)

// Starts. A worker tells the client that a run began (which run, on which
// worker thread, when) once the run has gone on for startReportAfter
// (found by a ticker, not a timer per run), so
// that the client's task stream shows it on that thread's row, from its
// start, while it goes; a shorter run is placed by its report alone, which
// keeps trivial tasks at one message each. Start reports go by core NATS:
// one that is lost leaves the run on the client's dispatch row until it
// ends, and one that comes after the run's report is ignored.

const (
	startedSubject   = "gofutures.started." // + client id
	startReportAfter = 20 * time.Millisecond
)

// reportStarts sends, every startReportAfter/2 until ctx ends, the start
// reports of the runs that began startReportAfter ago or more and have
// none yet; it costs the runs nothing.
func (w *worker) reportStarts(ctx context.Context) {
	tick := time.NewTicker(startReportAfter / 2)
	defer tick.Stop()
	type report struct {
		subject string
		data    []byte
	}
	var out []report
	for {
		select {
		case <-ctx.Done():
			return
		case now := <-tick.C:
			due := now.Add(-startReportAfter).UnixNano()
			w.mu.Lock()
			for id, j := range w.runs {
				if j.started == 0 || j.started > due || j.startReported {
					continue
				}
				j.startReported = true
				b := appendUvarint(nil, id.run)
				b = appendString(b, w.cfg.Name)
				b = appendUvarint(b, uint64(j.slot))
				b = appendUvarint(b, uint64(j.started))
				out = append(out, report{startedSubject + id.client, b})
			}
			w.mu.Unlock()
			for _, r := range out {
				_ = w.nc.Publish(r.subject, r.data)
			}
			out = out[:0]
		}
	}
}

// watchStarts subscribes to the start reports of this client's runs.
func (e *executor) watchStarts() (*nats.Subscription, error) {
	return e.nc.Subscribe(startedSubject+e.id, func(m *nats.Msg) {
		r := &reader{b: m.Data}
		run, worker, slot, started := r.uvarint(), r.string(), r.uvarint(), r.uvarint()
		if r.err != nil || worker == "" {
			return
		}
		e.mu.Lock()
		d := e.runs[run]
		e.mu.Unlock()
		if d != nil {
			e.q.Started(d.job, worker+"/"+strconv.FormatUint(slot, 10), time.Unix(0, int64(started)))
		}
	})
}
