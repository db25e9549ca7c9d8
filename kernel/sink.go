package kernel

import (
	"context"
	"errors"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gofutures/gofutures/display"
)

// Errors returned through the per-cell sink.
var (
	// ErrStdinNotAllowed is returned by Input when the frontend did not
	// allow stdin for the request, or the cell has finished.
	ErrStdinNotAllowed = errors.New("kernel: the frontend does not accept input for this request")
	// ErrCommClosed is returned by Send on a closed comm.
	ErrCommClosed = errors.New("kernel: comm is closed")
)

// maxPending is the stream text held back before a flush regardless of
// the coalescing delay.
const maxPending = 32 << 10

// cellSink is what the executor receives for one execute request. It
// implements display.Sink, display.Prompter, display.CommOpener and
// display.WidgetHost, and tells the cell's execution count (ExecutionCount)
// to executors that name cells by it.
//
// Routing: while the cell runs, everything goes out with the request as
// parent. Afterwards (goroutines outliving the cell, futures finishing
// late) it goes to the cell executing at that moment, or back to this
// cell's request when none is.
type cellSink struct {
	s          *Server
	req        *Message
	ctx        context.Context
	allowStdin bool
	count      int // the cell's execution count
	done       atomic.Bool

	mu       sync.Mutex // orders this sink's output
	pendName string
	pending  strings.Builder
	timer    *time.Timer
}

var (
	_ display.Sink       = (*cellSink)(nil)
	_ display.Settler    = (*cellSink)(nil)
	_ display.Prompter   = (*cellSink)(nil)
	_ display.CommOpener = (*cellSink)(nil)
	_ display.WidgetHost = (*cellSink)(nil)
)

func newCellSink(s *Server, req *Message, ctx context.Context, allowStdin bool, count int) *cellSink {
	return &cellSink{s: s, req: req, ctx: ctx, allowStdin: allowStdin, count: count}
}

// ExecutionCount is the execution count of the sink's cell, as the
// execute_input and the reply carry it.
func (c *cellSink) ExecutionCount() int { return c.count }

// parent is the request output is attributed to right now.
func (c *cellSink) parent() *Message {
	if !c.done.Load() {
		return c.req
	}
	if cur := c.s.current.Load(); cur != nil {
		return cur
	}
	return c.req
}

// finish flushes pending output; later output follows the routing rule.
func (c *cellSink) finish() {
	c.mu.Lock()
	c.flushLocked()
	c.done.Store(true)
	c.mu.Unlock()
}

// Stream coalesces text for a few milliseconds, so that a loop printing
// lines sends a handful of messages rather than thousands.
func (c *cellSink) Stream(name, text string) {
	if text == "" {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.pending.Len() > 0 && c.pendName != name {
		c.flushLocked()
	}
	c.pendName = name
	c.pending.WriteString(text)
	if c.pending.Len() >= maxPending {
		c.flushLocked()
		return
	}
	if c.timer == nil {
		c.timer = time.AfterFunc(c.s.opts.StreamDelay, c.flushTimer)
	}
}

func (c *cellSink) flushTimer() {
	c.mu.Lock()
	c.flushLocked()
	c.mu.Unlock()
}

func (c *cellSink) flushLocked() {
	if c.timer != nil {
		c.timer.Stop()
		c.timer = nil
	}
	if c.pending.Len() == 0 {
		return
	}
	text := c.pending.String()
	c.pending.Reset()
	c.s.publish("stream", c.parent(), map[string]any{"name": c.pendName, "text": text})
}

// Display publishes display_data.
func (c *cellSink) Display(b display.Bundle, displayID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
	c.s.publish("display_data", c.parent(), bundleContent(b, displayID))
}

// Update publishes update_display_data for displayID.
func (c *cellSink) Update(b display.Bundle, displayID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
	c.s.lateUpdate(c, bundleContent(b, displayID), displayID)
}

// Settle publishes update_display_data for displayID, as Update does, and
// then the state's text/plain as a stdout line for the frontends that
// ignore update_display_data (see settledParent).
func (c *cellSink) Settle(b display.Bundle, displayID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
	c.s.lateUpdate(c, bundleContent(b, displayID), displayID)
	text, _ := b.Data[display.MIMEText].(string)
	if text == "" {
		return
	}
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	c.s.publish("stream", c.settledParent(), map[string]any{"name": "stdout", "text": text})
}

// settledParent is the parent header of the line Settle writes: the header
// of the request that made the display, with a message id no request has.
//
// Frontends that draw outputs in place route output by the request it
// answers (the parent's msg_id): Notebook, JupyterLab and VS Code by the
// requests they sent, nbclient by the cell it runs. They drop this line,
// and show the display's last state through the update. Text consoles do
// not apply update_display_data, so without the line they would keep
// showing the display's first frame; they print whatever output their own
// client session caused (jupyter console and qtconsole compare the
// parent's session only), so they print this line, the next time they
// read output: while a cell runs, or when the user next presses Enter.
func (c *cellSink) settledParent() *Message {
	h := c.req.Header
	h.MsgID += "/settled"
	return &Message{Header: h}
}

// Clear publishes clear_output.
func (c *cellSink) Clear(wait bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.flushLocked()
	c.s.publish("clear_output", c.parent(), map[string]any{"wait": wait})
}

func bundleContent(b display.Bundle, displayID string) map[string]any {
	content := map[string]any{"data": nonNil(b.Data), "metadata": nonNil(b.Metadata)}
	transient := map[string]any{}
	if displayID != "" {
		transient["display_id"] = displayID
	}
	content["transient"] = transient
	return content
}

// Input asks the frontend for a line on the stdin channel.
func (c *cellSink) Input(ctx context.Context, prompt string, password bool) (string, error) {
	if !c.allowStdin || c.done.Load() {
		return "", ErrStdinNotAllowed
	}
	c.mu.Lock()
	c.flushLocked()
	c.mu.Unlock()
	return c.s.input.ask(ctx, c.ctx, c.s, c.req, prompt, password)
}

// OpenComm opens a comm to the frontend. Messages on it go to the request
// being handled for that comm, if any, else follow the sink's routing.
func (c *cellSink) OpenComm(target string, data, metadata map[string]any, onMsg func(map[string]any)) (display.Comm, error) {
	c.mu.Lock()
	c.flushLocked()
	c.mu.Unlock()
	return c.s.comms.open(c.s, target, data, metadata, onMsg, c.parent), nil
}

// WidgetManager reports whether the frontend has shown that it runs a
// Jupyter widgets manager that draws this kernel's widgets.
func (c *cellSink) WidgetManager() bool { return c.s.hasWidgetManager() }
