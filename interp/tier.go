package interp

import (
	"context"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofutures/gofutures/interp/internal/native"
	"github.com/gofutures/gofutures/interp/internal/rt"
	"github.com/gofutures/gofutures/interp/internal/yaegimsg"
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
// nice(1); no cell waits for it. When a build is loaded, the native
// function takes over at once, even while a cell runs: the interpreted
// declaration of an eligible function starts with a test of its tier slot
// (rt.Tiered, tier_entry.go), which the builder sets without touching the
// interpreter, so that the next call (from a running loop, a pending task,
// a function value) runs native code. yaegi's compiler and its frame of
// globals are not safe to use while a cell runs (doc.go, Concurrency), so
// the declaration of the bridge, which makes the swap permanent and drops
// the slot, waits until before the next cell, or happens at once when no
// cell is running. The routes of tiered callers (tier_eligible.go) are set
// at the same time as the slot. Declaring the function again cancels its
// pending build and clears its slot, and a build whose function was
// declared again meanwhile is dropped. Options.NoTier or GOFUTURES_TIER=0
// turns tiering off, as does NoNative, and %tier off and on switch it.

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

	swapping bool     // a bridge is being declared; guarded by s.mu
	hidden   sync.Map // numbers of the cells that declared bridges (tierHidden)
	paused   bool     // %tier off; guarded by s.mu

	building   context.CancelFunc // cancels the build in flight, to be built again; guarded by mu
	userBuilds int                // builds cells asked for, running; guarded by mu
	yields     int                // tier builds cancelled for them; guarded by mu
	current    *tierJob           // the build in flight; guarded by mu

	prepared map[*ast.FuncDecl]*tierPrepared // of the cell being run; guarded by s.mu

	// Guarded by mu:
	why      map[string]string                   // why a function stays interpreted
	interp   map[string]map[string]reflect.Value // name -> sigKey -> an interpreted declaration's value
	nativeFn map[string]tierNative               // functions whose native version routes may call
	routes   map[string][]*tierRoute             // by the function called
	slots    map[string]int                      // the tier slot set for a function, until its bridge
	times    map[string]tierTimes                // of each function's latest build
}

// tierPrepared is what tierPrepare found of one function declaration.
type tierPrepared struct {
	plan *tierPlan // nil: stays interpreted
	why  string
	k    int // its tier slot: the number of its guard
	key  string
}

// tierTimes are the moments of a function's build: queued, build started
// (after the builds before it), built and loaded, native version active
// (tier slot set), bridge declared.
type tierTimes struct{ Queued, Started, Built, Active, Swapped time.Time }

// tierTimes returns the moments of the latest build of the function name.
func (s *Session) tierTimes(name string) tierTimes {
	s.tier.mu.Lock()
	defer s.tier.mu.Unlock()
	return s.tier.times[name]
}

// tierNative is a native function routes may call.
type tierNative struct {
	key string
	v   reflect.Value
}

// tierRoute is the route of a tiered function (owner) to a function of the
// cells it calls: the plugin's setter, and the signature it was built for.
type tierRoute struct {
	owner string
	job   *tierJob
	key   string
	set   reflect.Value
}

// tierJob is one function's build.
type tierJob struct {
	plan   *tierPlan
	def    *funcDef // the declaration it compiles; dropped if no longer the latest
	src    string   // the user's declaration, kept as the session's source
	ctx    context.Context
	cancel context.CancelFunc
	k      int              // its tier slot
	key    string           // its signature (sigKey)
	built  *native.Compiled // set when built
	times  tierTimes        // written by the builder goroutine, then read under mu
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
	t.why, t.interp, t.nativeFn = map[string]string{}, map[string]map[string]reflect.Value{}, map[string]tierNative{}
	t.routes, t.slots, t.times = map[string][]*tierRoute{}, map[string]int{}, map[string]tierTimes{}
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

// tierPrepare decides, after the rewrite of cell c, which functions it
// declares may tier, and gives each the test of its tier slot at its
// entry; the caller holds s.mu.
func (s *Session) tierPrepare(c *cell) {
	t := &s.tier
	t.prepared = nil
	if !t.swapping {
		t.hidden.Delete(c.no) // the number is a user's cell's again
	}
	if !t.on || t.swapping || t.paused {
		return
	}
	t.prepared = map[*ast.FuncDecl]*tierPrepared{}
	added := false
	for i := range c.items {
		it := &c.items[i]
		fd, isFunc := it.decl.(*ast.FuncDecl)
		if !isFunc || fd.Recv != nil || fd.Type.TypeParams != nil {
			continue
		}
		p := &tierPrepared{k: -1}
		p.plan, p.why = c.tierEligible(it, fd)
		if c.checked == nil || c.checked.Info == nil {
			continue
		}
		if o, ok := c.checked.Info.Defs[fd.Name].(*types.Func); ok {
			p.key = sigKey(o.Type().(*types.Signature))
		}
		for _, mp := range c.methodPlans {
			if mp.fd == fd && mp.how == funcGuarded && mp.fn != nil {
				p.k = mp.fn.k
			}
		}
		t.prepared[fd] = p
		if p.plan == nil || p.k < 0 || c.probe != nil {
			continue
		}
		var args []string
		for _, f := range fd.Type.Params.List {
			_, variadic := f.Type.(*ast.Ellipsis)
			for _, n := range f.Names {
				if variadic {
					args = append(args, n.Name+"...")
				} else {
					args = append(args, n.Name)
				}
			}
		}
		call := "__tf(" + strings.Join(args, ", ") + ")"
		if fd.Type.Results.NumFields() > 0 {
			call = "return " + call
		} else {
			call += "; return"
		}
		body := it.off(fd.Body.Lbrace) + 1
		first := body
		if len(fd.Body.List) > 0 {
			first = it.off(fd.Body.List[0].Pos())
		}
		typ := c.funcType(it, fd, func(n ast.Node) string { return textOf(c, it, n) })
		c.insert(body, fmt.Sprintf("if %s%s { if __tf, __ok := __rt.Tiered(%d).(%s); __ok { %s } };%s",
			c.at(first), tierEntryTest, p.k, typ, call, c.at(body)))
		added = true
	}
	if added {
		sort.SliceStable(c.edits, func(i, j int) bool { return c.edits[i].off < c.edits[j].off })
	}
}

// tierCell queues the eligible functions cell c declared, which ran
// without error (ok), cancels the pending builds of every function it
// declared and points the routes to them at their new declarations; the
// caller holds s.mu.
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
		p := t.prepared[fd]
		var v reflect.Value
		if ok && p != nil && p.key != "" {
			v, _ = s.eval(name) // the interpreted function, for the routes of compiled callers
		}
		t.mu.Lock()
		if j := t.pending[name]; j != nil {
			j.cancel()
			delete(t.pending, name)
		}
		if k, had := t.slots[name]; had {
			rt.SetTiered(k, nil)
			delete(t.slots, name)
		}
		delete(t.native, name)
		delete(t.nativeFn, name)
		for callee, rs := range t.routes { // the routes of its old native version
			t.routes[callee] = slices.DeleteFunc(rs, func(r *tierRoute) bool { return r.owner == name })
		}
		if v.IsValid() && v.Kind() == reflect.Func {
			if t.interp[name] == nil {
				t.interp[name] = map[string]reflect.Value{}
			}
			t.interp[name][p.key] = v
			if fn, ok := s.compiledFunc(p, name); ok {
				t.nativeFn[name] = tierNative{key: p.key, v: fn}
			}
		}
		s.tierReroute(name)
		switch {
		case !ok:
			t.why[name] = "its cell failed"
		case t.paused:
			t.why[name] = "tiering is off (%tier on)"
		case p == nil:
			t.why[name] = "a generic function"
		case p.plan == nil:
			t.why[name] = p.why
		default:
			delete(t.why, name)
		}
		t.mu.Unlock()
		if !ok || p == nil || p.plan == nil || t.paused {
			if p != nil && p.plan == nil {
				s.log.Debug("tier: stays interpreted", "func", name, "why", p.why)
			}
			continue
		}
		def := s.function(name)
		src, _ := s.Source(name)
		if def == nil {
			continue
		}
		j := &tierJob{plan: p.plan, def: def, src: src, k: p.k, key: p.key, times: tierTimes{Queued: time.Now()}}
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
	t.prepared = nil
}

// tierRouteValue is what a route built for signature key to the function
// name calls now: its native version, or else its interpreted declaration
// of that signature; the caller holds t.mu.
func (t *tierState) tierRouteValue(name, key string) reflect.Value {
	if n, ok := t.nativeFn[name]; ok && n.key == key {
		return n.v
	}
	return t.interp[name][key]
}

// tierReroute points every route to the function name at what it calls
// now, or, when a native version cannot stand in a route's signature, at
// its interpreted declaration; the caller holds t.mu.
func (s *Session) tierReroute(name string) {
	t := &s.tier
	for _, r := range t.routes[name] {
		if v := t.tierRouteValue(name, r.key); !v.IsValid() || !setRoute(r.set, v) {
			if v := t.interp[name][r.key]; v.IsValid() {
				setRoute(r.set, v)
			}
		}
	}
}

// compiledFunc returns the compiled function that the function name, as
// the running compiled cell's bridge declares it (p), calls: the routes
// of tiered callers call it directly, rather than through the bridge,
// until a cell declares name again (tierCell).
func (s *Session) compiledFunc(p *tierPrepared, name string) (reflect.Value, bool) {
	c := s.nat.cell
	if c == nil || p.plan != nil || p.why != tierWhyCompiled {
		return reflect.Value{}, false
	}
	fn, ok := c.Symbols[c.Package+"/cell"]["X_"+name]
	return fn, ok && fn.Kind() == reflect.Func
}

// setRoute calls a plugin's route setter with fn.
func setRoute(set, fn reflect.Value) bool {
	in := set.Type().In(0)
	if fn.Type() != in {
		if !fn.Type().ConvertibleTo(in) {
			return false
		}
		fn = fn.Convert(in)
	}
	set.Call([]reflect.Value{fn})
	return true
}

// tierActivate makes the native version of j's function run from its next
// call: it sets the plugin's stack check and routes, records the function
// for the routes of its callers and sets its tier slot. It returns false
// when the function was declared again, or a function it calls can no
// longer be called with the signature it was built for.
func (s *Session) tierActivate(j *tierJob, built *native.Compiled) bool {
	t := &s.tier
	syms := built.Symbols[built.Package+"/cell"]
	fn, ok := syms["X_"+j.plan.name]
	if !ok {
		return false
	}
	if set, ok := syms["X_gofutures__setup"]; ok {
		set.Call([]reflect.Value{reflect.ValueOf(rt.Enter), reflect.ValueOf(s.tierFrames)})
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if j.ctx.Err() != nil {
		return false
	}
	if v := t.interp[j.plan.name][j.key]; v.IsValid() && !sameSignature(v.Type(), fn.Type()) {
		// A type of its signature, such as map[string][]P of a compiled
		// P, was made by the interpreter before the plugin brought its
		// own: the two are different types to reflect.
		s.log.Info("tier: its signature's types are the interpreter's; it stays interpreted", "func", j.plan.name, "type", fn.Type())
		t.why[j.plan.name] = "its parameters' types are the interpreter's own"
		return false
	}
	for _, c := range j.plan.callees {
		v := t.tierRouteValue(c.name, c.key)
		set, ok := syms["X_gofutures__route_"+c.name]
		if !v.IsValid() || !ok || !setRoute(set, v) {
			s.log.Info("tier: a function it calls changed; it stays interpreted", "func", j.plan.name, "calls", c.name)
			return false
		}
		t.routes[c.name] = append(t.routes[c.name], &tierRoute{owner: j.plan.name, job: j, key: c.key, set: set})
	}
	t.nativeFn[j.plan.name] = tierNative{key: j.key, v: fn}
	s.tierReroute(j.plan.name)
	if j.k >= 0 {
		slot := fn
		if w, ok := boundary(fn, imagesByText(built.Images)); ok && w.Type() == fn.Type() {
			slot = w // converts what interpreted callers pass, as its bridge will (native_images.go)
		}
		rt.SetTiered(j.k, slot.Interface())
		t.slots[j.plan.name] = j.k
	}
	t.native[j.plan.name] = true
	j.times.Active = time.Now()
	t.times[j.plan.name] = j.times
	return true
}

// sameSignature reports whether a native function of type native may
// stand for an interpreted one of type interp: each argument the
// interpreter passes is assignable to its parameter, and each result to
// the interpreter's.
func sameSignature(interp, native reflect.Type) bool {
	if interp.Kind() != reflect.Func || native.Kind() != reflect.Func || interp.NumIn() != native.NumIn() ||
		interp.NumOut() != native.NumOut() || interp.IsVariadic() != native.IsVariadic() {
		return false
	}
	for i := range interp.NumIn() {
		if !interp.In(i).AssignableTo(native.In(i)) {
			return false
		}
	}
	for i := range interp.NumOut() {
		if !native.Out(i).AssignableTo(interp.Out(i)) {
			return false
		}
	}
	return true
}

// tierLoop builds the queued functions one at a time until the session
// closes.
func (s *Session) tierLoop() {
	t := &s.tier
	defer close(t.done)
	for {
		t.mu.Lock()
		var j *tierJob
		if len(t.queue) > 0 && t.userBuilds == 0 {
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
		j.times.Started = time.Now()
		bctx, yield := context.WithCancel(j.ctx)
		t.mu.Lock()
		t.building, t.current = yield, j
		t.mu.Unlock()
		built, err := t.cells.Compile(native.LowPriority(bctx), j.plan.src, nil, nil)
		t.mu.Lock()
		t.building, t.current = nil, nil
		yielded := err != nil && j.ctx.Err() == nil && bctx.Err() != nil
		if yielded { // a cell's build goes first; this one waits its turn
			t.queue = append([]*tierJob{j}, t.queue...)
		}
		t.mu.Unlock()
		yield()
		if yielded {
			continue
		}
		if err != nil {
			if j.ctx.Err() == nil {
				s.log.Info("tier: build failed; the function stays interpreted", "func", j.plan.name, "err", err)
				t.mu.Lock()
				t.why[j.plan.name] = "its build failed"
				t.mu.Unlock()
			}
			continue
		}
		j.times.Built = time.Now()
		if !s.tierActivate(j, built) {
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
		t.swapping = true
		_, err := s.run(context.Background(), tierBridge(c.Bridge), nil)
		t.swapping = false
		s.meta.Lock()
		t.hidden.Store(s.cellNo, true)
		s.meta.Unlock()
		if err != nil {
			s.log.Info("tier: swap failed; the function stays interpreted", "func", name, "err", err)
			continue
		}
		s.meta.Lock()
		s.names[name] = j.src // the user's declaration, for Inspect, %who and restores
		s.meta.Unlock()
		t.mu.Lock()
		if k, had := t.slots[name]; had { // the bridge calls the native version now
			rt.SetTiered(k, nil)
			delete(t.slots, name)
		}
		t.native[name] = true
		t.mu.Unlock()
		t.mu.Lock()
		tt := t.times[name]
		tt.Swapped = time.Now()
		t.times[name] = tt
		t.mu.Unlock()
		s.log.Info("tier: compiled", "func", name, "waited", tt.Started.Sub(tt.Queued), "built", tt.Built.Sub(tt.Started),
			"activated", tt.Active.Sub(tt.Built), "swapped", tt.Swapped.Sub(tt.Active))
	}
}

// tierBridge is the part of a tiered function's bridge the session runs:
// the function, without the plugin's own names (the depth-counting inner
// function, routes, setup), and the imports it uses (its signature may
// name packages, as tierImportName does).
func tierBridge(bridge string) string {
	var imports, decls []string
	for _, l := range strings.Split(bridge, "\n") {
		switch {
		case strings.HasPrefix(l, "import "):
			imports = append(imports, l)
		case tierOwnDecl.MatchString(l):
		default:
			decls = append(decls, l)
		}
	}
	text := strings.Join(decls, "\n")
	var used []string
	for _, l := range imports {
		if f := strings.Fields(l); len(f) == 3 && strings.Contains(text, f[1]+".") {
			used = append(used, l)
		}
	}
	return strings.Join(append(used, decls...), "\n")
}

// tierOwnDecl matches a bridge line declaring a name of the plugin's own.
var tierOwnDecl = regexp.MustCompile(`^(func|var|const|type) gofutures__`)

// Tiered reports whether the function name runs native code now.
func (s *Session) Tiered(name string) bool {
	s.tier.mu.Lock()
	defer s.tier.mu.Unlock()
	return s.tier.native[name]
}

// tierFrames is how a tiered function's plugin reports the frames of a
// panic that leaves it: the lines (in the interpreter's numbering, which
// its //line directive keeps) and functions of its compiled frames,
// innermost first. They join the frames the interpreter prints as the
// panic goes on (stdio.go), so that the traceback names the user's cell
// and line as it would had the function been interpreted.
func (s *Session) tierFrames(lines []int, funcs []string) {
	t := rt.Current()
	if t == nil {
		return
	}
	info, ok := t.Data.(*taskInfo)
	if !ok {
		return
	}
	for i, abs := range lines {
		in := s.cellAt(abs / cellLines)
		line := abs % cellLines
		if in == nil || line < 1 || line > len(in.lines) {
			continue
		}
		// Go gives a line without a column: the line's first statement.
		off := in.lines[line-1]
		for off < len(in.src) && (in.src[off] == ' ' || in.src[off] == '\t') {
			off++
		}
		col := off - in.lines[line-1] + 1
		f := panicFrame{text: fmt.Sprintf("%d:%d: panic: %s(...)", abs, col, funcs[i]), slot: -1}
		if f.at = in.firstAt(line, col); f.at == 0 {
			f.at = off + 1
		}
		info.addFrame(f)
	}
}

// tierHidden reports whether a frame line the interpreter printed is in a
// bridge of a tiered function, which the traceback leaves out: the
// function's own frames were reported by its plugin (tierFrames).
func (s *Session) tierHidden(line []byte) bool {
	f, ok := yaegimsg.ParseFrame(string(line))
	if !ok {
		return false
	}
	_, hidden := s.tier.hidden.Load(f.Line / cellLines)
	return hidden
}

// tierYield makes way for a build a cell asked for (a compiled cell, a
// module import), which would otherwise wait for the Builder behind a
// tier build: it cancels the tier build in flight, which goes back to the
// head of the queue, and holds the queue until the returned function is
// called.
func (s *Session) tierYield() (resume func()) {
	t := &s.tier
	if !t.on {
		return func() {}
	}
	t.mu.Lock()
	t.userBuilds++
	if t.building != nil {
		t.building()
		t.building = nil
		t.yields++
	}
	t.mu.Unlock()
	return func() {
		t.mu.Lock()
		t.userBuilds--
		t.mu.Unlock()
		select {
		case t.wake <- struct{}{}:
		default:
		}
	}
}
