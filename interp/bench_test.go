package interp

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"
)

// The benchmarks report per-cell and per-loop figures as metrics, so that
// `make bench-interp`, which runs each benchmark once (-benchtime 1x),
// still measures a warm session.

func benchSession(b *testing.B) *Session {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	return s
}

// benchCells runs cell 200 times per iteration and reports µs/cell.
func benchCells(b *testing.B, cell string) {
	s := benchSession(b)
	rec := &recorder{}
	run := func() {
		if _, err := s.Execute(context.Background(), cell, rec); err != nil {
			b.Fatal(err)
		}
	}
	for range 20 { // warm up
		run()
	}
	const perOp = 200
	start := time.Now()
	n := 0
	for b.Loop() {
		for range perOp {
			run()
		}
		n += perOp
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(n), "µs/cell")
}

func BenchmarkTrivialCell(b *testing.B) { benchCells(b, "1 + 1") }

func BenchmarkDeclareFuncCell(b *testing.B) { benchCells(b, "func sq(x int) int { return x * x }") }

// callLoop and markedLoop are cells whose run makes 1e6 calls; %[1]s
// prefixes their names, so that the same source can be given to yaegi
// without the rewrite.
const callLoop = `func %[1]sadd(a, b int) int { return a + b }
func %[1]srun() int { s := 0; for i := 0; i < 1000000; i++ { s = %[1]sadd(s, i) }; return s }`

// markedLoop has two statements that may panic in the function it calls
// and in its loop, so that each carries a position mark.
const markedLoop = `func %[1]sget(xs []int, i int) int { j := xs[i]; return xs[j-1] }
func %[1]srun() int { xs := []int{1, 2}; s := 0; for i := 0; i < 1000000; i++ { s = s + %[1]sget(xs, 1); s = s %% 1000 }; return s }`

// BenchmarkCalls1e6 runs 1e6 calls of a small interpreted function: as a
// cell (with its checkpoints, and the guard that lets a later cell declare
// the function again, rewrite_func.go), as the same source given to yaegi
// without the rewrite, and as compiled Go, the floor. The ratio of the
// first two is the cost of the rewrite.
func BenchmarkCalls1e6(b *testing.B) { benchLoop(b, callLoop) }

// BenchmarkMarkedCalls1e6 is BenchmarkCalls1e6 with position marks: two
// in the function called, two in the loop.
func BenchmarkMarkedCalls1e6(b *testing.B) { benchLoop(b, markedLoop) }

func benchLoop(b *testing.B, loop string) {
	s := benchSession(b)
	rec := &recorder{}
	if _, err := s.Execute(context.Background(), fmt.Sprintf(loop, ""), rec); err != nil {
		b.Fatal(err)
	}
	if _, err := s.eval("package main\n" + fmt.Sprintf(loop, "plain_")); err != nil {
		b.Fatal(err)
	}
	var inst, plain time.Duration
	for b.Loop() {
		// Alternate, so that both see the same machine load.
		t0 := time.Now()
		if _, err := s.Execute(context.Background(), "run()", rec); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if _, err := s.eval("plain_run()"); err != nil {
			b.Fatal(err)
		}
		inst += t1.Sub(t0)
		plain += time.Since(t1)
	}
	add := func(a, b int) int { return a + b }
	t0 := time.Now()
	x := 0
	for i := 0; i < 1000000; i++ {
		x = add(x, i)
	}
	compiled := time.Since(t0)
	sink = x
	b.ReportMetric(float64(inst.Milliseconds())/float64(b.N), "ms/cell-loop")
	b.ReportMetric(float64(plain.Milliseconds())/float64(b.N), "ms/plain-loop")
	b.ReportMetric(float64(compiled.Microseconds())/1000, "ms/compiled-loop")
	b.ReportMetric(100*(float64(inst)/float64(plain)-1), "%instrumentation")
}

var sink int

const methodLoop = `type acc struct{ n int }
func (a acc) add(x, y int) int { return x + y }
func runM() int { a := acc{}; s := 0; for i := 0; i < 1000000; i++ { s = a.add(s, i) }; return s }`

// indirectLoop is methodLoop with the method's body held in a func
// variable that the method calls, a lowering that would also let later
// cells change the method.
const indirectLoop = `type indAcc struct{ n int }
var indAdd func(indAcc, int, int) int = func(a indAcc, x, y int) int { return x + y }
func (a indAcc) add(x, y int) int { return indAdd(a, x, y) }
func indRunM() int { a := indAcc{}; s := 0; for i := 0; i < 1000000; i++ { s = a.add(s, i) }; return s }`

// BenchmarkMethodCalls1e6 runs 1e6 calls of a small interpreted method: as
// a cell (with its checkpoints and the guard that lets a later cell change
// the method, rewrite_method.go), as the same source given to yaegi without
// the rewrite, and with the body behind a func variable.
func BenchmarkMethodCalls1e6(b *testing.B) {
	s := benchSession(b)
	rec := &recorder{}
	if _, err := s.Execute(context.Background(), methodLoop, rec); err != nil {
		b.Fatal(err)
	}
	plain := strings.NewReplacer("acc", "plainAcc", "runM", "plainRunM").Replace(methodLoop)
	for _, src := range []string{plain, indirectLoop} {
		if _, err := s.eval("package main\n" + src); err != nil {
			b.Fatal(err)
		}
	}
	var cell, raw, indirect time.Duration
	timed := func(total *time.Duration, run func() error) {
		t0 := time.Now()
		if err := run(); err != nil {
			b.Fatal(err)
		}
		*total += time.Since(t0)
	}
	evalOnly := func(src string) func() error { return func() error { _, err := s.eval(src); return err } }
	for b.Loop() { // alternate, so that all see the same machine load
		timed(&cell, func() error { _, err := s.Execute(context.Background(), "runM()", rec); return err })
		timed(&raw, evalOnly("plainRunM()"))
		timed(&indirect, evalOnly("indRunM()"))
	}
	b.ReportMetric(float64(cell.Milliseconds())/float64(b.N), "ms/cell-loop")
	b.ReportMetric(float64(raw.Milliseconds())/float64(b.N), "ms/plain-loop")
	b.ReportMetric(float64(indirect.Milliseconds())/float64(b.N), "ms/indirect-loop")
	b.ReportMetric(100*(float64(cell)/float64(raw)-1), "%cell-over-plain")
	b.ReportMetric(100*(float64(indirect)/float64(raw)-1), "%indirect-over-plain")
}

// BenchmarkInterrupt measures how long Execute takes to return once its
// context is cancelled, for a cell spinning in `for {}`.
func BenchmarkInterrupt(b *testing.B) {
	s := benchSession(b)
	rec := &recorder{}
	var total time.Duration
	for b.Loop() {
		ctx, cancel := context.WithCancel(context.Background())
		var at time.Time
		go func() {
			time.Sleep(20 * time.Millisecond)
			at = time.Now()
			cancel()
		}()
		if _, err := s.Execute(ctx, "for {}", rec); err == nil {
			b.Fatal("not interrupted")
		}
		total += time.Since(at)
	}
	b.ReportMetric(float64(total.Microseconds())/float64(b.N)/1000, "ms/interrupt")
}

// BenchmarkTrivialCellAfter500Decls runs 1 + 1 in a session whose earlier
// cells declared 250 types and 250 functions: type checking a cell must
// not cost in proportion to what the session declared.
func BenchmarkTrivialCellAfter500Decls(b *testing.B) {
	s := benchSession(b)
	rec := &recorder{}
	for i := range 250 {
		cell := fmt.Sprintf("type T%d struct{ a, b int }\nfunc (t *T%d) Sum() int { return t.a + t.b }\nfunc f%d(x int) int { t := T%d{a: x}; return t.Sum() }", i, i, i, i)
		if _, err := s.Execute(context.Background(), cell, rec); err != nil {
			b.Fatal(err)
		}
	}
	start := time.Now()
	n := 0
	for b.Loop() {
		if _, err := s.Execute(context.Background(), "1 + 1", rec); err != nil {
			b.Fatal(err)
		}
		n++
	}
	b.ReportMetric(float64(time.Since(start).Microseconds())/float64(n), "µs/cell")
}
