package displaytest

import (
	"fmt"
	"strings"
	"sync"

	"github.com/gofutures/gofutures/display"
)

// Event is one thing a Recorder received.
type Event struct {
	// Kind is "stream", "display", "update", "clear", "comm_open",
	// "comm_msg" or "comm_close".
	Kind string
	// ID is the display id (display, update) or the comm id (comm_*).
	ID string
	// Bundle is the output of display and update.
	Bundle display.Bundle
	// Name and Text are the stream and its text.
	Name, Text string
	// Wait is clear's argument.
	Wait bool
	// Settled marks an update sent with Settle: the display's last state.
	Settled bool
	// Target, Data and Metadata are a comm's target name, message data and
	// comm_open metadata.
	Target   string
	Data     map[string]any
	Metadata map[string]any
}

// String is a one-line summary: the kind, the id, and the text/plain of a
// bundle or the method of a comm message. Tests compare these lines.
func (e Event) String() string {
	switch e.Kind {
	case "stream":
		return fmt.Sprintf("stream %s %q", e.Name, e.Text)
	case "display", "update":
		return fmt.Sprintf("%s %s %v", e.Kind, e.ID, e.Bundle.Data[display.MIMEText])
	case "clear":
		return fmt.Sprintf("clear %v", e.Wait)
	case "comm_open":
		return fmt.Sprintf("comm_open %s %s", e.ID, e.Target)
	case "comm_msg":
		return fmt.Sprintf("comm_msg %s %v", e.ID, e.Data["method"])
	}
	return e.Kind + " " + e.ID
}

// Recorder is a display.Sink, display.Settler, display.CommOpener and
// display.WidgetHost that records what it receives, in order. It is safe for use from many
// goroutines.
type Recorder struct {
	// Widgets is what WidgetManager reports: whether the pretended
	// frontend runs a Jupyter widgets manager. Set it before use.
	Widgets bool

	mu     sync.Mutex
	events []Event
	comms  map[string]func(map[string]any)
	nextID int
}

var (
	_ display.Sink       = (*Recorder)(nil)
	_ display.Settler    = (*Recorder)(nil)
	_ display.CommOpener = (*Recorder)(nil)
	_ display.WidgetHost = (*Recorder)(nil)
)

func (r *Recorder) add(e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

// Stream records a stream event.
func (r *Recorder) Stream(name, text string) { r.add(Event{Kind: "stream", Name: name, Text: text}) }

// Display records a display event.
func (r *Recorder) Display(b display.Bundle, id string) {
	r.add(Event{Kind: "display", ID: id, Bundle: b})
}

// Update records an update event.
func (r *Recorder) Update(b display.Bundle, id string) {
	r.add(Event{Kind: "update", ID: id, Bundle: b})
}

// Settle records an update event marked Settled.
func (r *Recorder) Settle(b display.Bundle, id string) {
	r.add(Event{Kind: "update", ID: id, Bundle: b, Settled: true})
}

// Clear records a clear event.
func (r *Recorder) Clear(wait bool) { r.add(Event{Kind: "clear", Wait: wait}) }

// WidgetManager reports r.Widgets.
func (r *Recorder) WidgetManager() bool { return r.Widgets }

// OpenComm records a comm_open and returns a comm whose ids count up from
// "comm-1". Deliver sends it messages as the frontend would.
func (r *Recorder) OpenComm(target string, data, metadata map[string]any, onMsg func(map[string]any)) (display.Comm, error) {
	r.mu.Lock()
	r.nextID++
	id := fmt.Sprintf("comm-%d", r.nextID)
	if r.comms == nil {
		r.comms = map[string]func(map[string]any){}
	}
	r.comms[id] = onMsg
	r.events = append(r.events, Event{Kind: "comm_open", ID: id, Target: target, Data: data, Metadata: metadata})
	r.mu.Unlock()
	return &comm{r: r, id: id}, nil
}

// Deliver hands data to the onMsg of comm id, as a comm_msg from the
// frontend, and reports whether that comm is open and listening.
func (r *Recorder) Deliver(id string, data map[string]any) bool {
	r.mu.Lock()
	f := r.comms[id]
	r.mu.Unlock()
	if f == nil {
		return false
	}
	f(data)
	return true
}

// Events returns a copy of what was recorded.
func (r *Recorder) Events() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

// Lines returns the String of each event.
func (r *Recorder) Lines() []string {
	var ls []string
	for _, e := range r.Events() {
		ls = append(ls, e.String())
	}
	return ls
}

// Count returns how many events of the given kind were recorded.
func (r *Recorder) Count(kind string) int {
	n := 0
	for _, e := range r.Events() {
		if e.Kind == kind {
			n++
		}
	}
	return n
}

// Last returns the last event of the given kind, and whether there was one.
func (r *Recorder) Last(kind string) (Event, bool) {
	es := r.Events()
	for i := len(es) - 1; i >= 0; i-- {
		if es[i].Kind == kind {
			return es[i], true
		}
	}
	return Event{}, false
}

// Reset forgets the recorded events (open comms stay open).
func (r *Recorder) Reset() {
	r.mu.Lock()
	r.events = nil
	r.mu.Unlock()
}

// String returns Lines joined by newlines.
func (r *Recorder) String() string { return strings.Join(r.Lines(), "\n") }

type comm struct {
	r    *Recorder
	id   string
	once sync.Once
}

func (c *comm) ID() string { return c.id }

func (c *comm) Send(data map[string]any, buffers [][]byte) error {
	c.r.add(Event{Kind: "comm_msg", ID: c.id, Data: data})
	return nil
}

func (c *comm) Close() error {
	c.once.Do(func() {
		c.r.mu.Lock()
		delete(c.r.comms, c.id)
		c.r.events = append(c.r.events, Event{Kind: "comm_close", ID: c.id})
		c.r.mu.Unlock()
	})
	return nil
}

// SinkOnly hides every capability of a sink but display.Sink, such as
// CommOpener, to test the fallbacks of code that looks for them.
type SinkOnly struct{ display.Sink }
