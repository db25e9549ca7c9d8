package interp

import (
	"fmt"
	"testing"
	"time"
)

// BenchmarkNativeTier declares fib in a cell, times fib(24) on its first
// call and then every 250 ms until the native version is swapped in, and
// reports the speedup and the time from the declaration to the swap. The
// function's text differs on every run, so its plugin is built, not taken
// from the cache. `make bench-native` runs it.
func BenchmarkNativeTier(b *testing.B) {
	for b.Loop() {
		tierByDefault.Store(true)
		s := nativeBenchSession(b)
		tierByDefault.Store(false)
		decl := fmt.Sprintf("func fib(n int) int {\n\t// run %d\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}", time.Now().UnixNano())
		t0 := time.Now()
		execOrFail(b, s, decl)
		first := execOrFail(b, s, "fib(24)")
		for !s.Tiered("fib") {
			if time.Since(t0) > 10*time.Minute {
				b.Fatal("fib was not swapped in within 10 minutes")
			}
			time.Sleep(250 * time.Millisecond)
			execOrFail(b, s, "fib(24)")
		}
		swap := time.Since(t0)
		var native time.Duration
		for range 3 {
			native += execOrFail(b, s, "fib(24)")
		}
		native /= 3
		b.ReportMetric(float64(first.Microseconds())/1000, "ms/interpreted")
		b.ReportMetric(float64(native.Microseconds())/1000, "ms/tiered")
		b.ReportMetric(float64(first)/float64(native), "x-faster")
		b.ReportMetric(swap.Seconds(), "s-to-swap")
		fmt.Printf("tier: fib(24) interpreted %v, tiered %v (%.0fx), swapped in %.1f s after the declaration (target >= 20x within 20 s)\n",
			first.Round(time.Millisecond), native.Round(time.Microsecond), float64(first)/float64(native), swap.Seconds())
	}
}
