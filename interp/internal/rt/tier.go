package rt

import (
	"sync"
	"sync/atomic"
)

// Tier slots let a function compiled in the background take over while a
// cell runs, without the interpreter: the session inserts, at the entry of
// each function that may be tiered, a test of TierFlag (through TierP, as
// checkpoints read Flag) and, when it is set, a call of Tiered with the
// function's number; a function Tiered returns is the native version, which
// the interpreted entry calls instead of running its body. The builder
// sets a slot from its own goroutine when a build is loaded; the session
// clears it once the function has been declared again as a call of the
// native one.

// TierFlag counts the slots set. It is written atomically; interpreted
// code reads it plainly (see Flag).
var TierFlag int32

// TierP points at TierFlag.
var TierP = &TierFlag

var tierSlots sync.Map // int -> any, the native function

// Tiered returns the native function of number k, or nil.
func Tiered(k int) any {
	if v, ok := tierSlots.Load(k); ok {
		return v
	}
	return nil
}

// TierOn reports whether any slot is set: what race-detector builds call
// at function entries instead of reading TierFlag.
func TierOn() bool { return atomic.LoadInt32(&TierFlag) != 0 }

// SetTiered makes fn the native function of number k; a nil fn clears the
// slot.
func SetTiered(k int, fn any) {
	if fn == nil {
		if _, had := tierSlots.LoadAndDelete(k); had {
			atomic.AddInt32(&TierFlag, -1)
		}
		return
	}
	if _, had := tierSlots.Swap(k, fn); !had {
		atomic.AddInt32(&TierFlag, 1)
	}
}
