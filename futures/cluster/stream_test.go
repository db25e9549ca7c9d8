package cluster

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/futures"
)

// TestTaskStreamRowsAreWorkerSlots: the client's task stream shows each
// remote run on the row of the worker thread that ran it ("name/slot"),
// as Dask's does, not on the client's slot that sent it.
func TestTaskStreamRowsAreWorkerSlots(t *testing.T) {
	cl := newLocal(t, 2, Slots(2))
	c := cl.Client()
	if _, err := c.Gather(c.Map(fn("sleep"), []int{20, 21, 22, 23, 24, 25, 26, 27})); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, w := range cl.Workers() {
		names[w.Name] = true
	}
	rs := c.TaskStream().Records()
	if len(rs) != 8 {
		t.Fatalf("%d records, want 8", len(rs))
	}
	for _, r := range rs {
		name, slot, ok := strings.Cut(r.Worker, "/")
		n, err := strconv.Atoi(slot)
		if !ok || err != nil || !names[name] || n < 0 || n >= 2 {
			t.Errorf("%s ran on row %q, want a worker's name and slot (workers %v)", r.Key, r.Worker, names)
		}
	}
}

// TestTaskStreamRowOfARunningRemoteTask: a task that runs long enough on a
// worker is on that worker thread's row of the task stream while it still
// runs, from its start (starts.go), and the client's events and the
// future's Info name that thread, not the client's slot that sent it.
func TestTaskStreamRowOfARunningRemoteTask(t *testing.T) {
	cl := newInProcess(t, "wx", 1)
	c := cl.Client()
	var mu sync.Mutex
	var running []string
	stop := c.Subscribe(func(e futures.Event) {
		if e.Status == futures.Running {
			mu.Lock()
			running = append(running, e.Worker)
			mu.Unlock()
		}
	})
	defer stop()
	f := c.Submit(fn("sleep"), 3000, futures.Pure(false))
	deadline := time.Now().Add(30 * time.Second)
	for {
		rs := c.TaskStream().Records()
		if len(rs) == 1 && rs[0].Status == futures.Running && rs[0].Worker == "wx/0" {
			break
		}
		if f.Done() || time.Now().After(deadline) {
			t.Fatalf("records %+v: the running task never showed on row wx/0", rs)
		}
		time.Sleep(5 * time.Millisecond)
	}
	if w := f.Info().Worker; w != "wx/0" {
		t.Errorf("Info().Worker = %q while it runs, want wx/0", w)
	}
	mu.Lock()
	if !slices.Contains(running, "wx/0") {
		t.Errorf("running events name %v, want wx/0 among them", running)
	}
	mu.Unlock()
	f.Cancel()
}

// TestWhoHasNamesTheRemoteWorker: WhoHas and HasWhat of a cluster's client
// name the worker thread that ran a task and keeps its result, as the
// task stream does, not the client's dispatch slot ("worker-0"), which
// holds nothing and is not listed.
func TestWhoHasNamesTheRemoteWorker(t *testing.T) {
	cl := newInProcess(t, "wy", 1)
	c := cl.Client()
	f := c.Submit(fn("inc"), 41)
	if _, err := f.Result(); err != nil {
		t.Fatal(err)
	}
	if who := c.WhoHas(f)[f.Key()]; !slices.Equal(who, []string{"wy/0"}) {
		t.Errorf("WhoHas = %v, want [wy/0]", who)
	}
	has := c.HasWhat()
	if !slices.Equal(has["wy/0"], []string{f.Key()}) || len(has) != 1 {
		t.Errorf("HasWhat = %v, want only wy/0 holding %s", has, f.Key())
	}
}
