package interp

import (
	"context"
	"runtime"
	"testing"
)

// liveHeap returns the live heap after a full collection, in MiB.
func liveHeap() float64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return float64(m.HeapAlloc) / (1 << 20)
}

func TestTopLevelValuesAreFreed(t *testing.T) {
	if testing.Short() {
		t.Skip("allocates 256 MiB")
	}
	s := newSession(t)
	run := func(cell string) {
		t.Helper()
		if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
			t.Fatalf("cell %q: %v", cell, err)
		}
	}
	run("x := 1") // the session's own first allocations
	base := liveHeap()
	check := func(after string, wantLive bool) {
		t.Helper()
		h := liveHeap()
		if wantLive && h < base+200 {
			t.Fatalf("after %s: live heap %.0f MiB, want 256 MiB more than %.0f", after, h, base)
		}
		if !wantLive && h > base+64 {
			t.Errorf("after %s: live heap %.0f MiB, want no more than 64 MiB above %.0f", after, h, base)
		}
	}
	run("big := make([]byte, 256<<20)")
	check("big := make([]byte, 256<<20)", true)
	run("big = nil")
	check("big = nil", false)

	run("big := make([]byte, 256<<20)")
	check("big := make([]byte, 256<<20) again", true)
	run("big := make([]byte, 1)")
	check("declaring big again with a small slice", false)

	run("big := make([]byte, 256<<20)")
	run("big := 1")
	check("declaring big again as an int", false)

	for range 5 {
		run("len(make([]byte, 100<<20))")
	}
	check("five cells len(make([]byte, 100<<20))", false)
	for range 3 {
		run("n := len(make([]byte, 100<<20))")
	}
	check("three cells n := len(make([]byte, 100<<20))", false)
}

// TestTrivialCellsKeepLittle measures the live heap that each trivial
// cell leaves. The target is 1 KiB; yaegi's syntax trees, which the
// session now lets go (yaegi_roots.go), made it 12 KiB; what remains is
// mostly the type checker's record of each cell and the cell's own record
// for tracebacks. The test fails above 6 KiB.
func TestTrivialCellsKeepLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 1,000 cells")
	}
	s := newSession(t)
	rec := &recorder{}
	run := func() {
		if _, err := s.Execute(context.Background(), "1 + 1", rec); err != nil {
			t.Fatal(err)
		}
	}
	for range 50 {
		run()
	}
	const n = 1000
	before := liveHeap()
	for range n {
		run()
	}
	per := (liveHeap() - before) * (1 << 20) / n
	t.Logf("%.0f bytes of live heap per trivial cell", per)
	if per > 6<<10 {
		t.Errorf("each trivial cell keeps %.0f bytes of live heap, want at most 6 KiB", per)
	}
}
