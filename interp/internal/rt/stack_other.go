//go:build !amd64 && !arm64

package rt

// stackUsed reports 0 where the stack's bounds are not read: Enter then
// cannot stop a runaway recursion before Go's own limit ends the process.
func stackUsed() uintptr { return 0 }

// goroutineKey identifies the calling goroutine: its id.
func goroutineKey() uintptr { return uintptr(Goid()) }
