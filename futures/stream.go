package futures

import (
	"encoding/binary"
	"fmt"
	"math"
	"unsafe"
)

// The task stream: a ring of the client's latest task runs, each recorded
// when it starts and completed in place when it ends, so that a timeline
// shows the runs still going as well as those that are over.
//
// The ring outlives the futures of its runs, so its records are kept small
// (32 bytes, against about 100 for the strings of a TaskRecord): a record
// holds the hex digits of its key rather than the key, the number of its
// function and worker in a table of those in use (lanes) with its status,
// and its duration in 32 bits (a run of over 4 s keeps its stop aside), and the ring
// grows as runs come, up to its size. TaskStream.Records rebuilds the
// strings. A key that is not its function's name followed by "-" and 32 hex
// digits (one given with Key, or a Map prefix) is kept whole, aside.

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
// Stop. It costs a copy of the records and a string for each key.
func (s *TaskStream) Records() []TaskRecord {
	c := s.c
	c.mu.Lock()
	r := &c.stream
	out := make([]TaskRecord, len(r.recs))
	digits := make([][2]uint64, len(r.recs))
	first := 0
	if len(r.recs) > 0 {
		first = int(r.n % int64(len(r.recs)))
	}
	for i := range out {
		slot := (first + i) % len(r.recs)
		rec := &r.recs[slot]
		l := &r.lanes[rec.lane()]
		out[i] = TaskRecord{
			Func: l.name, Worker: r.workerName(l.worker),
			Start: unixTime(rec.start), Stop: unixTime(r.stop(slot)), Status: rec.status(),
		}
		if rec.digits == ([2]uint64{}) {
			out[i].Key = r.keys[slot]
		} else {
			digits[i] = rec.digits
		}
	}
	c.mu.Unlock()
	for i := range out {
		if digits[i] != ([2]uint64{}) {
			out[i].Key = digitKey(out[i].Func, digits[i])
		}
	}
	return out
}

// String describes the stream in one line:
// "<TaskStream: 12 runs, 2 running>".
func (s *TaskStream) String() string {
	c := s.c
	c.mu.Lock()
	runs, running := len(c.stream.recs), 0
	for _, r := range c.stream.recs {
		if r.status() == Running {
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

// ring is the ring of a client's task runs; c.mu guards it.
type ring struct {
	size int      // most records kept (TaskStreamSize)
	n    int64    // runs ever recorded; the next one goes to recs[n%size]
	recs []record // grown as runs come, up to size

	lanes  []lane          // functions and workers of the records, by number
	refs   []int32         // records of each lane
	laneOf map[lane]uint32 // lane -> its number
	free   []uint32        // numbers of lanes no record uses
	last   []uint32        // worker -> its latest lane, a guess tried before laneOf
	keys   map[int]string  // slot -> key, for a record whose digits are zero
	stops  map[int]int64   // slot -> stop, for a record whose dur is longRun

	// Workers that are not the client's slots (Outcome.Worker) are
	// numbered -1, -2, ... in lanes: remote[name] is the number, and
	// remoteNames[-1-number] the name.
	remote      map[string]int32
	remoteNames []string
}

// workerName is the name of a lane's worker.
func (r *ring) workerName(w int32) string {
	if w < 0 {
		return r.remoteNames[-1-w]
	}
	return workerName(int(w))
}

// remoteWorker returns the lane number of the worker named name.
func (r *ring) remoteWorker(name string) int32 {
	if w, ok := r.remote[name]; ok {
		return w
	}
	if r.remote == nil {
		r.remote = make(map[string]int32)
	}
	r.remoteNames = append(r.remoteNames, name)
	w := -int32(len(r.remoteNames))
	r.remote[name] = w
	return w
}

// record is one run: 32 bytes, with no pointers for the collector to scan.
type record struct {
	start  int64     // unix nanoseconds
	digits [2]uint64 // the key's hex digits after "name-"; zero: the key is in ring.keys
	dur    uint32    // 0 while the run goes on, else 1 + its nanoseconds; longRun: its stop is in ring.stops
	meta   uint32    // its function and worker, in ring.lanes, and its status: lane<<statusBits | status
}

// longRun is the dur of a record whose stop is kept in ring.stops: a run
// of 2^32-2 ns (4.3 s) or more, or one that stopped before it started by
// the clock.
const longRun = math.MaxUint32

// statusBits is how many low bits of record.meta hold its status; the
// others hold its lane, so a ring has at most maxLanes lanes, and at most
// as many records (TaskStreamSize is capped there).
const (
	statusBits = 3
	maxLanes   = 1 << (32 - statusBits)
)

func (rec *record) lane() uint32   { return rec.meta >> statusBits }
func (rec *record) status() Status { return Status(rec.meta & (1<<statusBits - 1)) }
func (rec *record) setStatus(s Status) {
	rec.meta = rec.meta&^(1<<statusBits-1) | uint32(s)
}

// stop returns the stop, in unix nanoseconds, of the record in slot, or 0
// while its run goes on.
func (r *ring) stop(slot int) int64 {
	rec := &r.recs[slot]
	switch rec.dur {
	case 0:
		return 0
	case longRun:
		return r.stops[slot]
	}
	return rec.start + int64(rec.dur) - 1
}

// setStop records stop as the stop of the record in slot.
func (r *ring) setStop(slot int, stop int64) {
	rec := &r.recs[slot]
	if d := stop - rec.start; d >= 0 && d < longRun-1 {
		rec.dur = uint32(d + 1)
		return
	}
	rec.dur = longRun
	if r.stops == nil {
		r.stops = make(map[int]int64)
	}
	r.stops[slot] = stop
}

// lane is a function on a worker.
type lane struct {
	name   string
	worker int32
}

// recordStart records the run of t that next has just started.
func (c *Client) recordStart(t *task) {
	r := &c.stream
	if r.size == 0 {
		return
	}
	slot := int(r.n % int64(r.size))
	if slot == len(r.recs) {
		r.grow()
		r.recs = r.recs[:slot+1]
	} else {
		r.unuse(slot)
	}
	rec := &r.recs[slot]
	*rec = record{start: t.started, meta: r.use(t.name, t.worker)<<statusBits | uint32(Running)}
	var ok bool
	if rec.digits, ok = keyDigits(t.key, t.name); !ok {
		if r.keys == nil {
			r.keys = make(map[int]string)
		}
		r.keys[slot] = t.key
	}
	r.n++
	t.run = r.n
}

// recordStop completes the record of t's run with its outcome s, unless
// more than TaskStreamSize runs started after it, pushing it out. A run on
// a worker of its own (a remote one) moves to that worker's row.
func (c *Client) recordStop(t *task, s Status, worker string) {
	r := &c.stream
	slot, ok := r.slotOf(t)
	t.run = 0
	if !ok {
		return
	}
	rec := &r.recs[slot]
	rec.setStatus(s)
	rec.start = t.started
	if t.stopped != 0 {
		r.setStop(slot, t.stopped)
	}
	if worker != "" {
		r.moveTo(rec, worker)
	}
}

// slotOf returns the slot of the record of t's current run, unless the run
// was pushed out of the ring or there is none.
func (r *ring) slotOf(t *task) (int, bool) {
	n := t.run - 1
	if n < 0 || r.n-n > int64(r.size) {
		return 0, false
	}
	return int(n % int64(r.size)), true
}

// moveTo moves rec to the row of worker, a remote one.
func (r *ring) moveTo(rec *record, worker string) {
	name := r.lanes[rec.lane()].name
	r.release(rec.lane())
	rec.meta = r.use(name, r.remoteWorker(worker))<<statusBits | uint32(rec.status())
}

// recordMove moves the record of t's run, still going, to the row of the
// worker that runs it (Scheduler.Started), from start (unix nanoseconds).
func (c *Client) recordMove(t *task, worker string, start int64) {
	r := &c.stream
	if slot, ok := r.slotOf(t); ok {
		rec := &r.recs[slot]
		rec.start = start
		r.moveTo(rec, worker)
	}
}

// grow makes room for one more record: the ring doubles, to at most size,
// so that a client that runs few tasks holds few records.
func (r *ring) grow() {
	if len(r.recs) < cap(r.recs) {
		return
	}
	recs := make([]record, len(r.recs), min(max(2*cap(r.recs), 64), r.size))
	copy(recs, r.recs)
	r.recs = recs
}

// use returns the number of the lane of name on worker, counting one more
// record of it.
func (r *ring) use(name string, worker int32) uint32 {
	k := lane{name: name, worker: worker}
	w := int(worker)
	if w >= 0 && w < len(r.last) {
		if i := r.last[w]; r.refs[i] > 0 && r.lanes[i] == k {
			r.refs[i]++
			return i
		}
	}
	i, ok := r.laneOf[k]
	if !ok {
		if n := len(r.free); n > 0 {
			i, r.free = r.free[n-1], r.free[:n-1]
			r.lanes[i] = k
		} else {
			i = uint32(len(r.lanes))
			r.lanes = append(r.lanes, k)
			r.refs = append(r.refs, 0)
		}
		if r.laneOf == nil {
			r.laneOf = make(map[lane]uint32)
		}
		r.laneOf[k] = i
	}
	r.refs[i]++
	if w >= 0 && w < maxLastLanes {
		for len(r.last) <= w {
			r.last = append(r.last, i)
		}
		r.last[w] = i
	}
	return i
}

// maxLastLanes bounds the workers whose latest lane is remembered.
const maxLastLanes = 1024

// unuse lets go of what the record in slot holds, before it is reused.
func (r *ring) unuse(slot int) {
	rec := &r.recs[slot]
	r.release(rec.lane())
	if rec.digits == ([2]uint64{}) {
		delete(r.keys, slot)
	}
	if rec.dur == longRun {
		delete(r.stops, slot)
	}
}

// release counts one record fewer of lane i, freeing it at none.
func (r *ring) release(i uint32) {
	if r.refs[i]--; r.refs[i] == 0 {
		delete(r.laneOf, r.lanes[i])
		r.lanes[i] = lane{}
		r.free = append(r.free, i)
	}
}

// keyDigits returns the 32 hex digits that follow name and "-" in key, as
// two words, and whether key has that form (makeKey's) with digits not all
// zero.
func keyDigits(key, name string) (d [2]uint64, ok bool) {
	if len(key) != len(name)+33 || key[len(name)] != '-' || key[:len(name)] != name {
		return d, false
	}
	hex := key[len(name)+1:]
	var ok0, ok1 bool
	d[0], ok0 = hex16(hex[:16])
	d[1], ok1 = hex16(hex[16:])
	if !ok0 || !ok1 || d == [2]uint64{} {
		return [2]uint64{}, false
	}
	return d, true
}

// hex16 returns the value of 16 lower-case hex digits, and whether s is
// that. It reads them eight at a time, as the bytes of a word (a run
// records a key's digits on the worker's path, so this is kept cheap).
func hex16(s string) (uint64, bool) {
	hi, ok0 := hex8(binary.BigEndian.Uint64(unsafe.Slice(unsafe.StringData(s), 8)))
	lo, ok1 := hex8(binary.BigEndian.Uint64(unsafe.Slice(unsafe.StringData(s[8:]), 8)))
	return hi<<32 | lo, ok0 && ok1
}

// hex8 returns the value of the eight hex digits that are the bytes of x,
// the first one highest, and whether they all are lower-case hex digits.
func hex8(x uint64) (uint64, bool) {
	const ones, highs = 0x0101010101010101, 0x8080808080808080
	if x&highs != 0 {
		return 0, false
	}
	// For bytes below 0x80, b + (0x80-lo) has its high bit set when
	// b >= lo, and b + (0x7f-hi) when b > hi; neither carries into the
	// next byte.
	atLeast := func(lo uint64) uint64 { return x + (0x80-lo)*ones }
	above := func(hi uint64) uint64 { return x + (0x7f-hi)*ones }
	digit := atLeast('0') &^ above('9')
	letter := atLeast('a') &^ above('f')
	if (digit|letter)&highs != highs {
		return 0, false
	}
	// '0'..'9' have 0..9 in their low four bits and bit 6 clear; 'a'..'f'
	// have 1..6 and bit 6 set.
	v := x&(0x0f*ones) + 9*(x>>6&ones)
	v = (v | v>>4) & 0x00ff00ff00ff00ff
	v = (v | v>>8) & 0x0000ffff0000ffff
	return (v | v>>16) & 0xffffffff, true
}

// digitKey is the key that keyDigits took apart.
func digitKey(name string, d [2]uint64) string {
	const hexd = "0123456789abcdef"
	b := make([]byte, 0, len(name)+33)
	b = append(b, name...)
	b = append(b, '-')
	for _, w := range d {
		for i := 60; i >= 0; i -= 4 {
			b = append(b, hexd[(w>>uint(i))&15])
		}
	}
	return string(b)
}
