package widget

import (
	"sync/atomic"

	"github.com/gofutures/gofutures/display"
)

// CommsMode says when a progress bar that a notebook draws for
// futures.Progress is an ipywidgets widget rather than HTML.
type CommsMode int32

const (
	// CommsAuto, the default, draws a widget when the frontend has shown
	// that it runs a Jupyter widgets manager (JupyterLab or Notebook with
	// ipywidgets installed), and HTML otherwise (nbconvert, VS Code until
	// it asks, plain Jupyter without ipywidgets).
	CommsAuto CommsMode = iota
	// CommsOn draws a widget whenever the sink can open comms. The output
	// keeps a text fallback for frontends that cannot draw it.
	CommsOn
	// CommsOff always draws the HTML bar.
	CommsOff
)

var commsMode atomic.Int32

// SetComms sets the mode for progress bars made from now on and returns
// the previous mode. A mode outside the three constants is taken as
// CommsAuto.
func SetComms(m CommsMode) CommsMode {
	if m < CommsAuto || m > CommsOff {
		m = CommsAuto
	}
	return CommsMode(commsMode.Swap(int32(m)))
}

// WantComms reports whether a progress bar shown on sink should be a
// widget under the current mode: the value for ProgressOptions.Comms.
func WantComms(sink display.Sink) bool {
	if _, ok := sink.(display.CommOpener); !ok {
		return false
	}
	switch CommsMode(commsMode.Load()) {
	case CommsOn:
		return true
	case CommsOff:
		return false
	}
	h, ok := sink.(display.WidgetHost)
	return ok && h.WidgetManager()
}

func (m CommsMode) String() string {
	switch m {
	case CommsOn:
		return "CommsOn"
	case CommsOff:
		return "CommsOff"
	}
	return "CommsAuto"
}
