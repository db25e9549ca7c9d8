package rt

import (
	"errors"
	"testing"
)

// deep recurses n times and returns stackUsed at the bottom.
func deep(n int) uintptr {
	var pad [256]byte
	if n == 0 {
		return stackUsed() + uintptr(pad[0])
	}
	return deep(n-1) + uintptr(pad[n%256])
}

func TestStackUsedGrowsWithDepth(t *testing.T) {
	if stackUsed() == 0 {
		t.Skip("stackUsed is not implemented on this architecture")
	}
	shallow, far := deep(1), deep(10000)
	if shallow == 0 || shallow > 1<<20 {
		t.Fatalf("stackUsed at depth 1 = %d, want a small positive number", shallow)
	}
	if far < shallow+10000*256 || far > shallow+10000*4096 {
		t.Fatalf("stackUsed at depth 10000 = %d, at depth 1 = %d: want about 10000 frames of 256+ bytes more", far, shallow)
	}
}

func TestEnterPanicsPastTheLimit(t *testing.T) {
	if stackUsed() == 0 {
		t.Skip("stackUsed is not implemented on this architecture")
	}
	defer SetMaxStack(SetMaxStack(512 << 10))
	var rec func(n int) int
	rec = func(n int) int {
		Enter()
		var pad [128]byte
		return rec(n+1) + int(pad[n%128])
	}
	var err error
	func() {
		defer func() { err, _ = recover().(error) }()
		rec(0)
	}()
	var so *StackOverflowError
	if !errors.As(err, &so) || so.Used < 512<<10 || so.Used > 1<<20 {
		t.Fatalf("recover() = %v, want a *StackOverflowError at about 512 KiB", err)
	}
}

func TestGoroutineKeyIsPerGoroutine(t *testing.T) {
	here := goroutineKey()
	if goroutineKey() != here {
		t.Fatal("goroutineKey changed on the same goroutine")
	}
	other := make(chan uintptr)
	go func() { other <- goroutineKey() }()
	if k := <-other; k == here {
		t.Fatalf("two live goroutines have the same key %#x", k)
	}
	deep(10000) // the stack moves: the key stays
	if goroutineKey() != here {
		t.Fatal("goroutineKey changed after the stack grew")
	}
}
