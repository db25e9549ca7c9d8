package display

import "sync"

// Some values change after they are shown: a running computation, a task
// that has not ended. A host that knows such values (the notebook's
// interpreter knows futures) registers a live shower, which Show consults
// before rendering, so that display.Show(v) and v as a cell's value draw
// the same live output while display knows nothing of the host's types.

// LiveShower shows v on out as an output that keeps changing (typically
// through a Handle it updates) and reports whether it did; false leaves v to
// FromValue. It must not block.
type LiveShower func(v any, out Sink) bool

var liveShowers struct {
	mu sync.RWMutex
	fs []*LiveShower
}

// RegisterLive adds f to the live showers that Show consults, in
// registration order, before rendering a value; the first that shows v
// wins, and Show then shows nothing else. The returned function removes f.
// Handle.Show and Handle.Update do not consult them: a handle's output is
// the value it is given, rendered by FromValue.
func RegisterLive(f func(v any, out Sink) bool) (unregister func()) {
	p := new(LiveShower)
	*p = f
	liveShowers.mu.Lock()
	liveShowers.fs = append(liveShowers.fs, p)
	liveShowers.mu.Unlock()
	return func() {
		liveShowers.mu.Lock()
		defer liveShowers.mu.Unlock()
		for i, x := range liveShowers.fs {
			if x == p {
				liveShowers.fs = append(liveShowers.fs[:i:i], liveShowers.fs[i+1:]...)
				break
			}
		}
	}
}

// showLive offers v to the live showers and reports whether one showed it.
func showLive(v any, out Sink) bool {
	liveShowers.mu.RLock()
	fs := liveShowers.fs
	liveShowers.mu.RUnlock()
	for _, f := range fs {
		if (*f)(v, out) {
			return true
		}
	}
	return false
}
