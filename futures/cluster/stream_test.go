package cluster

import (
	"strconv"
	"strings"
	"testing"
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
