package rt

import "sync/atomic"

// Lines holds, for each instrumented function of a session, where it last
// was: the rewritten cell stores a position code in its function's slot
// before each statement that may panic, and the session reads the slot
// while a panic unwinds, since yaegi v0.16.1 reports only the first
// statement of each function. Interpreted code stores with a plain write
// of an aligned int32 (yaegi has no atomic store of an array element, and
// a call costs a reflect.Call); Go code reads atomically, and builds with
// the race detector store through Mark instead.
//
// A slot is shared by every goroutine and every recursive call of its
// function: it names the statement that one of them reached last. Each
// session has Lines of its own, so that sessions in one process never
// share a slot.
type Lines struct {
	// Slots is what interpreted code stores into (the session binds it
	// as __rt.Lines). It is a slice, never reassigned: yaegi v0.16.1
	// copies a package variable that is an array when some code indexes
	// it (a 256 KiB copy per store, measured).
	Slots []int32
	next  atomic.Uint32
}

// LinesSlots is how many slots NewLines makes.
const LinesSlots = 1 << 16

// NewLines returns Lines of LinesSlots slots (256 KiB).
func NewLines() *Lines { return &Lines{Slots: make([]int32, LinesSlots)} }

// NewSlot returns a slot for a function about to be compiled. Slots are
// reused after len(Slots) functions.
func (l *Lines) NewSlot() int { return int((l.next.Add(1) - 1) % uint32(len(l.Slots))) }

// Mark stores v in slot k.
func (l *Lines) Mark(k int, v int32) { atomic.StoreInt32(&l.Slots[k], v) }

// Line returns what slot k holds.
func (l *Lines) Line(k int) int32 { return atomic.LoadInt32(&l.Slots[k]) }
