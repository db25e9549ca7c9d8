package interp

import (
	"context"
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

const callLoop = `func add(a, b int) int { return a + b }
func run() int { s := 0; for i := 0; i < 1000000; i++ { s = add(s, i) }; return s }`

// BenchmarkCalls1e6 runs 1e6 calls of a small interpreted function: as a
// cell (with its checkpoints), as the same source given to yaegi without
// the rewrite, and as compiled Go, the floor. The ratio of the first two is
// the cost of the interrupt instrumentation.
func BenchmarkCalls1e6(b *testing.B) {
	s := benchSession(b)
	rec := &recorder{}
	if _, err := s.Execute(context.Background(), callLoop, rec); err != nil {
		b.Fatal(err)
	}
	if _, err := s.eval("package main\n" + strings.ReplaceAll(callLoop, "func ", "func plain_")); err != nil {
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
