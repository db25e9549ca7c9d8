package typecheck

import (
	"fmt"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp/exports"
)

// BenchmarkCheck500 checks a small cell in a session whose earlier cells
// declared 250 types and 250 functions (the target is under 5 ms).
func BenchmarkCheck500(b *testing.B) {
	c := New(exports.ExportData)
	r := c.Check(parts(b, c, `import "fmt"`, `import "strings"`))
	r.Commit()
	for i := 0; i < 250; i++ {
		r := c.Check(parts(b, c,
			fmt.Sprintf("type T%d struct{ a, b int; s string }", i),
			fmt.Sprintf("func (t *T%d) Sum() int { return t.a + t.b }", i),
			fmt.Sprintf("func f%d(x int) string { t := T%d{a: x}; return fmt.Sprint(t.Sum()) + strings.Repeat(\"x\", x) }", i, i),
			fmt.Sprintf("v%d := f%d(2)", i, i)))
		if len(r.Errors) > 0 {
			b.Fatal(r.Errors)
		}
		r.Commit()
	}
	cell := func() Cell {
		return parts(b, c, "func g(t T7) string { return f9(t.Sum()) + v3 }", `x := g(T7{a: 1})`, "fmt.Println(x, strings.ToUpper(v200))")
	}
	if r := c.Check(cell()); len(r.Errors) > 0 { // once untimed, as a cell follows others in a session
		b.Fatal(r.Errors)
	}
	// Each iteration checks the cell 20 times, so that make bench-interp's
	// single iteration reports a steady ms/check (parsing not included).
	const perOp = 20
	var spent time.Duration
	n := 0
	for b.Loop() {
		for range perOp {
			in := cell()
			start := time.Now()
			r := c.Check(in)
			spent += time.Since(start)
			if len(r.Errors) > 0 {
				b.Fatal(r.Errors)
			}
		}
		n += perOp
	}
	b.ReportMetric(float64(spent.Microseconds())/1000/float64(n), "ms/check")
}

// BenchmarkCheckTrivial checks 1+1 in a new session.
func BenchmarkCheckTrivial(b *testing.B) {
	c := New(exports.ExportData)
	for i := 0; i < b.N; i++ {
		r := c.Check(parts(b, c, "1+1"))
		if len(r.Errors) > 0 {
			b.Fatal(r.Errors)
		}
	}
}
