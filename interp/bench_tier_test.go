package interp

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// BenchmarkNativeTier declares fib in a cell, times fib(24) on its first
// call and then every 250 ms until the native version is active, and
// reports the speedup and the time from the declaration to the swap, split
// into its steps (waiting for the builder, building and loading the
// plugin, activating it) with the go commands the build ran. The
// function's text differs on every run, so its plugin is built, not taken
// from the cache. `make bench-native` runs it.
func BenchmarkNativeTier(b *testing.B) {
	for b.Loop() {
		tierByDefault.Store(true)
		s := tierBenchSession(b)
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
		tt := s.tierTimes("fib")
		b.ReportMetric(float64(first.Microseconds())/1000, "ms/interpreted")
		b.ReportMetric(float64(native.Microseconds())/1000, "ms/tiered")
		b.ReportMetric(float64(first)/float64(native), "x-faster")
		b.ReportMetric(swap.Seconds(), "s-to-swap")
		fmt.Printf("tier: fib(24) interpreted %v, tiered %v (%.0fx), native %.1f s after the declaration (target >= 20x within 20 s)\n",
			first.Round(time.Millisecond), native.Round(time.Microsecond), float64(first)/float64(native), swap.Seconds())
		fmt.Printf("tier: declaration to queue %v, waiting for the builder %v, build and load %v, activation %v\n",
			tt.Queued.Sub(t0).Round(time.Millisecond), tt.Started.Sub(tt.Queued).Round(time.Millisecond),
			tt.Built.Sub(tt.Started).Round(time.Millisecond), tt.Active.Sub(tt.Built).Round(time.Microsecond))
	}
}

// tierBenchSession is nativeBenchSession with a logger that prints the go
// commands the builder runs and how long each took.
func tierBenchSession(b *testing.B) *Session {
	b.Helper()
	log := slog.New(slog.NewTextHandler(goCommandLines{}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	s, err := New(Options{NativeCache: filepath.Join(os.TempDir(), "gofutures-native-test"), Logger: log})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	if err := s.nat.b.Warm(ctx); err != nil {
		b.Skipf("plugins cannot be built here: %v", err)
	}
	return s
}

// goCommandLines prints the log lines of the go commands run.
type goCommandLines struct{}

func (goCommandLines) Write(p []byte) (int, error) {
	if strings.Contains(string(p), `msg="native: go"`) {
		line := string(p)
		if i := strings.Index(line, "args="); i >= 0 {
			line = line[i:]
		}
		fmt.Print("tier:   go command: ", line)
	}
	return len(p), nil
}
