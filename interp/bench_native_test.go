package interp

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp/internal/native"
)

// The native benchmarks compare compiled cells with interpreted ones and
// time plugin builds and cached imports; `make bench-native` runs them.
// They use the cache the native tests use, warmed by the first run.

func nativeBenchSession(b *testing.B) *Session {
	b.Helper()
	s, err := New(Options{NativeCache: filepath.Join(os.TempDir(), "gofutures-native-test")})
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

func execOrFail(b *testing.B, s *Session, cell string) time.Duration {
	b.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	t0 := time.Now()
	if _, err := s.Execute(ctx, cell, &recorder{}); err != nil {
		b.Fatalf("%s: %v", cell, err)
	}
	return time.Since(t0)
}

// compareNative declares decls interpreted and compiled (names prefixed
// i_ and c_), then times call in both, alternating.
func compareNative(b *testing.B, decls, call string) {
	s := nativeBenchSession(b)
	execOrFail(b, s, fmt.Sprintf(decls, "i_"))
	execOrFail(b, s, "//gofutures:compile\n"+fmt.Sprintf(decls, "c_"))
	var interp, compiled time.Duration
	for b.Loop() {
		interp += execOrFail(b, s, fmt.Sprintf(call, "i_"))
		compiled += execOrFail(b, s, fmt.Sprintf(call, "c_"))
	}
	b.ReportMetric(float64(interp.Microseconds())/1000/float64(b.N), "ms/interpreted")
	b.ReportMetric(float64(compiled.Microseconds())/1000/float64(b.N), "ms/compiled")
	b.ReportMetric(float64(interp)/float64(compiled), "x-faster")
}

// BenchmarkNativeLoop1e6 is the 1e6-call loop cell (sum of sq(i)),
// interpreted and in a compiled cell, each called from an interpreted
// cell (target: compiled at least 50 times faster).
func BenchmarkNativeLoop1e6(b *testing.B) {
	compareNative(b, `func %[1]ssq(i int) int { return i * i }
func %[1]sloop() int {
	s := 0
	for i := 0; i < 1000000; i++ {
		s += %[1]ssq(i)
	}
	return s
}`, "%sloop()")
}

// BenchmarkNativeFib27 is fib(27), interpreted and compiled.
func BenchmarkNativeFib27(b *testing.B) {
	compareNative(b, `func %[1]sfib(n int) int {
	if n < 2 {
		return n
	}
	return %[1]sfib(n-1) + %[1]sfib(n-2)
}`, "%sfib(27)")
}

// BenchmarkNativeCompiledCellReady times compiled cells not seen before,
// from Execute to their declarations being usable, with the build cache
// warm (target: under 2 s), and where the time of the median cell went:
// go build (with its CPU time, which a loaded machine does not inflate),
// the link within it (when GOFUTURES_NATIVE_TRACE is set, as `make
// bench-native` does), the type checker's export data (beside the build),
// plugin.Open, and the rest of the cell.
func BenchmarkNativeCompiledCellReady(b *testing.B) {
	s := nativeBenchSession(b)
	type run struct {
		took  time.Duration
		steps native.Steps
	}
	var runs []run
	for b.Loop() {
		for range 3 {
			nonce := strconv.FormatInt(time.Now().UnixNano(), 36)
			d := execOrFail(b, s, "//gofutures:compile\nfunc ready_"+nonce+"(n int) int { return n + 1 }")
			runs = append(runs, run{d, s.nat.steps})
		}
	}
	sort.Slice(runs, func(i, j int) bool { return runs[i].took < runs[j].took })
	m := runs[len(runs)/2]
	b.Logf("median of %d cells: %v: %v", len(runs), m.took, m.steps)
	build := m.steps.Get("go build")
	b.ReportMetric(m.took.Seconds(), "s/cell")
	b.ReportMetric(build.Took.Seconds(), "s/build")
	b.ReportMetric(build.CPU.Seconds(), "cpu-s/build")
	b.ReportMetric(m.steps.Get("link").Took.Seconds(), "s/link")
	b.ReportMetric(m.steps.Get("types").Took.Seconds(), "s/types")
	b.ReportMetric(m.steps.Get("open").Took.Seconds(), "s/open")
	b.ReportMetric((m.took - build.Took - m.steps.Get("open").Took).Seconds(), "s/rest")
}

// BenchmarkNativeCachedImport times a cell importing a module already in
// the cache, in a new kernel process (this test binary run again), from
// the cell's start to its end; the process's start is not counted
// (target: under 300 ms).
func BenchmarkNativeCachedImport(b *testing.B) {
	s := nativeBenchSession(b)
	execOrFail(b, s, cachedImportCell) // fills the cache
	var total time.Duration
	for b.Loop() {
		cmd := exec.Command(os.Args[0], "-test.run=^TestNativeCachedImportHelper$", "-test.v")
		cmd.Env = append(os.Environ(), "GOFUTURES_NATIVE_HELPER=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("%v\n%s", err, out)
		}
		_, after, ok := strings.Cut(string(out), "import took ")
		d, err := time.ParseDuration(strings.Fields(after + " x")[0])
		if !ok || err != nil {
			b.Fatalf("no time in\n%s", out)
		}
		total += d
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/import")
}

const cachedImportCell = "//gofutures:require github.com/dustin/go-humanize v1.0.1\nimport \"github.com/dustin/go-humanize\"\nhumanize.Bytes(1)"

// TestNativeCachedImportHelper is the new process BenchmarkNativeCachedImport
// starts; it does nothing otherwise.
func TestNativeCachedImportHelper(t *testing.T) {
	if os.Getenv("GOFUTURES_NATIVE_HELPER") != "1" {
		t.Skip("run by BenchmarkNativeCachedImport")
	}
	s := newNativeSession(t)
	t0 := time.Now()
	if _, err := s.Execute(context.Background(), cachedImportCell, &recorder{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("import took %s", time.Since(t0))
}
