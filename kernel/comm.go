package kernel

import (
	"sync"
	"sync/atomic"

	"github.com/gofutures/gofutures/display"
	"github.com/google/uuid"
)

// CommTarget handles a comm the frontend opens for one target name. It
// receives the comm (to send on or close) and the comm_open data, and
// returns the function that receives later comm_msg data on it (nil to
// ignore them). It runs on the shell goroutine and must not block.
type CommTarget func(c display.Comm, data map[string]any) (onMsg func(data map[string]any))

// commRegistry holds the open comms of both directions.
type commRegistry struct {
	mu      sync.Mutex
	comms   map[string]*comm
	targets map[string]CommTarget
}

func (r *commRegistry) init(targets map[string]CommTarget) {
	r.comms = map[string]*comm{}
	r.targets = map[string]CommTarget{}
	for k, v := range targets {
		r.targets[k] = v
	}
}

func (r *commRegistry) register(target string, t CommTarget) {
	r.mu.Lock()
	r.targets[target] = t
	r.mu.Unlock()
}

func (r *commRegistry) target(name string) CommTarget {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.targets[name]
}

func (r *commRegistry) get(id string) *comm {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.comms[id]
}

func (r *commRegistry) add(c *comm) {
	r.mu.Lock()
	r.comms[c.id] = c
	r.mu.Unlock()
}

func (r *commRegistry) remove(id string) *comm {
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.comms[id]
	delete(r.comms, id)
	return c
}

// list returns comm id -> target for comm_info_reply, filtered by target
// when it is not empty.
func (r *commRegistry) list(target string) map[string]any {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := map[string]any{}
	for id, c := range r.comms {
		if target == "" || c.target == target {
			out[id] = map[string]any{"target_name": c.target}
		}
	}
	return out
}

// closeAll forgets every comm at shutdown without messages.
func (r *commRegistry) closeAll() {
	r.mu.Lock()
	for id, c := range r.comms {
		c.closed.Store(true)
		delete(r.comms, id)
	}
	r.mu.Unlock()
}

// open registers a kernel-side comm and publishes comm_open.
func (r *commRegistry) open(s *Server, target string, data, metadata map[string]any, onMsg func(map[string]any), parent func() *Message) *comm {
	c := &comm{s: s, id: uuid.NewString(), target: target, parent: parent}
	c.onMsg.Store(&onMsg)
	r.add(c)
	s.publishFull("comm_open", c.parentNow(), map[string]any{
		"comm_id": c.id, "target_name": target, "data": nonNil(data),
	}, metadata, nil)
	return c
}

// comm is one open comm, opened by either side.
type comm struct {
	s       *Server
	id      string
	target  string
	parent  func() *Message // default parent of outgoing messages
	inbound atomic.Pointer[Message]
	onMsg   atomic.Pointer[func(map[string]any)]
	closed  atomic.Bool
}

var _ display.Comm = (*comm)(nil)

func (c *comm) ID() string { return c.id }

// parentNow is the frontend message being handled on this comm, if any,
// so that replies such as a widget's state reach whoever asked.
func (c *comm) parentNow() *Message {
	if m := c.inbound.Load(); m != nil {
		return m
	}
	return c.parent()
}

// Send publishes comm_msg.
func (c *comm) Send(data map[string]any, buffers [][]byte) error {
	if c.closed.Load() {
		return ErrCommClosed
	}
	c.s.publishFull("comm_msg", c.parentNow(), map[string]any{"comm_id": c.id, "data": nonNil(data)}, nil, buffers)
	return nil
}

// Close publishes comm_close once.
func (c *comm) Close() error {
	if !c.closed.CompareAndSwap(false, true) {
		return nil
	}
	c.s.comms.remove(c.id)
	c.s.publish("comm_close", c.parentNow(), map[string]any{"comm_id": c.id, "data": map[string]any{}})
	return nil
}

type commContent struct {
	CommID     string         `json:"comm_id"`
	TargetName string         `json:"target_name"`
	Data       map[string]any `json:"data"`
}

// commOpen handles comm_open from the frontend.
func (s *Server) commOpen(_ Channel, req *Message) {
	var cc commContent
	if err := req.DecodeContent(&cc); err != nil || cc.CommID == "" {
		s.log.Warn("kernel: bad comm_open", "err", err)
		return
	}
	s.noteWidgetManager(cc.TargetName)
	t := s.comms.target(cc.TargetName)
	if t == nil {
		s.log.Info("kernel: comm_open for unknown target", "target", cc.TargetName)
		s.publish("comm_close", req, map[string]any{"comm_id": cc.CommID, "data": map[string]any{}})
		return
	}
	c := &comm{s: s, id: cc.CommID, target: cc.TargetName, parent: func() *Message { return req }}
	s.comms.add(c)
	c.inbound.Store(req)
	defer c.inbound.Store(nil)
	onMsg := t(c, nonNil(cc.Data))
	c.onMsg.Store(&onMsg)
}

// commMsg hands comm_msg data to the comm's receiver.
func (s *Server) commMsg(_ Channel, req *Message) {
	var cc commContent
	if err := req.DecodeContent(&cc); err != nil {
		s.log.Warn("kernel: bad comm_msg", "err", err)
		return
	}
	c := s.comms.get(cc.CommID)
	if c == nil {
		s.log.Warn("kernel: comm_msg for unknown comm", "comm_id", cc.CommID)
		return
	}
	f := c.onMsg.Load()
	if f == nil || *f == nil {
		return
	}
	c.inbound.Store(req)
	defer c.inbound.Store(nil)
	(*f)(nonNil(cc.Data))
}

// commClose forgets a comm the frontend closed.
func (s *Server) commClose(_ Channel, req *Message) {
	var cc commContent
	if err := req.DecodeContent(&cc); err != nil {
		s.log.Warn("kernel: bad comm_close", "err", err)
		return
	}
	if c := s.comms.remove(cc.CommID); c != nil {
		c.closed.Store(true)
	}
}

func (s *Server) commInfo(ch Channel, req *Message) {
	var r struct {
		TargetName string `json:"target_name"`
	}
	_ = req.DecodeContent(&r)
	s.noteWidgetManager(r.TargetName)
	s.reply(ch, req, "comm_info_reply", map[string]any{"status": "ok", "comms": s.comms.list(r.TargetName)})
}

// Comm targets that only a Jupyter widgets manager asks about: ipywidgets 8
// opens the control comm to restore widgets when it connects, and falls
// back to a comm_info_request for the widget target, as ipywidgets 7 does.
var widgetManagerTargets = map[string]bool{
	"jupyter.widget":         true,
	"jupyter.widget.control": true,
}

// widgetVersionTarget is the comm ipywidgets 6 opens to check the kernel's
// widgets version. That manager speaks protocol 1 and cannot draw the
// protocol 2 widgets this kernel's cells make (it also asks comm_info for
// the widget target, so this must win).
const widgetVersionTarget = "jupyter.widget.version"

// noteWidgetManager records what comm traffic says of the frontend's
// widgets manager.
func (s *Server) noteWidgetManager(target string) {
	switch {
	case target == widgetVersionTarget:
		s.oldWidgetManager.Store(true)
	case widgetManagerTargets[target]:
		s.widgetManager.Store(true)
	}
}

// hasWidgetManager reports whether the frontend runs a widgets manager
// that draws protocol 2 widgets.
func (s *Server) hasWidgetManager() bool {
	return s.widgetManager.Load() && !s.oldWidgetManager.Load()
}
