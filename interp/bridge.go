package interp

import "github.com/gofutures/gofutures/display"

// showLive renders v to out as a live widget when it is a value that changes
// over time (a future, a client, a task stream), and reports whether it did.
func (s *Session) showLive(v any, out display.Sink) bool {
	return false
}
