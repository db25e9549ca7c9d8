package interp

import (
	"context"
	"go/ast"
	"os"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/gofutures/gofutures/interp/internal/native"
	"github.com/gofutures/gofutures/interp/internal/rt"
)

// Tiered execution: a function an interpreted cell declares that is
// self-contained (tier_eligible.go) is compiled in the background into a
// plugin, as a compiled cell is, and swapped in when it is loaded: the
// session runs the compiled cell's bridge, which declares the function
// again as a call of the native one, so that the routing of function
// redeclaration (rewrite_func.go) sends every caller, closure and function
// value made before to it. The session's source of the function stays the
// user's.
//
// One goroutine builds, one function at a time, with the go command under
// nice(1); no cell waits for it. A build is swapped in before the next
// cell runs, or at once when no cell is running. Declaring the function
// again cancels its pending build, and a build whose function was declared
// again meanwhile is dropped. Options.NoTier or GOFUTURES_TIER=0 turns
// tiering off, as does NoNative.

// tierState is the session's side of tiering.
type tierState struct {
	on    bool
	cells *native.Cells // its own: tiered functions are not names later compiled cells may use

	mu      sync.Mutex
	pending map[string]*tierJob // by function name: queued, building or ready
	queue   []*tierJob
	wake    chan struct{}
	native  map[string]bool // functions running native now
	ctx     context.Context // ends with the session
	stop    context.CancelFunc
	done    chan struct{}

	swapping bool // a bridge is being declared; guarded by s.mu
}

// tierJob is one function's build.
type tierJob struct {
	plan   *tierPlan
	def    *funcDef // the declaration it compiles; dropped if no longer the latest
	src    string   // the user's declaration, kept as the session's source
	ctx    context.Context
	cancel context.CancelFunc
	built  *native.Compiled // set when built
}

// tierByDefault is false in this package's tests, whose sessions would
// otherwise all start builds; the tests of tiering turn it on.
var tierByDefault atomic.Bool

func init() { tierByDefault.Store(true) }

// tierEnabled reports whether sessions with opts tier up functions.
func tierEnabled(opts Options) bool {
	return tierByDefault.Load() && !opts.NoTier && !opts.NoNative && os.Getenv("GOFUTURES_TIER") != "0"
}

// startTier starts the builder goroutine when tiering is on.
func (s *Session) startTier() {
	t := &s.tier
	t.on = tierEnabled(s.opts) && s.nat.b != nil
	if !t.on {
		return
	}
	t.cells = &native.Cells{B: s.nat.b, Flag: rt.FlagP, Check: rt.Check}
	t.pending, t.native = map[string]*tierJob{}, map[string]bool{}
	t.wake = make(chan struct{}, 1)
	t.ctx, t.stop = context.WithCancel(context.Background())
	t.done = make(chan struct{})
	go s.tierLoop()
}

// stopTier cancels the builds and waits for the builder to return.
func (s *Session) stopTier() {
	if !s.tier.on {
		return
	}
	s.tier.stop()
	<-s.tier.done
}

// tierCell queues the eligible functions cell c declared, which ran
// without error (ok), and cancels the pending builds of every function it
// declared; the caller holds s.mu.
func (s *Session) tierCell(c *cell, ok bool) {
	t := &s.tier
	if !t.on || c == nil || t.swapping {
		return
	}
	for i := range c.items {
		it := &c.items[i]
		fd, isFunc := it.decl.(*ast.FuncDecl)
		if !isFunc || fd.Recv != nil {
			continue
		}
		name := fd.Name.Name
		t.mu.Lock()
		if j := t.pending[name]; j != nil {
			j.cancel()
			delete(t.pending, name)
		}
		delete(t.native, name)
		t.mu.Unlock()
		if !ok {
			continue
		}
		plan, why := c.tierEligible(it, fd)
		if plan == nil {
			s.log.Debug("tier: stays interpreted", "func", name, "why", why)
			continue
		}
		def := s.function(name)
		src, _ := s.Source(name)
		if def == nil {
			continue
		}
		j := &tierJob{plan: plan, def: def, src: src}
		j.ctx, j.cancel = context.WithCancel(t.ctx)
		t.mu.Lock()
		t.pending[name] = j
		t.queue = append(t.queue, j)
		t.mu.Unlock()
		select {
		case t.wake <- struct{}{}:
		default:
		}
	}
}

// tierLoop builds the queued functions one at a time until the session
// closes.
func (s *Session) tierLoop() {
	t := &s.tier
	defer close(t.done)
	for {
		t.mu.Lock()
		var j *tierJob
		if len(t.queue) > 0 {
			j, t.queue = t.queue[0], t.queue[1:]
		}
		t.mu.Unlock()
		if j == nil {
			select {
			case <-t.ctx.Done():
				return
			case <-t.wake:
			}
			continue
		}
		if j.ctx.Err() != nil {
			continue
		}
		built, err := t.cells.Compile(native.LowPriority(j.ctx), j.plan.src, nil, nil)
		if err != nil {
			if j.ctx.Err() == nil {
				s.log.Info("tier: build failed; the function stays interpreted", "func", j.plan.name, "err", err)
			}
			continue
		}
		t.mu.Lock()
		j.built = built
		t.mu.Unlock()
		if s.mu.TryLock() { // no cell is running: swap now
			if !s.closed {
				s.tierSwap()
			}
			s.mu.Unlock()
		}
	}
}

// tierSwap declares the built functions whose declarations are still the
// latest as calls of their native versions; the caller holds s.mu.
func (s *Session) tierSwap() {
	t := &s.tier
	if !t.on {
		return
	}
	t.mu.Lock()
	var ready []*tierJob
	for name, j := range t.pending {
		if j.built != nil {
			ready = append(ready, j)
			delete(t.pending, name)
		}
	}
	t.mu.Unlock()
	sort.Slice(ready, func(a, b int) bool { return ready[a].plan.name < ready[b].plan.name })
	for _, j := range ready {
		name := j.plan.name
		if s.function(name) != j.def || j.ctx.Err() != nil {
			continue // declared again since
		}
		c := j.built
		if err := s.useCompiled(c); err != nil {
			s.log.Info("tier: loading failed", "func", name, "err", err)
			continue
		}
		var bridge []string
		for _, l := range strings.Split(c.Bridge, "\n") {
			if !strings.Contains(l, "gofutures__") { // the depth-counting inner function
				bridge = append(bridge, l)
			}
		}
		t.swapping = true
		_, err := s.executeGo(context.Background(), strings.Join(bridge, "\n"), nil)
		t.swapping = false
		if err != nil {
			s.log.Info("tier: swap failed; the function stays interpreted", "func", name, "err", err)
			continue
		}
		s.meta.Lock()
		s.names[name] = j.src // the user's declaration, for Inspect, %who and restores
		s.meta.Unlock()
		t.mu.Lock()
		t.native[name] = true
		t.mu.Unlock()
		s.log.Info("tier: compiled", "func", name)
	}
}

// Tiered reports whether the function name runs native code now.
func (s *Session) Tiered(name string) bool {
	s.tier.mu.Lock()
	defer s.tier.mu.Unlock()
	return s.tier.native[name]
}
