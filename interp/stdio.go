package interp

import (
	"go/token"
	"io"
	"sync"
	"sync/atomic"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/internal/rt"
	"github.com/gofutures/gofutures/interp/internal/yaegimsg"
)

// taskInfo is what the session keeps on an rt.Task: where its output goes
// and the panic frames yaegi printed for it.
type taskInfo struct {
	s    *Session // the session whose cell or futures task it is
	sink display.Sink
	cell *cell // the cell that started the task; nil for a futures task

	killed atomic.Bool // an interrupt killed a command the task started (exec.go)

	mu     sync.Mutex
	frames []panicFrame

	files []*token.File // yaegi's files of the cell's evaluations (cell_forget.go); guarded by Session.compile
}

// maxFrames is how many frames a traceback keeps, innermost first: a
// runaway recursion unwinds through some 80,000 (see rt.Enter).
const maxFrames = 1000

func (t *taskInfo) addFrame(s panicFrame) {
	t.mu.Lock()
	defer t.mu.Unlock()
	switch n := len(t.frames); {
	case n < maxFrames:
		t.frames = append(t.frames, s)
	case n == maxFrames:
		t.frames = append(t.frames, panicFrame{slot: -1, omitted: 1})
	default:
		t.frames[n-1].omitted++
	}
}

// takeFrames returns and forgets the frames collected so far.
func (t *taskInfo) takeFrames() []panicFrame {
	t.mu.Lock()
	defer t.mu.Unlock()
	f := t.frames
	t.frames = nil
	return f
}

// stream is the writer yaegi gets as Options.Stdout or Options.Stderr.
// A write goes to the sink of the writing goroutine's task (the cell that
// started it, even after that cell ended), else to the sink of the latest
// cell, else to the session's fallback writer. The "L:C: panic: f(...)"
// lines yaegi prints to stderr while a panic unwinds are kept for the
// error's traceback instead, with where the function was (see
// rewrite_pos.go), read at once, before other goroutines move on.
type stream struct {
	s        *Session
	name     string
	fallback io.Writer
}

func (w *stream) Write(p []byte) (int, error) {
	var info *taskInfo
	if t := rt.Current(); t != nil {
		info, _ = t.Data.(*taskInfo)
	}
	if w.name == "stderr" && info != nil && yaegimsg.IsFrame(trimNL(p)) {
		if !w.s.tierHidden(trimNL(p)) {
			info.addFrame(w.s.panicFrame(string(trimNL(p))))
		}
		return len(p), nil
	}
	var sink display.Sink
	if info != nil {
		sink = info.sink
	}
	if sink == nil {
		if box := w.s.last.Load(); box != nil {
			sink = box.s
		}
	}
	if sink == nil {
		return w.fallback.Write(p)
	}
	sink.Stream(w.name, string(p))
	return len(p), nil
}

func trimNL(p []byte) []byte {
	for len(p) > 0 && (p[len(p)-1] == '\n' || p[len(p)-1] == '\r') {
		p = p[:len(p)-1]
	}
	return p
}

// cellSink returns the sink of the session's latest cell, where display
// output goes (display.Current, through routeSink) from the goroutines of
// its cells and tasks; nil before the first cell.
func (s *Session) cellSink() display.Sink {
	if box := s.last.Load(); box != nil {
		return box.s
	}
	return nil
}

func init() { display.Route(routeSink) }

// routeSink is display's routing (display.Route): for a goroutine of a
// session's cell or futures task, the sink of that session's latest cell,
// so that sessions in one process keep their display output apart. A
// goroutine of no session (compiled code's own) gets nil, and so the sink
// display.Use installed last, which is the latest cell's of any session.
func routeSink() display.Sink {
	if t := rt.Current(); t != nil {
		if info, ok := t.Data.(*taskInfo); ok && info.s != nil {
			return info.s.cellSink()
		}
	}
	return nil
}

// sinkBox lets an atomic.Pointer hold an interface.
type sinkBox struct{ s display.Sink }
