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

// BenchmarkNativeTierRosenbrock tiers the Rosenbrock step function of the
// futures examples (a [2]float64 in, the point and its score out) and times
// a cell calling it 100,000 times from an interpreted loop, before and
// after the swap: the loop stays interpreted, so this measures a call into
// a tiered function from interpreted code as much as its body.
func BenchmarkNativeTierRosenbrock(b *testing.B) {
	for b.Loop() {
		tierByDefault.Store(true)
		s := tierBenchSession(b)
		tierByDefault.Store(false)
		decl := fmt.Sprintf("func rosenbrock(p [2]float64) ([2]float64, float64) {\n\t// run %d\n\treturn p, (1-p[0])*(1-p[0]) + 2*(p[1]-p[0]*p[0])*(p[1]-p[0]*p[0])\n}", time.Now().UnixNano())
		loop := "best := 1e9\nfor i := 0; i < 100000; i++ {\n\t_, v := rosenbrock([2]float64{float64(i%1000) / 500, 1})\n\tbest = min(best, v)\n}\nbest"
		t0 := time.Now()
		execOrFail(b, s, decl)
		first := execOrFail(b, s, loop)
		for !s.Tiered("rosenbrock") {
			if time.Since(t0) > 10*time.Minute {
				b.Fatal("rosenbrock was not swapped in within 10 minutes")
			}
			time.Sleep(250 * time.Millisecond)
		}
		swap := time.Since(t0)
		execOrFail(b, s, "") // the bridge is declared before this cell
		tiered := execOrFail(b, s, loop)
		b.ReportMetric(float64(first.Milliseconds()), "ms/interpreted")
		b.ReportMetric(float64(tiered.Milliseconds()), "ms/tiered")
		b.ReportMetric(swap.Seconds(), "s-to-swap")
		fmt.Printf("tier: 100,000 rosenbrock steps from an interpreted loop: interpreted %v, tiered %v (%.1fx), native %.1f s after the declaration\n",
			first.Round(time.Millisecond), tiered.Round(time.Millisecond), float64(first)/float64(tiered), swap.Seconds())
	}
}

// BenchmarkNativeTierCallsCompiled times a tiered function that calls a
// compiled cell's function in a loop, with its route pointed straight at
// the compiled function (as the session sets it) and, alternating with
// it in the same session, at the compiled cell's interpreted bridge (as
// it was before), and prints the ratio.
func BenchmarkNativeTierCallsCompiled(b *testing.B) {
	for b.Loop() {
		tierByDefault.Store(true)
		s := tierBenchSession(b)
		tierByDefault.Store(false)
		run := time.Now().UnixNano()
		execOrFail(b, s, fmt.Sprintf("//gofutures:compile\nfunc step(x, i int) int {\n\t// run %d\n\treturn (x*31 + i) %% 1000003\n}", run))
		execOrFail(b, s, fmt.Sprintf("func churn(n int) int {\n\t// run %d\n\tx := 1\n\tfor i := range n {\n\t\tx = step(x, i)\n\t}\n\treturn x\n}", run))
		for !s.Tiered("churn") {
			time.Sleep(250 * time.Millisecond)
			execOrFail(b, s, "")
		}
		route := func(direct bool) {
			t := &s.tier
			t.mu.Lock()
			defer t.mu.Unlock()
			n, had := t.nativeFn["step"]
			if !had && direct {
				b.Fatal("the route of step is not direct")
			}
			if !direct {
				delete(t.nativeFn, "step")
			}
			s.tierReroute("step")
			if !direct {
				t.nativeFn["step"] = n
			}
		}
		const call = "churn(200000)"
		var bridge, direct time.Duration
		for range 3 {
			route(false)
			bridge += execOrFail(b, s, call)
			route(true)
			direct += execOrFail(b, s, call)
		}
		b.ReportMetric(float64(bridge.Milliseconds())/3, "ms/bridge")
		b.ReportMetric(float64(direct.Milliseconds())/3, "ms/direct")
		fmt.Printf("tier: a tiered loop of 200,000 calls of a compiled function: through the interpreted bridge %v, direct %v (%.1fx)\n",
			(bridge / 3).Round(time.Millisecond), (direct / 3).Round(time.Millisecond), float64(bridge)/float64(direct))
	}
}
