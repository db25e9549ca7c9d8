package display

import "context"

// Sink receives everything a cell shows. The kernel implements it once per
// execute request; a plain program can implement it to print to a terminal.
//
// Implementations are safe for use from many goroutines, and may be called
// after the cell that received them has finished (the kernel then routes
// the output to whichever cell is running, or back to its own cell).
type Sink interface {
	// Stream writes text to the named stream, "stdout" or "stderr".
	Stream(name, text string)
	// Display shows b as a new output. A non-empty displayID lets later
	// Update calls replace it in place.
	Display(b Bundle, displayID string)
	// Update replaces every output shown with displayID by b.
	Update(b Bundle, displayID string)
	// Clear clears the cell's output; with wait, only when the next output
	// arrives, which avoids flicker.
	Clear(wait bool)
}

// Settler is implemented by sinks that can tell every frontend the last
// state of a display, including frontends that ignore in-place updates
// (jupyter console and other text consoles, which show a display once, as
// it first was). Settle replaces every output shown with displayID by b,
// as Update does, and marks b as that display's last state; the kernel
// then also writes b's text/plain as a line for such frontends only.
type Settler interface {
	Settle(b Bundle, displayID string)
}

// Prompter is implemented by sinks that can ask the user for a line of
// input, as Jupyter's stdin channel does. Input returns an error when the
// frontend does not allow input or ctx ends first.
type Prompter interface {
	Input(ctx context.Context, prompt string, password bool) (string, error)
}

// Comm is one open comm channel to the frontend (Jupyter's comm_open,
// comm_msg, comm_close), as ipywidgets use.
type Comm interface {
	ID() string
	// Send sends a comm_msg with data and optional binary buffers.
	Send(data map[string]any, buffers [][]byte) error
	// Close sends comm_close. It is idempotent.
	Close() error
}

// CommOpener is implemented by sinks that can open comms to the frontend.
// onMsg, when not nil, receives each comm_msg data the frontend sends on the
// comm; it is called on a kernel goroutine and must not block.
type CommOpener interface {
	OpenComm(target string, data, metadata map[string]any, onMsg func(data map[string]any)) (Comm, error)
}

// WidgetHost is implemented by sinks that know whether the frontend runs a
// Jupyter widgets manager, which draws widgets that kernels open over
// comms. WidgetManager reports true once the frontend has shown one, for
// example by asking the kernel about its widget comms.
type WidgetHost interface {
	WidgetManager() bool
}
