#include "textflag.h"

// func stackUsed() uintptr
//
// stackUsed returns how many bytes of the calling goroutine's stack are in
// use: g.stack.hi (the second word of the runtime's g, whose first field
// is the stack's bounds) minus the stack pointer.
TEXT ·stackUsed(SB), NOSPLIT, $0-8
	MOVQ TLS, CX
	MOVQ 0(CX)(TLS*1), AX // g
	MOVQ 8(AX), AX        // g.stack.hi
	MOVQ SP, BX
	SUBQ BX, AX
	MOVQ AX, ret+0(FP)
	RET

// func gaddr() uintptr
//
// gaddr returns the address of the calling goroutine's g, the runtime's
// record of it, which identifies the goroutine while it lives.
TEXT ·gaddr(SB), NOSPLIT, $0-8
	MOVQ TLS, CX
	MOVQ 0(CX)(TLS*1), AX
	MOVQ AX, ret+0(FP)
	RET
