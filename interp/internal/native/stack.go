package native

import "strconv"

// Compiled code has no interpreter to bound its recursion: Go ends the
// process with "fatal error: stack overflow" when a goroutine's stack
// passes 1 GB, and no recover catches it. So the entry of every function
// of a compiled cell checks how much of its goroutine's stack is in use
// (gofutures__enter in exportsFile) and panics past maxStack, which the
// session reports as it reports any panic. Reading the stack's use needs
// the goroutine's stack bounds, which only assembly reaches: each cell's
// package gets the files below, and a zero (no check) on other
// architectures.

// maxStack is the stack compiled code may use, 64 MiB: more than a million
// nested calls of a small function, and cheap to unwind, since a native
// panic unwinds in one pass.
const maxStack = 64 << 20

var (
	maxStackText = strconv.Itoa(maxStack)
	maxStackMiB  = strconv.Itoa(maxStack >> 20)
)

// stackFiles are the files of a compiled cell's package that define
// gofutures__stackUsed: the bytes of the calling goroutine's stack in use,
// g.stack.hi (the second word of the runtime's g) minus the stack pointer.
var stackFiles = map[string]string{
	"stack_asm.go": `//go:build amd64 || arm64

package cell

func gofutures__stackUsed() uintptr
`,
	"stack_other.go": `//go:build !amd64 && !arm64

package cell

func gofutures__stackUsed() uintptr { return 0 }
`,
	"stack_amd64.s": `#include "textflag.h"

TEXT ·gofutures__stackUsed(SB), NOSPLIT, $0-8
	MOVQ TLS, CX
	MOVQ 0(CX)(TLS*1), AX
	MOVQ 8(AX), AX
	MOVQ SP, BX
	SUBQ BX, AX
	MOVQ AX, ret+0(FP)
	RET
`,
	"stack_arm64.s": `#include "textflag.h"

TEXT ·gofutures__stackUsed(SB), NOSPLIT, $0-8
	MOVD 8(g), R0
	MOVD RSP, R1
	SUB  R1, R0, R0
	MOVD R0, ret+0(FP)
	RET
`,
}
