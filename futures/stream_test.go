package futures

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unsafe"
)

// runs describes records as "func:status" words, with "~" for a run
// whose Stop is zero.
func runs(rs []TaskRecord) string {
	var ws []string
	for _, r := range rs {
		w := r.Func + ":" + r.Status.String()
		if r.Stop.IsZero() {
			w += "~"
		}
		if r.Start.IsZero() || r.Worker == "" {
			w += "(no start or worker)"
		}
		ws = append(ws, w)
	}
	return strings.Join(ws, " ")
}

func TestTaskStreamRecordsRunsFromTheirStart(t *testing.T) {
	t.Run("a run shows while it runs and is completed in place", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		s := c.TaskStream()
		if s.Client() != c {
			t.Errorf("Client() = %p, want %p", s.Client(), c)
		}
		g := newLatch()
		f := c.Submit(g.hold, 1)
		<-g.reached
		if got, want := runs(s.Records()), "latch.hold:running~"; got != want {
			t.Errorf("while running: records %q, want %q", got, want)
		}
		if got, want := s.String(), "<TaskStream: 1 run, 1 running>"; got != want {
			t.Errorf("String() = %q, want %q", got, want)
		}
		g.open()
		result(t, f)
		if got, want := runs(s.Records()), "latch.hold:finished"; got != want {
			t.Errorf("once over: records %q, want %q", got, want)
		}
	})
	t.Run("a failed run that is retried stays pending beside the next run", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		result(t, c.Submit((&flaky{}).run, Retries(1)))
		if got, want := runs(c.TaskStream().Records()), "flaky.run:pending flaky.run:finished"; got != want {
			t.Errorf("records %q, want %q", got, want)
		}
	})
	t.Run("a run pushed out while it runs is not recorded again", func(t *testing.T) {
		c := NewClient(Workers(2), TaskStreamSize(2))
		defer c.Close()
		g := newLatch()
		long := c.Submit(g.hold, 0)
		<-g.reached
		for i := range 3 {
			result(t, c.Submit(mInc, i))
		}
		g.open()
		result(t, long)
		if got, want := runs(c.TaskStream().Records()), "mInc:finished mInc:finished"; got != want {
			t.Errorf("records %q, want %q", got, want)
		}
	})
	t.Run("a stream of size 0 records nothing", func(t *testing.T) {
		c := NewClient(TaskStreamSize(0))
		defer c.Close()
		result(t, c.Submit(mInc, 1))
		if got := c.TaskStream().Records(); len(got) != 0 {
			t.Errorf("records %v, want none", got)
		}
	})
}

// latch is a gate that says when a task has reached it.
type latch struct {
	*gate
	reached chan struct{}
}

func newLatch() *latch { return &latch{newGate(), make(chan struct{}, 1)} }

func (l *latch) hold(x int) int {
	l.reached <- struct{}{}
	return l.wait(x)
}

// flaky fails its first run.
type flaky struct{ tries int }

func (f *flaky) run() (int, error) {
	if f.tries++; f.tries == 1 {
		return 0, errors.New("once")
	}
	return f.tries, nil
}

func TestTaskStreamKeepsKeysAndLetsGoOfWhatItDropped(t *testing.T) {
	t.Run("every kind of key comes back as the future has it", func(t *testing.T) {
		c := NewClient(Workers(1))
		defer c.Close()
		fs := []*Future{
			c.Submit(mInc, 1),               // pure: name-digits
			c.Submit(mInc, 2, Pure(false)),  // impure: name-digits too
			c.Submit(mInc, 3, Key("three")), // given
			c.Submit(mInc, 4, Key("mInc-0000000000000000000000000000000z")),
			c.Submit(mInc, 5, Key("mInc-00000000000000000000000000000000")),
		}
		fs = append(fs, c.Map(mInc, []int{6, 7}, Key("incs"))...) // a prefix that is not the name
		Wait(fs)
		rs := c.TaskStream().Records()
		if len(rs) != len(fs) {
			t.Fatalf("%d records for %d futures", len(rs), len(fs))
		}
		for i, f := range fs {
			if rs[i].Key != f.Key() || rs[i].Func != "mInc" {
				t.Errorf("record %d: key %q func %q, want key %q func mInc", i, rs[i].Key, rs[i].Func, f.Key())
			}
		}
	})
	t.Run("a full ring keeps only what its records use", func(t *testing.T) {
		c := NewClient(Workers(2), TaskStreamSize(3))
		defer c.Close()
		names := []func(int) int{mInc, func(x int) int { return x }, func(x int) int { return -x }}
		var last []*Future
		for i := range 50 {
			f := c.Submit(names[i%3], i, Key("k"+itoa(i%7)+"-"+itoa(i)))
			if i%5 == 0 {
				f = c.Submit(names[i%3], i+1000)
			}
			result(t, f)
			last = append(last, f)
		}
		rs := c.TaskStream().Records()
		if len(rs) != 3 {
			t.Fatalf("%d records, want 3", len(rs))
		}
		for i, r := range rs {
			if f := last[len(last)-3+i]; r.Key != f.Key() || r.Status != Finished {
				t.Errorf("record %d: %q %v, want %q finished", i, r.Key, r.Status, f.Key())
			}
		}
		c.mu.Lock()
		defer c.mu.Unlock()
		r := &c.stream
		if used := len(r.lanes) - len(r.free); used > 3 || len(r.laneOf) != used || len(r.keys) > 3 || cap(r.recs) != 3 {
			t.Errorf("a ring of 3 holds %d lanes (%d mapped), %d keys aside, room for %d records", used, len(r.laneOf), len(r.keys), cap(r.recs))
		}
	})
}

func TestKeyDigits(t *testing.T) {
	for _, tc := range []struct {
		desc, key, name string
		ok              bool
	}{
		{"a made key", makeKey("inc", Func{Name: "inc", Token: "t"}, []any{1}, false), "inc", true},
		{"a unique key", uniqueKey("f"), "f", true},
		{"another prefix", "dec-0123456789abcdef0123456789abcdef", "inc", false},
		{"upper case digits", "inc-0123456789ABCDEF0123456789abcdef", "inc", false},
		{"too short", "inc-0123456789abcdef0123456789abcde", "inc", false},
		{"no dash", "inc_0123456789abcdef0123456789abcdef", "inc", false},
		{"all zero", "inc-00000000000000000000000000000000", "inc", false},
		{"an empty name", "-0123456789abcdef0123456789abcdef", "", true},
		{"a given key", "three", "inc", false},
		{"bytes next to the digits", "inc-/:`g@AFG0000000000000000000000000", "inc", false},
		{"a byte past 0x7f", "inc-0123456789abcdef0123456789abcd\xe9", "inc", false},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			d, ok := keyDigits(tc.key, tc.name)
			if ok != tc.ok {
				t.Fatalf("keyDigits(%q, %q) ok = %v, want %v", tc.key, tc.name, ok, tc.ok)
			}
			if ok {
				if back := digitKey(tc.name, d); back != tc.key {
					t.Errorf("digitKey gives %q, want %q", back, tc.key)
				}
			}
		})
	}
}

// FuzzKeyDigits checks keyDigits against a plain reading of the digits,
// and that digitKey puts back what it took apart.
func TestKeyDigitsReadsEveryByteAtEveryPlace(t *testing.T) {
	base := []byte("f-0123456789abcdef0fedcba987654321")
	for pos := 2; pos < len(base); pos++ {
		for b := range 256 {
			k := bytes.Clone(base)
			k[pos] = byte(b)
			d, ok := keyDigits(string(k), "f")
			want, wantOK := refKeyDigits(string(k), "f")
			if ok != wantOK || d != want {
				t.Fatalf("keyDigits(%q) = %x, %v; want %x, %v", k, d, ok, want, wantOK)
			}
		}
	}
}

func FuzzKeyDigits(f *testing.F) {
	f.Add("inc-0123456789abcdef0123456789abcdef", "inc")
	f.Add("x-ffffffffffffffffffffffffffffffff", "x")
	f.Add("x-/:`g@AFG0000000000000000000000000", "x")
	f.Fuzz(func(t *testing.T, key, name string) {
		d, ok := keyDigits(key, name)
		want, wantOK := refKeyDigits(key, name)
		if ok != wantOK || d != want {
			t.Fatalf("keyDigits(%q, %q) = %x, %v; want %x, %v", key, name, d, ok, want, wantOK)
		}
		if ok {
			if back := digitKey(name, d); back != key {
				t.Fatalf("keyDigits(%q, %q) then digitKey gives %q", key, name, back)
			}
		}
	})
}

func refKeyDigits(key, name string) (d [2]uint64, ok bool) {
	hex, found := strings.CutPrefix(key, name+"-")
	if !found || len(hex) != 32 || strings.Trim(hex, "0123456789abcdef") != "" {
		return d, false
	}
	for i, c := range hex {
		d[i/16] = d[i/16]<<4 | uint64(strings.IndexRune("0123456789abcdef", c))
	}
	return d, d != [2]uint64{}
}

// farm is an executor of one slot that says its runs happened on remote
// worker threads, as a cluster's executor does.
type farm struct {
	names []string
	wg    sync.WaitGroup
}

func (f *farm) Workers() int { return 1 }
func (f *farm) Close()       { f.wg.Wait() }
func (f *farm) Start(q Scheduler) {
	f.wg.Add(1)
	go func() {
		defer f.wg.Done()
		for i := 0; ; i++ {
			j, ok := q.Next(0)
			if !ok {
				return
			}
			o := j.Run()
			o.Worker = f.names[i%len(f.names)]
			q.Done(j, o)
		}
	}()
}

// TestTaskStreamRowsOfRemoteWorkers: a run an executor says happened on a
// worker thread of its own (Outcome.Worker) is on that thread's row, not
// on the client's slot that sent it; a full ring lets go of the lanes of
// runs it dropped.
func TestTaskStreamRowsOfRemoteWorkers(t *testing.T) {
	names := []string{"wa/0", "wa/1", "wb/0"}
	c := NewClient(WithExecutor(&farm{names: names}), TaskStreamSize(4))
	defer c.Close()
	for i := range 30 {
		result(t, c.Submit(mInc, i))
		if i == 2 {
			rs := c.TaskStream().Records()
			for j, r := range rs {
				if r.Worker != names[j] || r.Status != Finished {
					t.Errorf("run %d on row %q (%v), want %q", j, r.Worker, r.Status, names[j])
				}
			}
		}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if used := len(c.stream.lanes) - len(c.stream.free); used > 3 {
		t.Errorf("a ring of 4 runs on 3 rows holds %d lanes", used)
	}
}

// TestTaskStreamRecordIsSmall checks the size of a record, which the ring
// keeps TaskStreamSize of for the life of the client, and that its packed
// duration and status give back the stop and status of runs short and
// long, and of one that stopped before it started by the clock.
func TestTaskStreamRecordIsSmall(t *testing.T) {
	if got := unsafe.Sizeof(record{}); got != 32 {
		t.Errorf("a record is %d bytes, want 32", got)
	}
	start := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC).UnixNano()
	var r ring
	r.recs = make([]record, 1)
	r.lanes, r.refs = make([]lane, 12346), make([]int32, 12346)
	for _, d := range []int64{0, 1, 1e9, math.MaxUint32 - 3, math.MaxUint32 - 2, math.MaxUint32, 3600e9, -5} {
		for _, s := range []Status{Finished, Error, Cancelled} {
			r.recs[0] = record{start: start, meta: 12345<<statusBits | uint32(Running)}
			if got := r.stop(0); got != 0 {
				t.Fatalf("a running record stops at %d, want 0", got)
			}
			r.recs[0].setStatus(s)
			r.setStop(0, start+d)
			rec := &r.recs[0]
			if got := r.stop(0); got != start+d || rec.status() != s || rec.lane() != 12345 {
				t.Errorf("a run of %d ns, %v: stop %d, status %v, lane %d; want %d, %v, 12345", d, s, got, rec.status(), rec.lane(), start+d, s)
			}
			r.refs[12345] = 1
			r.unuse(0)
			if len(r.stops) != 0 {
				t.Errorf("a run of %d ns: a stop is kept aside after its record went", d)
			}
		}
	}
}

// starter is an executor of one slot whose runs report, while they go,
// that they started on a remote worker thread, then wait to be let go.
type starter struct {
	started chan struct{} // a run reported its start
	release chan struct{} // lets the run end
	wg      sync.WaitGroup
}

func (s *starter) Workers() int { return 1 }
func (s *starter) Close()       { s.wg.Wait() }
func (s *starter) Start(q Scheduler) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			j, ok := q.Next(0)
			if !ok {
				return
			}
			at := time.Now()
			q.Started(j, "wa/1", at)
			s.started <- struct{}{}
			<-s.release
			o := j.Run()
			o.Started, o.Worker = at, "wa/1"
			q.Done(j, o)
			q.Started(j, "wb/0", time.Now()) // late: ignored
		}
	}()
}

// TestTaskStreamRowOfARemoteRunWhileItGoes: a run an executor says started
// on a remote worker thread (Scheduler.Started) is on that thread's row
// while it still runs, and the task's events and Info name that thread, not
// the client's slot that sent it; a report after the end changes nothing.
func TestTaskStreamRowOfARemoteRunWhileItGoes(t *testing.T) {
	s := &starter{started: make(chan struct{}), release: make(chan struct{})}
	c := NewClient(WithExecutor(s))
	defer c.Close()
	var mu sync.Mutex
	var workers []string
	stop := c.Subscribe(func(e Event) {
		mu.Lock()
		workers = append(workers, e.Status.String()+"@"+e.Worker)
		mu.Unlock()
	})
	defer stop()
	f := c.Submit(mInc, 1)
	<-s.started
	rs := c.TaskStream().Records()
	if len(rs) != 1 || rs[0].Worker != "wa/1" || rs[0].Status != Running {
		t.Errorf("records while it runs: %+v, want one running on wa/1", rs)
	}
	if w := f.Info().Worker; w != "wa/1" {
		t.Errorf("Info().Worker = %q while it runs, want wa/1", w)
	}
	close(s.release)
	result(t, f)
	c.Close()
	if rs := c.TaskStream().Records(); len(rs) != 1 || rs[0].Worker != "wa/1" || rs[0].Status != Finished {
		t.Errorf("records at the end: %+v, want one finished on wa/1", rs)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, w := range workers {
		if strings.HasPrefix(w, "running@") && w != "running@wa/1" && w != "running@worker-0" ||
			strings.HasPrefix(w, "finished@") && w != "finished@wa/1" {
			t.Errorf("events %v: want the running and finished ones to name wa/1", workers)
			break
		}
	}
	if !slices.Contains(workers, "running@wa/1") {
		t.Errorf("events %v: want one running on wa/1", workers)
	}
}
