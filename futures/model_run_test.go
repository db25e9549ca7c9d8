package futures

import (
	"errors"
	"fmt"
	"math/rand"
	"strings"
	"testing"
)

// step adds one random operation to the program: a Submit, a Map, a
// Cancel (only while the executor is paused), a Release, a FireAndForget
// followed by the release of the handle, a Retry or, rarely, a Restart.
func (m *model) step() {
	switch k := m.rng.Intn(23); {
	case k == 20:
		// FireAndForget holds the task until it is final: the reference
		// never lets it go while the program is built.
		if h := m.pickHandle(); h != nil {
			m.log = append(m.log, fmt.Sprintf("fire and forget %s (%p)", h.f.Key(), h.n))
			FireAndForget(h.f)
			if !h.n.cancelled {
				h.n.refs++
			}
			m.release(h)
		}
	case k == 21:
		// Functions are deterministic: a retried task fails again the
		// same way, and the reference is unchanged.
		if h := m.pickHandle(); h != nil {
			m.log = append(m.log, fmt.Sprintf("retry %s (%p)", h.f.Key(), h.n))
			h.f.Retry()
		}
	case k == 22:
		if m.rng.Intn(4) == 0 {
			m.log = append(m.log, "restart")
			m.c.Restart()
			for _, n := range m.nodes {
				m.cancel(n)
			}
		}
	case k < 10:
		fn := &modelFns[m.rng.Intn(len(modelFns))]
		var args []mArg
		switch fn.arity {
		case -1:
			var list []*mHandle
			for i := m.rng.Intn(4); i > 0; i-- {
				if h := m.pickHandle(); h != nil {
					list = append(list, h)
				}
			}
			args = []mArg{{list: list}}
		default:
			for i := 0; i < fn.arity; i++ {
				args = append(args, m.arg(false))
			}
		}
		m.submit(fn, args, m.rng.Intn(5) > 0)
	case k < 13: // Map over literals and futures
		fn := &modelFns[m.rng.Intn(2)]
		var seq []any
		var args [][]mArg
		for i := m.rng.Intn(4) + 1; i > 0; i-- {
			a := m.arg(false)
			seq = append(seq, a.value())
			args = append(args, []mArg{a})
		}
		fs := m.c.Map(fn.fn, seq)
		for i, f := range fs {
			// Record each as the reference's submit would, reusing f.
			h := m.recordMapped(fn, args[i], f)
			_ = h
		}
	case k < 16:
		if m.paused {
			if h := m.pickHandle(); h != nil {
				m.log = append(m.log, fmt.Sprintf("cancel %s (%p)", h.f.Key(), h.n))
				h.f.Cancel()
				m.cancel(h.n)
			}
		}
	default:
		if h := m.pickHandle(); h != nil {
			m.release(h)
		}
	}
}

func (m *model) recordMapped(fn *modelFn, args []mArg, f *Future) *mHandle {
	idents := make([]string, len(args))
	for i, a := range args {
		idents[i] = a.ident()
	}
	ident := fn.name + "(" + strings.Join(idents, " ") + ")"
	n := m.byIdent[ident]
	if n == nil {
		n = &mNode{fn: fn, args: args, ident: ident}
		m.nodes = append(m.nodes, n)
		m.byIdent[ident] = n
		if !n.upstreamCancelled() {
			for _, d := range n.deps() {
				d.refs++
			}
		} else {
			n.cancelled = true
			delete(m.byIdent, ident)
		}
	}
	n.refs++
	h := &mHandle{n: n, f: f}
	m.handles = append(m.handles, h)
	m.live = append(m.live, h)
	m.log = append(m.log, fmt.Sprintf("map %s -> %s (%p)", ident, f.Key(), n))
	return h
}

func runModel(t *testing.T, seed int64, paused bool, steps int) {
	t.Helper()
	var exec Executor
	var pe *pausedExecutor
	if paused {
		pe = &pausedExecutor{LocalExecutor: NewLocalExecutor(2)}
		exec = pe
	}
	opts := []ClientOption{Workers(2)}
	if exec != nil {
		opts = append(opts, WithExecutor(exec))
	}
	c := NewClient(opts...)
	defer c.Close()
	m := &model{rng: rand.New(rand.NewSource(seed)), c: c, byIdent: map[string]*mNode{}, paused: paused}
	for i := 0; i < steps; i++ {
		m.step()
	}
	if pe != nil {
		pe.Resume()
	}
	memo := map[*mNode]mResult{}
	fail := func(format string, args ...any) {
		t.Helper()
		t.Errorf("seed %d: "+format, append([]any{seed}, args...)...)
		t.Logf("program:\n%s", strings.Join(m.log, "\n"))
	}
	for _, h := range m.handles {
		v, err := h.f.Result()
		if h.released {
			if !errors.Is(err, ErrReleased) {
				fail("released %s: Result error %v, want ErrReleased", h.f.Key(), err)
			}
			continue
		}
		want := m.eval(h.n, memo)
		switch want.status {
		case Cancelled:
			if !errors.Is(err, ErrCancelled) || h.f.Status() != Cancelled {
				fail("%s: got %v, %v (%s), want cancelled", h.n.ident, v, err, h.f.Status())
			}
		case Error:
			ok := err != nil && h.f.Status() == Error
			found := false
			root := err
			var de *DependencyError
			if errors.As(err, &de) {
				root = de.Err // the error of the task that failed first
			}
			for _, e := range want.errs {
				found = found || (root != nil && root.Error() == e)
			}
			if !ok || !found {
				fail("%s: got %v, %v (%s), want an error among %q", h.n.ident, v, err, h.f.Status(), want.errs)
			}
		default:
			if err != nil || v != want.v {
				fail("%s: got %v, %v, want %d", h.n.ident, v, err, want.v)
			}
		}
	}
	for _, h := range m.handles {
		if !h.released {
			h.f.Release()
		}
	}
	// Tasks whose handles were released may still be running, holding
	// their dependencies; Close waits for them.
	c.Close()
	if n := c.Counts(); n.Pending+n.Running+n.Finished+n.Errors+n.Cancelled != 0 {
		t.Errorf("seed %d: tasks left after releasing every future: %+v", seed, n)
		c.mu.Lock()
		for k, tk := range c.tasks {
			t.Logf("left: %s refs %d state %s", k, tk.refs, tk.state)
		}
		c.mu.Unlock()
	}
}

func TestModel(t *testing.T) {
	t.Run("random graphs run while built match the sequential reference", func(t *testing.T) {
		for seed := int64(1); seed <= 150; seed++ {
			runModel(t, seed, false, 60)
		}
	})
	t.Run("random graphs with cancels before running match the sequential reference", func(t *testing.T) {
		for seed := int64(1); seed <= 150; seed++ {
			runModel(t, seed, true, 60)
		}
	})
}
