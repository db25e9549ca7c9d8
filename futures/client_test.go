package futures

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// gate blocks the tasks that call wait until open is called.
type gate struct {
	ch   chan struct{}
	once sync.Once
}

func newGate() *gate           { return &gate{ch: make(chan struct{})} }
func (g *gate) open()          { g.once.Do(func() { close(g.ch) }) }
func (g *gate) wait(x int) int { <-g.ch; return x }

func result(t *testing.T, f *Future) any {
	t.Helper()
	v, err := f.Result()
	if err != nil {
		t.Fatalf("%s: %v", f.Key(), err)
	}
	return v
}

func TestEvents(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	var mu sync.Mutex
	var events []string
	stop := c.Subscribe(func(e Event) {
		mu.Lock()
		events = append(events, e.Func+":"+e.Status.String())
		mu.Unlock()
	})
	g := newGate()
	f := c.Submit(g.wait, 3)
	var seen []Status
	stopStatus := f.OnStatus(func(f *Future) { seen = append(seen, f.Info().Status) })
	done := make(chan *Future, 2)
	f.AddDoneCallback(func(f *Future) { done <- f })
	g.open()
	result(t, f)
	if got := <-done; got != f {
		t.Error("callback got another future")
	}
	f.AddDoneCallback(func(f *Future) { done <- f }) // already done: runs at once
	<-done
	stop()
	stopStatus()
	result(t, c.Submit(mInc, 9))
	mu.Lock()
	defer mu.Unlock()
	if got := strings.Join(events, " "); got != "gate.wait:pending gate.wait:running gate.wait:finished" {
		t.Errorf("events %s", got)
	}
	if len(seen) == 0 || seen[len(seen)-1] != Finished {
		t.Errorf("OnStatus saw %v", seen)
	}
	t.Run("the task stream records worker and times", func(t *testing.T) {
		rs := c.TaskStream().Records()
		if len(rs) != 2 || rs[0].Func != "gate.wait" || rs[0].Worker != "worker-0" || rs[0].Stop.Before(rs[0].Start) || rs[0].Start.IsZero() {
			t.Errorf("records %+v", rs)
		}
		i := f.Info()
		if i.Worker != "worker-0" || i.ResultType != "int" || i.Stopped.IsZero() || i.Status != Finished {
			t.Errorf("info %+v", i)
		}
	})
}

func TestScatterComputePersist(t *testing.T) {
	c := NewClient()
	defer c.Close()
	data := c.Scatter([]int{1, 2, 3})
	if again := c.Scatter([]int{1, 2, 3}); again.Key() != data.Key() || !strings.HasPrefix(data.Key(), "[]int-") {
		t.Errorf("keys %s %s", data.Key(), again.Key())
	}
	if v := result(t, c.Submit(mSum, data)); v != 6 {
		t.Errorf("sum %v", v)
	}
	var calls atomic.Int32
	counted := func(x int) int { calls.Add(1); return x }
	shared := Delay(counted, 1, Pure(false))
	fs := c.Persist([]*Delayed{Delay(mAdd, shared, shared), Delay(mInc, shared)})
	rs, err := c.Gather(fs)
	if err != nil || rs[0] != 2 || rs[1] != 2 || calls.Load() != 1 {
		t.Errorf("results %v %v, shared part ran %d times", rs, err, calls.Load())
	}
	if v := result(t, c.Compute(Delay(mSum, []*Delayed{Delay(mInc, 1), Delay(mInc, 2)}))); v != 5 {
		t.Errorf("compute %v", v)
	}
}

func TestDescriptions(t *testing.T) {
	c := NewClient(Workers(3))
	defer c.Close()
	f := c.Submit(mInc, 1)
	result(t, f)
	bad := c.Submit(mCheck, 3)
	bad.Result()
	cases := []struct{ desc, got, want string }{
		{"a client prints its counts", c.String(), "<Client: 3 workers, 0 pending, 0 running, 1 finished, 1 errors>"},
		{"a future prints like Dask's", f.String(), "<Future: finished, type: int, key: " + f.Key() + ">"},
		{"a failed future has no type", bad.String(), "<Future: error, key: " + bad.Key() + ">"},
		{"statuses print as one word", fmt.Sprint(Pending, Running, Finished, Error, Cancelled), "pending running finished error cancelled"},
		{"wait modes print as Python's", fmt.Sprint(AllCompleted, FirstCompleted, FirstException), "ALL_COMPLETED FIRST_COMPLETED FIRST_EXCEPTION"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %s, want %s", tc.got, tc.want)
			}
		})
	}
	t.Run("the HTML table lists workers and counts", func(t *testing.T) {
		h := c.HTML()
		for _, s := range []string{"<th>Workers</th><td>3</td>", "<th>Finished</th><td>1</td>", "<th>Errors</th><td>1</td>"} {
			if !strings.Contains(h, s) {
				t.Errorf("%s lacks %s", h, s)
			}
		}
		if !strings.Contains(f.HTML(), "status: finished") {
			t.Errorf("future HTML %s", f.HTML())
		}
	})
}
