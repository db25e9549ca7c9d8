package futures

import (
	"errors"
	"strings"
	"testing"
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
