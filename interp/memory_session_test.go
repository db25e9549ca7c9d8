package interp

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"strings"
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

// TestTopLevelVarValuesAreFreed is TestTopLevelValuesAreFreed for
// `var x = v`, which the session declares with its checked type and
// assigns in a func init, as it does `x := v` (lower_typed.go).
func TestTopLevelVarValuesAreFreed(t *testing.T) {
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
	run("x := 1")
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
	for _, decl := range []string{
		"var m = make([]byte, 256<<20)",
		"var m []byte = make([]byte, 256<<20)",
		"var (\n\tm = make([]byte, 256<<20)\n\tk = 1\n)",
		"var m, k = make([]byte, 256<<20), 1",
		"var m, k = func() ([]byte, int) { return make([]byte, 256<<20), 1 }()",
	} {
		run(decl)
		check(decl, true)
		run("m = nil")
		check(decl+", then m = nil", false)
	}

	run("var m = make([]byte, 256<<20)")
	run("var m = 1")
	check("declaring m again as an int", false)

	for range 3 {
		run("var n = len(make([]byte, 100<<20))")
	}
	check("three cells var n = len(make([]byte, 100<<20))", false)

	run("import \"fmt\"\nvar e error = fmt.Errorf(\"x%d\", len(make([]byte, 100<<20)))")
	run("var w = []any{len(make([]byte, 100<<20)), e}")
	check("var e error = ..., var w = []any{...}", false)
	if b, err := s.Execute(context.Background(), "fmt.Sprint(e, w)", &recorder{}); err != nil {
		t.Fatal(err)
	} else if got := b.Data["text/plain"]; got != "x104857600 [104857600 x104857600]" {
		t.Errorf("fmt.Sprint(e, w) = %v, want x104857600 [104857600 x104857600]", got)
	}
}

// TestTrivialCellsKeepLittle measures the live heap that each trivial
// cell leaves, and each cell that declares a variable or a constant
// again. The target is under 1 KiB; once yaegi's syntax trees went
// (yaegi_roots.go) it was 3.7 KiB, mostly the type checker's findings and
// the cell's record; the session now keeps nothing of such cells
// (cell_forget.go), and some 30 bytes remain.
func TestTrivialCellsKeepLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 2,500 cells")
	}
	for _, tc := range []struct {
		cell string
		n    int
	}{
		{"1 + 1", 1000},
		{"x := 1", 500},
		{"var y = 2", 500},
		{"const k = 3", 500},
	} {
		t.Run(tc.cell, func(t *testing.T) {
			s := newSession(t)
			rec := &recorder{}
			run := func() {
				if _, err := s.Execute(context.Background(), tc.cell, rec); err != nil {
					t.Fatal(err)
				}
			}
			for range 50 {
				run()
			}
			before := liveHeap()
			for range tc.n {
				run()
			}
			per := (liveHeap() - before) * (1 << 20) / float64(tc.n)
			t.Logf("%.0f bytes of live heap per cell %q", per, tc.cell)
			if per > 1<<10 {
				t.Errorf("each cell %q keeps %.0f bytes of live heap, want under 1 KiB", tc.cell, per)
			}
		})
	}
}

// TestForgottenCellsKeepTracebacks checks that what the session keeps of
// a cell once it ran (cell_forget.go) still names and quotes the lines of
// its functions and closures when they panic later, after trivial cells,
// which it forgets, ran in between.
func TestForgottenCellsKeepTracebacks(t *testing.T) {
	s := newSession(t)
	run := func(cell string) error {
		t.Helper()
		_, err := s.Execute(context.Background(), cell, &recorder{})
		return err
	}
	for _, cell := range []string{
		"func boom(xs []int) int {\n\treturn xs[3]\n}",
		"x := 0\nf := func(xs []int) int {\n\treturn xs[5]\n}",
	} {
		if err := run(cell); err != nil {
			t.Fatalf("cell %q: %v", cell, err)
		}
	}
	for i := range 30 {
		if err := run(fmt.Sprintf("x = %d\n1 + 1", i)); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct{ cell, frame, quote string }{
		{"boom(nil)", "In [1], line 2, in boom", "   2 | \treturn xs[3]"},
		{"f(nil)", "In [2], line 3", "   3 | \treturn xs[5]"},
	} {
		var e *Error
		if err := run(tc.cell); !errors.As(err, &e) || e.Kind != "panic" {
			t.Fatalf("cell %q: got %v, want a panic", tc.cell, err)
		}
		trace := strings.Join(e.Trace, "\n")
		if !strings.Contains(trace, tc.frame) || !strings.Contains(trace, tc.quote) {
			t.Errorf("cell %q: trace\n%s\nwant a frame %q quoting %q", tc.cell, trace, tc.frame, tc.quote)
		}
	}
}

// TestRedeclaredFunctionsKeepLittle measures the live heap that each cell
// declaring a function again leaves. Each declaration has a guard of its
// own (rewrite_func.go), a global that the functions compiled before it
// test; the cell that declared it is forgotten (cell_forget.go).
func TestRedeclaredFunctionsKeepLittle(t *testing.T) {
	if testing.Short() {
		t.Skip("runs 550 cells")
	}
	s := newSession(t)
	run := func(cell string) {
		t.Helper()
		if _, err := s.Execute(context.Background(), cell, &recorder{}); err != nil {
			t.Fatal(err)
		}
	}
	run("func g(x int) int { return f(x) }\nfunc f(x int) int { return x + 1 }")
	for range 50 {
		run("func f(x int) int { return x + 1 }")
	}
	const n = 500
	before := liveHeap()
	for range n {
		run("func f(x int) int { return x + 1 }")
	}
	per := (liveHeap() - before) * (1 << 20) / n
	t.Logf("%.0f bytes of live heap per declaration of f", per)
	if raceBuild {
		// The race detector's builds keep guards in rt, not in the flag
		// blocks the kernel's build declares (funcguard_race.go), and
		// keep about 5 KB a declaration: the bound is for the kernel's form.
		return
	}
	if per > 4<<10 {
		t.Errorf("each declaration of f again keeps %.0f bytes of live heap, want under 4 KiB", per)
	}
}
