//go:build amd64 || arm64

package rt

// stackUsed and gaddr are in stack_$GOARCH.s.
func stackUsed() uintptr
func gaddr() uintptr

// goroutineKey identifies the calling goroutine among the live ones: the
// address of its g, which the runtime reuses only after the goroutine
// ended (every Enter is undone by its leave before that). Unlike Goid it
// costs the same at any stack depth; runtime.Stack walks the whole stack.
func goroutineKey() uintptr { return gaddr() }
