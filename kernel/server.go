package kernel

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/google/uuid"
)

// Options configures a Server. Executor and Transport are required.
type Options struct {
	Executor  Executor
	Transport Transport
	// Key signs and verifies messages (the connection file's key).
	Key []byte
	// Logger receives protocol problems; nil discards them.
	Logger *slog.Logger
	// Info describes the kernel in kernel_info_reply; zero fields take
	// defaults.
	Info Info
	// CommTargets handle comm_open from the frontend, by target name.
	// Unknown targets are closed at once.
	CommTargets map[string]CommTarget
	// StreamDelay is how long stream output is coalesced before it is
	// published (default 2ms). Output is always flushed before the
	// execute_reply and before any other output of the same cell.
	StreamDelay time.Duration
}

// Info is what kernel_info_reply says about the kernel.
type Info struct {
	Implementation        string // default "gofutures"
	ImplementationVersion string // default "devel"
	LanguageVersion       string // default the Go version running the kernel
	Banner                string
	HelpLinks             []HelpLink
}

// HelpLink is one entry of the frontend's help menu.
type HelpLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

// Server is a Jupyter kernel: it serves the protocol on a Transport and
// runs cells on an Executor. Create it with NewServer, start it with Run.
type Server struct {
	opts    Options
	exec    Executor
	tr      Transport
	codec   *Codec
	log     *slog.Logger
	session string

	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
	stopMu sync.Mutex
	stop   chan struct{} // closed by shutdown_request
	closed bool

	queue   execQueue
	seq     atomic.Uint64 // sequence number of the last shell message received
	sent    atomic.Uint64 // number of the last message made (newHeader)
	current atomic.Pointer[Message]

	// lateMu orders idle-time display updates against the start of the next
	// cell; late holds, per display id, the last update sent while no cell
	// ran, to be sent again with the next cell as parent (see lateUpdate).
	lateMu sync.Mutex
	late   map[string]map[string]any

	cellMu     sync.Mutex
	cellCancel context.CancelFunc

	count   int // execution count; owned by the execute goroutine
	history history
	comms   commRegistry
	input   inputBroker

	// widgetManager is set once a frontend shows it runs a Jupyter widgets
	// manager, oldWidgetManager when that manager is ipywidgets 6 (see
	// noteWidgetManager).
	widgetManager, oldWidgetManager atomic.Bool

	shellHandlers   map[string]handler
	controlHandlers map[string]handler
}

type handler func(ch Channel, req *Message)

// NewServer checks opts and returns a server ready to Run.
func NewServer(opts Options) (*Server, error) {
	if opts.Executor == nil {
		return nil, errors.New("kernel: Options.Executor is required")
	}
	if opts.Transport == nil {
		return nil, errors.New("kernel: Options.Transport is required")
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.StreamDelay <= 0 {
		opts.StreamDelay = 2 * time.Millisecond
	}
	opts.Info = opts.Info.withDefaults()
	s := &Server{
		opts:    opts,
		exec:    opts.Executor,
		tr:      opts.Transport,
		codec:   NewCodec(opts.Key),
		log:     opts.Logger,
		session: uuid.NewString(),
		stop:    make(chan struct{}),
	}
	s.queue.init()
	s.input.init()
	s.comms.init(opts.CommTargets)
	s.shellHandlers = map[string]handler{
		"kernel_info_request": s.kernelInfo,
		"complete_request":    s.complete,
		"inspect_request":     s.inspect,
		"is_complete_request": s.isComplete,
		"history_request":     s.historyRequest,
		"comm_info_request":   s.commInfo,
		"comm_open":           s.commOpen,
		"comm_msg":            s.commMsg,
		"comm_close":          s.commClose,
		"shutdown_request":    s.shutdown,
	}
	s.controlHandlers = map[string]handler{
		"kernel_info_request": s.kernelInfo,
		"interrupt_request":   s.interruptRequest,
		"shutdown_request":    s.shutdown,
	}
	return s, nil
}

// Run serves until a shutdown_request arrives (returning nil) or ctx ends
// (returning ctx.Err()). It then interrupts the running cell, stops its
// goroutines and returns; the caller closes the transport and executor.
// Run may be called once.
func (s *Server) Run(ctx context.Context) error {
	s.ctx, s.cancel = context.WithCancel(context.Background())
	s.goFunc(func() { s.serve(Shell, s.onShell) })
	s.goFunc(func() { s.serve(Control, s.onControl) })
	s.goFunc(func() { s.serve(Stdin, s.onStdin) })
	execDone := make(chan struct{})
	go func() {
		defer close(execDone)
		s.executeLoop()
	}()
	s.status(nil, "starting")

	var err error
	select {
	case <-ctx.Done():
		err = ctx.Err()
	case <-s.stop:
	}
	s.log.Info("kernel: stopping", "reason", context.Cause(ctx), "shutdown_requested", s.stopRequested())
	s.Interrupt()
	s.cancel()
	s.queue.close()
	s.wg.Wait()
	select {
	case <-execDone:
	case <-time.After(2 * time.Second):
		// A cell blocked in a call that ignores its context cannot be
		// stopped from here; the process exit will end it.
		s.log.Warn("kernel: running cell did not stop after interrupt")
	}
	s.comms.closeAll()
	return err
}

// Interrupt cancels the context of the running cell, if any, and else
// calls InterruptIdle when the executor is an IdleInterrupter. It is what
// interrupt_request does, and what the binary calls on SIGINT.
func (s *Server) Interrupt() {
	s.cellMu.Lock()
	cancel := s.cellCancel
	s.cellMu.Unlock()
	if cancel != nil {
		cancel()
		return
	}
	if i, ok := s.exec.(IdleInterrupter); ok {
		i.InterruptIdle()
	}
}

// RegisterCommTarget makes t handle comm_open messages for target from
// the frontend, replacing any earlier handler. It is safe at any time.
func (s *Server) RegisterCommTarget(target string, t CommTarget) {
	s.comms.register(target, t)
}

func (s *Server) goFunc(f func()) {
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		f()
	}()
}

func (s *Server) stopRequested() bool {
	s.stopMu.Lock()
	defer s.stopMu.Unlock()
	return s.closed
}

func (s *Server) requestStop() {
	s.stopMu.Lock()
	defer s.stopMu.Unlock()
	if !s.closed {
		s.closed = true
		close(s.stop)
	}
}

// serve reads ch and hands every well-formed message to on.
func (s *Server) serve(ch Channel, on func(*Message)) {
	for {
		frames, err := s.tr.Recv(s.ctx, ch)
		if err != nil {
			if s.ctx.Err() == nil && !errors.Is(err, ErrClosed) {
				s.log.Error("kernel: receive failed", "channel", ch, "err", err)
			}
			return
		}
		m, err := s.codec.Decode(frames)
		if err != nil {
			s.log.Warn("kernel: dropped message", "channel", ch, "err", err)
			continue
		}
		if s.log.Enabled(s.ctx, slog.LevelDebug) { // spares the arguments' allocation
			s.log.Debug("kernel: received", "channel", ch, "msg_type", m.Header.MsgType, "msg_id", m.Header.MsgID, "session", m.Header.Session)
		}
		on(&m)
	}
}

func (s *Server) onShell(m *Message) {
	seq := s.seq.Add(1)
	if m.Header.MsgType == "execute_request" {
		s.queue.push(queued{msg: m, seq: seq})
		return
	}
	s.handle(Shell, m, s.shellHandlers)
}

func (s *Server) onControl(m *Message) {
	s.handle(Control, m, s.controlHandlers)
}

// handle answers one request, wrapped in busy and idle.
func (s *Server) handle(ch Channel, m *Message, table map[string]handler) {
	s.status(m, "busy")
	defer s.status(m, "idle")
	defer func() {
		if p := recover(); p != nil {
			s.log.Error("kernel: handler panicked", "msg_type", m.Header.MsgType, "panic", p)
		}
	}()
	if h, ok := table[m.Header.MsgType]; ok {
		h(ch, m)
		return
	}
	s.log.Warn("kernel: unknown message type", "channel", ch, "msg_type", m.Header.MsgType)
	if base, ok := strings.CutSuffix(m.Header.MsgType, "_request"); ok {
		s.reply(ch, m, base+"_reply", errorContent("UnknownMessageType",
			fmt.Sprintf("%s is not supported by this kernel", m.Header.MsgType), nil))
	}
}

func errorContent(ename, evalue string, traceback []string) map[string]any {
	if traceback == nil {
		traceback = []string{}
	}
	return map[string]any{"status": "error", "ename": ename, "evalue": evalue, "traceback": traceback}
}

// message builds an outgoing message of msgType answering parent (nil for
// none). Content already encoded (json.RawMessage) is used as it is.
func (s *Server) message(msgType string, parent *Message, content any) (Message, error) {
	b, ok := content.(json.RawMessage)
	if !ok {
		var err error
		if b, err = json.Marshal(content); err != nil {
			return Message{}, fmt.Errorf("kernel: encode %s content: %w", msgType, err)
		}
	}
	m := Message{Header: newHeader(msgType, s.session, s.sent.Add(1)), Content: b}
	if parent != nil {
		m.Parent = parent.Header
	}
	return m, nil
}

func (s *Server) send(ch Channel, m Message) {
	frames, err := s.codec.Encode(m)
	if err == nil {
		err = s.tr.Send(ch, frames)
	}
	if err != nil && !errors.Is(err, ErrClosed) {
		s.log.Error("kernel: send failed", "channel", ch, "msg_type", m.Header.MsgType, "err", err)
	}
}

// reply answers req on ch with its identities.
func (s *Server) reply(ch Channel, req *Message, msgType string, content any) {
	m, err := s.message(msgType, req, content)
	if err != nil {
		s.log.Error("kernel: reply dropped", "err", err)
		return
	}
	m.Identities = req.Identities
	s.send(ch, m)
}

// publish sends on iopub, with the message type as topic.
func (s *Server) publish(msgType string, parent *Message, content any) {
	s.publishFull(msgType, parent, content, nil, nil)
}

func (s *Server) publishFull(msgType string, parent *Message, content any, metadata map[string]any, buffers [][]byte) {
	m, err := s.message(msgType, parent, content)
	if err != nil {
		s.log.Error("kernel: publish dropped", "err", err)
		return
	}
	m.Identities = [][]byte{[]byte(msgType)}
	m.Metadata = metadata
	m.Buffers = buffers
	s.send(IOPub, m)
}

// statusContent is the content of each status message, encoded once.
var statusContent = map[string]json.RawMessage{
	"busy":     json.RawMessage(`{"execution_state":"busy"}`),
	"idle":     json.RawMessage(`{"execution_state":"idle"}`),
	"starting": json.RawMessage(`{"execution_state":"starting"}`),
}

func (s *Server) status(parent *Message, state string) {
	s.publish("status", parent, statusContent[state])
}
