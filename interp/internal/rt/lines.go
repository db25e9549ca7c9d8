package rt

import "sync/atomic"

// Lines holds, for each instrumented function, where it last was: the
// rewritten cell stores a position code in its function's slot before
// each statement that may panic, and the session reads the slot while a
// panic unwinds, since yaegi v0.16.1 reports only the first statement of
// each function. Interpreted code stores with a plain write of an aligned
// int32 (yaegi has no atomic store of an array element, and a call costs
// a reflect.Call); Go code reads atomically, and builds with the race
// detector store through Mark instead.
//
// A slot is shared by every goroutine and every recursive call of its
// function: it names the statement that one of them reached last.
//
// Lines is a slice, never reassigned: yaegi v0.16.1 copies a package
// variable that is an array when some code indexes it (a 256 KiB copy per
// store, measured).
var Lines = make([]int32, 1<<16)

var nextSlot atomic.Uint32

// NewSlot returns a slot of Lines for a function about to be compiled.
// Slots are reused after len(Lines) functions.
func NewSlot() int { return int((nextSlot.Add(1) - 1) % uint32(len(Lines))) }

// Mark stores v in slot k.
func Mark(k int, v int32) { atomic.StoreInt32(&Lines[k], v) }

// Line returns what slot k holds.
func Line(k int) int32 { return atomic.LoadInt32(&Lines[k]) }
