package futures

import (
	"errors"
	"fmt"
	"math/rand"
	"sort"
	"testing"
)

// The coordination model runs random sequences of operations on named
// queues, variables, events and semaphores through a Client and through a
// plain sequential reference, and compares every answer. Waits use a zero
// timeout, so that the sequential program never blocks.
func TestCoordinationModel(t *testing.T) {
	for seed := int64(1); seed <= 100; seed++ {
		runCoordModel(t, seed, 200)
	}
	t.Run("concurrent producers and consumers lose and duplicate nothing", func(t *testing.T) {
		c := NewClient(Workers(4))
		defer c.Close()
		const n = 200
		producers := c.Map(func(i int) int { c.Queue("q").Put(i); return i }, seq(n), Pure(false))
		consumers := c.Map(func(int) (any, error) { return c.Queue("q").Get() }, seq(n), Pure(false))
		Wait(producers)
		vs, err := c.Gather(consumers)
		if err != nil {
			t.Fatal(err)
		}
		got := make([]int, len(vs))
		for i, v := range vs {
			got[i] = v.(int)
		}
		sort.Ints(got)
		for i, v := range got {
			if v != i {
				t.Fatalf("consumers got %v", got)
			}
		}
	})
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func runCoordModel(t *testing.T, seed int64, steps int) {
	t.Helper()
	c := NewClient(Workers(1))
	defer c.Close()
	rng := rand.New(rand.NewSource(seed))
	names := []string{"a", "b"}
	queues := map[string][]int{}
	vars := map[string]*int{}
	events := map[string]bool{}
	leases := map[string]int{}
	var log []string
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("seed %d: "+format, append([]any{seed}, args...)...)
		t.Logf("program:\n%v", log)
	}
	for i := 0; i < steps; i++ {
		name := names[rng.Intn(len(names))]
		x := rng.Intn(100)
		switch op := rng.Intn(9); op {
		case 0:
			log = append(log, fmt.Sprintf("queue %s put %d", name, x))
			c.Queue(name).Put(x)
			queues[name] = append(queues[name], x)
		case 1:
			log = append(log, fmt.Sprintf("queue %s get", name))
			v, err := c.Queue(name).GetWithTimeout(0)
			if q := queues[name]; len(q) > 0 {
				if err != nil || v != q[0] {
					fail("queue %s: got %v %v, want %d", name, v, err, q[0])
				}
				queues[name] = q[1:]
			} else if !errors.Is(err, ErrTimeout) {
				fail("empty queue %s: got %v %v", name, v, err)
			}
			if n := c.Queue(name).Len(); n != len(queues[name]) {
				fail("queue %s: Len %d, want %d", name, n, len(queues[name]))
			}
		case 2:
			log = append(log, fmt.Sprintf("variable %s set %d", name, x))
			c.Variable(name).Set(x)
			vars[name] = &x
		case 3:
			log = append(log, fmt.Sprintf("variable %s get", name))
			v, err := c.Variable(name).GetWithTimeout(0)
			if want := vars[name]; want != nil {
				if err != nil || v != *want {
					fail("variable %s: got %v %v, want %d", name, v, err, *want)
				}
			} else if !errors.Is(err, ErrTimeout) {
				fail("unset variable %s: got %v %v", name, v, err)
			}
		case 4:
			log = append(log, fmt.Sprintf("variable %s delete", name))
			c.Variable(name).Delete()
			delete(vars, name)
		case 5:
			set := rng.Intn(2) == 0
			log = append(log, fmt.Sprintf("event %s set %v", name, set))
			if set {
				c.Event(name).Set()
			} else {
				c.Event(name).Clear()
			}
			events[name] = set
		case 6:
			log = append(log, fmt.Sprintf("event %s wait", name))
			if got := c.Event(name).WaitWithTimeout(0); got != events[name] || c.Event(name).IsSet() != got {
				fail("event %s: Wait %v, want %v", name, got, events[name])
			}
		case 7:
			log = append(log, fmt.Sprintf("semaphore %s acquire", name))
			got := c.Semaphore(name, 2).AcquireWithTimeout(0)
			if want := leases[name] < 2; got != want {
				fail("semaphore %s: acquired %v, want %v", name, got, want)
			}
			if got {
				leases[name]++
			}
		case 8:
			log = append(log, fmt.Sprintf("semaphore %s release", name))
			err := c.Semaphore(name, 2).Release()
			if (err == nil) != (leases[name] > 0) {
				fail("semaphore %s: release %v with %d leases", name, err, leases[name])
			}
			if err == nil {
				leases[name]--
			}
		}
	}
}
