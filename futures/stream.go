package futures

import "fmt"

// The task stream: a ring of the client's latest task runs, each recorded
// when it starts and completed in place when it ends, so that a timeline
// shows the runs still going as well as those that are over.

// TaskStream is a client's record of task runs, for a timeline of which
// worker ran which task from when to when (the picture Dask keeps in its
// dashboard). It is a view, not a snapshot: Records reads the client's runs
// as they are when it is called. A notebook draws it as a timeline that
// follows the client while work runs. Its methods are safe for concurrent
// use.
type TaskStream struct{ c *Client }

// TaskStream returns the client's task stream.
func (c *Client) TaskStream() *TaskStream { return &TaskStream{c} }

// Client returns the client whose runs s holds.
func (s *TaskStream) Client() *Client { return s.c }

// Records returns the latest runs (TaskStreamSize of them, the latest to
// start), oldest first. A run still going has Status Running and a zero
// Stop. It costs a copy of the records.
func (s *TaskStream) Records() []TaskRecord {
	c := s.c
	c.mu.Lock()
	rs := make([]record, 0, len(c.stream))
	next := 0
	if len(c.stream) > 0 {
		next = int(c.streamN % int64(len(c.stream)))
	}
	rs = append(rs, c.stream[next:]...)
	rs = append(rs, c.stream[:next]...)
	c.mu.Unlock()
	out := make([]TaskRecord, len(rs))
	for i, r := range rs {
		out[i] = TaskRecord{
			Key: r.key, Func: r.name, Worker: workerName(int(r.worker)),
			Start: unixTime(r.start), Stop: unixTime(r.stop), Status: r.status,
		}
	}
	return out
}

// String describes the stream in one line:
// "<TaskStream: 12 runs, 2 running>".
func (s *TaskStream) String() string {
	c := s.c
	c.mu.Lock()
	runs, running := len(c.stream), 0
	for _, r := range c.stream {
		if r.status == Running {
			running++
		}
	}
	c.mu.Unlock()
	noun := "runs"
	if runs == 1 {
		noun = "run"
	}
	return fmt.Sprintf("<TaskStream: %d %s, %d running>", runs, noun, running)
}

type record struct {
	key, name   string
	worker      int32
	status      Status
	start, stop int64
}

// recordStart records the run of t that next has just started.
func (c *Client) recordStart(t *task) {
	if c.streamCap == 0 {
		return
	}
	r := record{key: t.key, name: t.name, worker: t.worker, status: Running, start: t.started}
	if len(c.stream) < c.streamCap {
		c.stream = append(c.stream, r)
	} else {
		c.stream[c.streamN%int64(c.streamCap)] = r
	}
	c.streamN++
	t.run = c.streamN
}

// recordStop completes the record of t's run with its outcome s, unless
// more than TaskStreamSize runs started after it, pushing it out.
func (c *Client) recordStop(t *task, s Status) {
	n := t.run - 1
	t.run = 0
	if n < 0 || c.streamN-n > int64(c.streamCap) {
		return
	}
	c.stream[n%int64(c.streamCap)] = record{key: t.key, name: t.name, worker: t.worker, status: s, start: t.started, stop: t.stopped}
}
