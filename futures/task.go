package futures

import "time"

// task is a node of the graph, shared by every Future handle with its key.
// All fields but the immutable ones (key, name, fn, c) are guarded by c.mu.
type task struct {
	key        string
	name       string
	fn         any
	c          *Client
	args       []any   // dropped once the task is final, but kept by a failed one
	deps       []*task // distinct dependencies; dropped once final
	dependents []*task // pending tasks waiting for this one; dropped once final
	result     any
	err        error
	ext        *taskExt     // rarely needed state, allocated on demand
	ctx        *taskCtx     // while running, when the task needs a context
	owner      *localWorker // while running on a LocalExecutor
	submitted  int64        // unix nanoseconds
	started    int64
	stopped    int64
	run        int64 // 1 + the task stream's number of the current run; 0 for none
	nwait      int32 // dependencies not yet finished
	refs       int32 // handles plus pending dependents
	prio       int32
	retries    int32 // retries left
	worker     int32
	state      Status
	flags      uint8
}

const (
	flagFutures    = 1 << iota // args hold futures to substitute
	flagQueued                 // in the ready queue
	flagCancel                 // cancel requested while running
	flagForgotten              // no longer in the graph
	flagWantsCtx               // fn takes a context.Context first
	flagFireForget             // FireAndForget holds a reference until final
	flagBroadcast              // scattered with Broadcast: on every worker
	flagScattered              // data put by Scatter: no function
)

type taskExt struct {
	done      chan struct{} // closed when the task is final; made on demand
	waiters   []*waiter
	callbacks []func()
	listeners []*listener
	trace     string
	place     *Placement // where the task may run; nil: anywhere
	remote    string     // the worker running it, when not a slot of the client's (Scheduler.Started)
}

func (t *task) x() *taskExt {
	if t.ext == nil {
		t.ext = &taskExt{}
	}
	return t.ext
}

func (t *task) final() bool { return t.state >= Finished }

func (t *task) workerName() string {
	if t.started == 0 {
		return ""
	}
	if t.ext != nil && t.ext.remote != "" {
		return t.ext.remote
	}
	return workerName(int(t.worker))
}

func workerName(i int) string {
	if i < len(workerNames) {
		return workerNames[i]
	}
	return "worker-" + itoa(i)
}

var workerNames = func() []string {
	n := make([]string, 64)
	for i := range n {
		n[i] = "worker-" + itoa(i)
	}
	return n
}()

func itoa(i int) string {
	if i == 0 {
		return "0"
	}
	var b [20]byte
	p := len(b)
	neg := i < 0
	if neg {
		i = -i
	}
	for i > 0 {
		p--
		b[p] = byte('0' + i%10)
		i /= 10
	}
	if neg {
		p--
		b[p] = '-'
	}
	return string(b[p:])
}

// epoch anchors now.
var (
	epoch     = time.Now()
	epochNano = epoch.UnixNano()
)

// now returns the time in unix nanoseconds, as time.Now().UnixNano() does,
// from one reading of the monotonic clock instead of two readings (wall
// and monotonic): 45 ns instead of 90 on a virtual machine, three times
// per task. It does not follow steps of the wall clock made after the
// process started, which the times of tasks, read as durations and as an
// order of events, have no use for.
func now() int64 { return epochNano + int64(time.Since(epoch)) }

func unixTime(ns int64) time.Time {
	if ns == 0 {
		return time.Time{}
	}
	return time.Unix(0, ns)
}

type listener struct {
	f  *Future
	fn func(*Future)
}

// fifo is a queue of tasks.
type fifo struct {
	buf  []*task
	head int
}

func (q *fifo) push(t *task) { q.buf = append(q.buf, t) }

func (q *fifo) pop() *task {
	if q.head == len(q.buf) {
		return nil
	}
	t := q.buf[q.head]
	q.buf[q.head] = nil
	q.head++
	if q.head == len(q.buf) {
		q.buf, q.head = q.buf[:0], 0
	} else if q.head > 1024 && q.head*2 > len(q.buf) {
		n := copy(q.buf, q.buf[q.head:])
		clear(q.buf[n:])
		q.buf, q.head = q.buf[:n], 0
	}
	return t
}

func (q *fifo) len() int { return len(q.buf) - q.head }

// readyQueue orders ready tasks by priority, highest first, then by the
// order they became ready.
type readyQueue struct {
	prios  []int32 // descending
	queues []fifo  // parallel to prios
	n      int
}

func (r *readyQueue) push(t *task) {
	i := 0
	for i < len(r.prios) && r.prios[i] > t.prio {
		i++
	}
	if i == len(r.prios) || r.prios[i] != t.prio {
		r.prios = append(r.prios, 0)
		r.queues = append(r.queues, fifo{})
		copy(r.prios[i+1:], r.prios[i:])
		copy(r.queues[i+1:], r.queues[i:])
		r.prios[i], r.queues[i] = t.prio, fifo{}
	}
	r.queues[i].push(t)
	r.n++
}

func (r *readyQueue) pop() *task {
	for i := range r.queues {
		if t := r.queues[i].pop(); t != nil {
			r.n--
			if r.queues[i].len() == 0 && len(r.prios) > 1 {
				r.prios = append(r.prios[:i], r.prios[i+1:]...)
				r.queues = append(r.queues[:i], r.queues[i+1:]...)
			}
			return t
		}
	}
	return nil
}
