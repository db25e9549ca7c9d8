#include "textflag.h"

// func stackUsed() uintptr
//
// stackUsed returns how many bytes of the calling goroutine's stack are in
// use: g.stack.hi (the second word of the runtime's g, whose first field
// is the stack's bounds) minus the stack pointer.
TEXT ·stackUsed(SB), NOSPLIT, $0-8
	MOVD 8(g), R0 // g.stack.hi
	MOVD RSP, R1
	SUB  R1, R0, R0
	MOVD R0, ret+0(FP)
	RET

// func gaddr() uintptr
//
// gaddr returns the address of the calling goroutine's g, the runtime's
// record of it, which identifies the goroutine while it lives.
TEXT ·gaddr(SB), NOSPLIT, $0-8
	MOVD g, R0
	MOVD R0, ret+0(FP)
	RET
