package futures

import (
	"fmt"
	"math/rand"
	"strings"
)

// The model test runs random programs of Submit, Map, nested dependencies,
// errors, panics, cancels and releases through a Client and through a
// sequential reference that evaluates the same program in order, and
// compares every future that was not released.

// pausedExecutor holds tasks until Resume, so that cancels and releases
// made while building a graph act on pending tasks, as the reference
// assumes.
type pausedExecutor struct {
	*LocalExecutor
	q Scheduler
}

func (p *pausedExecutor) Start(q Scheduler) { p.q = q }
func (p *pausedExecutor) Resume()           { p.LocalExecutor.Start(p.q) }
func (p *pausedExecutor) Close() {
	if p.LocalExecutor.q == nil {
		p.Resume() // let the workers see the close
	}
	p.LocalExecutor.Close()
}

func mInc(x int) int    { return x + 1 }
func mDouble(x int) int { return 2 * x }
func mAdd(x, y int) int { return x + y }
func mSum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}
func mCheck(x int) (int, error) {
	if x%7 == 3 {
		return 0, fmt.Errorf("check: %d", x)
	}
	return x, nil
}
func mBoom(x int) int {
	if x%11 == 5 {
		panic(fmt.Sprintf("boom: %d", x))
	}
	return x
}

type modelFn struct {
	name  string
	fn    any
	arity int // -1: a list
	eval  func([]int) (int, string)
}

var modelFns = []modelFn{
	{"inc", mInc, 1, func(a []int) (int, string) { return a[0] + 1, "" }},
	{"double", mDouble, 1, func(a []int) (int, string) { return 2 * a[0], "" }},
	{"add", mAdd, 2, func(a []int) (int, string) { return a[0] + a[1], "" }},
	{"sum", mSum, -1, func(a []int) (int, string) {
		s := 0
		for _, x := range a {
			s += x
		}
		return s, ""
	}},
	{"check", mCheck, 1, func(a []int) (int, string) {
		if a[0]%7 == 3 {
			return 0, fmt.Sprintf("check: %d", a[0])
		}
		return a[0], ""
	}},
	{"boom", mBoom, 1, func(a []int) (int, string) {
		if a[0]%11 == 5 {
			return 0, fmt.Sprintf("futures: panic: boom: %d", a[0])
		}
		return a[0], ""
	}},
}

// mNode is a task of the reference.
type mNode struct {
	fn        *modelFn
	args      []mArg
	cancelled bool
	refs      int // unreleased handles + live dependents
	ident     string
}

// mArg is a literal, a handle or a list of handles.
type mArg struct {
	lit   int
	h     *mHandle
	list  []*mHandle
	isLit bool
}

type mHandle struct {
	n        *mNode
	f        *Future
	released bool
}

type model struct {
	rng     *rand.Rand
	c       *Client
	nodes   []*mNode
	byIdent map[string]*mNode
	handles []*mHandle
	live    []*mHandle // not released
	paused  bool
	unique  int
	log     []string
}

func (m *model) pickHandle() *mHandle {
	if len(m.live) == 0 {
		return nil
	}
	return m.live[m.rng.Intn(len(m.live))]
}

func (m *model) arg(allowList bool) mArg {
	if h := m.pickHandle(); h != nil && m.rng.Intn(3) > 0 {
		return mArg{h: h}
	}
	return mArg{lit: m.rng.Intn(20), isLit: true}
}

func (a mArg) ident() string {
	switch {
	case a.isLit:
		return fmt.Sprint(a.lit)
	case a.h != nil:
		return a.h.n.ident
	}
	// Keys, like Dask's, name dependencies by key: a task that depends on
	// a cancelled task and one that depends on its recomputation share a
	// key, hence a task. The reference names nodes the same way.
	var b strings.Builder
	for _, h := range a.list {
		b.WriteString(h.n.ident + ",")
	}
	return "[" + b.String() + "]"
}

func (a mArg) value() any {
	switch {
	case a.isLit:
		return a.lit
	case a.h != nil:
		return a.h.f
	}
	fs := make([]*Future, len(a.list))
	for i, h := range a.list {
		fs[i] = h.f
	}
	return fs
}

func (a mArg) handles() []*mHandle {
	if a.h != nil {
		return []*mHandle{a.h}
	}
	return a.list
}

// submit records fn(args) in the reference and submits it to the client.
func (m *model) submit(fn *modelFn, args []mArg, pure bool) *mHandle {
	idents := make([]string, len(args))
	vals := make([]any, len(args))
	for i, a := range args {
		idents[i] = a.ident()
		vals[i] = a.value()
	}
	ident := fn.name + "(" + strings.Join(idents, " ") + ")"
	n := m.byIdent[ident]
	if !pure {
		m.unique++
		ident += fmt.Sprintf("#%d", m.unique)
	}
	if n == nil || !pure {
		n = &mNode{fn: fn, args: args, ident: ident}
		m.nodes = append(m.nodes, n)
		if pure {
			m.byIdent[ident] = n
		}
		// A new task refers to its distinct dependencies; one that
		// depends on a cancelled task is cancelled at once and lets go.
		if !n.upstreamCancelled() {
			for _, d := range n.deps() {
				d.refs++
			}
		} else {
			n.cancelled = true
			delete(m.byIdent, ident)
		}
	}
	if !pure {
		vals = append(vals, Pure(false))
	}
	n.refs++
	h := &mHandle{n: n, f: m.c.Submit(fn.fn, vals...)}
	m.handles = append(m.handles, h)
	m.live = append(m.live, h)
	m.log = append(m.log, fmt.Sprintf("%s -> %s (%p)", ident, h.f.Key(), n))
	return h
}

func (n *mNode) deps() []*mNode {
	var out []*mNode
	seen := map[*mNode]bool{}
	for _, a := range n.args {
		for _, h := range a.handles() {
			if !seen[h.n] {
				seen[h.n] = true
				out = append(out, h.n)
			}
		}
	}
	return out
}

func (n *mNode) upstreamCancelled() bool {
	for _, d := range n.deps() {
		if d.cancelled {
			return true
		}
	}
	return false
}

// cancel cancels n and, transitively, the live tasks that depend on it.
func (m *model) cancel(n *mNode) {
	if n.cancelled {
		return
	}
	n.cancelled = true
	if m.byIdent[n.ident] == n {
		delete(m.byIdent, n.ident)
	}
	for _, d := range n.deps() {
		m.decref(d)
	}
	for _, o := range m.nodes {
		if !o.cancelled {
			for _, d := range o.deps() {
				if d == n {
					m.cancel(o)
					break
				}
			}
		}
	}
}

func (m *model) decref(n *mNode) {
	n.refs--
	if n.refs == 0 && !n.cancelled {
		// Forgotten before it ran: never runs; a later identical
		// submit starts afresh.
		m.cancel(n)
	}
}

func (m *model) release(h *mHandle) {
	h.released = true
	m.log = append(m.log, fmt.Sprintf("release %s (%p)", h.f.Key(), h.n))
	for i, l := range m.live {
		if l == h {
			m.live = append(m.live[:i], m.live[i+1:]...)
			break
		}
	}
	h.f.Release()
	m.decref(h.n)
}

// eval computes n sequentially: its value, or its error message, or that
// it is cancelled. errs lists the messages a failure may carry (a task
// depending on two failed tasks fails with either's error).
func (m *model) eval(n *mNode, memo map[*mNode]mResult) mResult {
	if r, ok := memo[n]; ok {
		return r
	}
	var r mResult
	if n.cancelled {
		r.status = Cancelled
		memo[n] = r
		return r
	}
	var in []int
	for _, a := range n.args {
		switch {
		case a.isLit:
			in = append(in, a.lit)
			continue
		case a.h != nil:
			d := m.eval(a.h.n, memo)
			r.merge(d)
			in = append(in, d.v)
		default:
			s := 0
			for _, h := range a.list {
				d := m.eval(h.n, memo)
				r.merge(d)
				s += d.v
			}
			in = append(in, s) // only sum takes a list, and it sums
		}
	}
	if r.status == Error {
		memo[n] = r
		return r
	}
	if n.fn.arity == -1 {
		in = []int{in[0]}
		r.v, _ = in[0], ""
		memo[n] = r
		return r
	}
	v, msg := n.fn.eval(in)
	if msg != "" {
		r.status, r.errs = Error, []string{msg}
	} else {
		r.v = v
	}
	memo[n] = r
	return r
}

type mResult struct {
	status Status // Finished (zero value maps below), Error or Cancelled
	v      int
	errs   []string
}

func (r *mResult) merge(d mResult) {
	if d.status == Error {
		r.status = Error
		r.errs = append(r.errs, d.errs...)
	}
}
