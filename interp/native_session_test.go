package interp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/interp/internal/native"
)

// newNativeSession returns a session whose plugins go to a cache shared by
// the tests, or skips the test when this machine cannot build plugins.
func newNativeSession(t *testing.T) *Session {
	t.Helper()
	s, err := New(Options{NativeCache: filepath.Join(os.TempDir(), "gofutures-native-test")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := s.nat.b.Check(ctx); errors.Is(err, native.ErrNoCCompiler) || errors.Is(err, native.ErrNoToolchain) || errors.Is(err, native.ErrUnsupported) {
		t.Skipf("plugins cannot be built here: %v", err)
	} else if err != nil {
		t.Fatal(err)
	}
	return s
}

// runNativeCells is runCells in a session that builds plugins.
func runNativeCells(t *testing.T, s *Session, cases []cellCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
			defer cancel()
			rec := &recorder{}
			b, err := s.Execute(ctx, tc.cell, rec)
			if tc.err != "" {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("got error %v, want an *Error containing %q", err, tc.err)
				}
				if tb := strings.Join(e.Traceback(), "\n"); !strings.Contains(tb, tc.err) {
					t.Fatalf("traceback\n%s\ndoes not contain %q", tb, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("unexpected error: %v", err)
			}
			got := ""
			if b != nil {
				got, _ = b.Data["text/plain"].(string)
			}
			if got != tc.result || rec.out() != tc.stdout {
				t.Errorf("result %q stdout %q, want %q and %q", got, rec.out(), tc.result, tc.stdout)
			}
		})
	}
}

func TestCellsImportModulesFromTheProxy(t *testing.T) {
	s := newNativeSession(t)
	runNativeCells(t, s, []cellCase{
		{name: "a pinned module is fetched, built and imported",
			cell:   "//gofutures:require github.com/dustin/go-humanize v1.0.1\nimport \"github.com/dustin/go-humanize\"\nhumanize.Bytes(82854982)",
			result: "83 MB"},
		{name: "its types and methods work", cell: "humanize.Comma(1234567) + humanize.Ordinal(2)", result: "1,234,5672nd"},
		{name: "a module that does not exist is an error naming it",
			cell: "import \"github.com/gofutures/no-such-module-here\"", err: "no-such-module-here"},
	})
}

func TestCompiledCells(t *testing.T) {
	s := newNativeSession(t)
	runNativeCells(t, s, []cellCase{
		{name: "a compiled cell declares functions, types and constants", cell: `//gofutures:compile
func sq(i int) int { return i * i }

func sumsq(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += sq(i)
	}
	return s
}

type P struct{ X int }

func (p P) Double() int { return 2 * p.X }

const K = 7

var Start = 40
`},
		{name: "interpreted code calls them", cell: "sumsq(10)", result: "285"},
		{name: "their types have their methods", cell: "P{2}.Double() + K + Start", result: "51"},
		{name: "an interpreted function calls a compiled one", cell: "func useSq() int { return sq(3) }\nuseSq()", result: "9"},
		{name: "a later compiled cell uses an earlier one", cell: "//gofutures:compile\nfunc twice(n int) int { return 2 * sumsq(n) + P{1}.Double() }"},
		{name: "and interpreted code calls it", cell: "twice(10)", result: "572"},
		{name: "a compiled function declared again replaces it", cell: "//gofutures:compile\nfunc sq(i int) int { return i * i * i }"},
		{name: "for interpreted callers made before", cell: "useSq()", result: "27"},
		{name: "and for later compiled cells", cell: "//gofutures:compile\nfunc cube(i int) int { return sq(i) }"},
		{name: "which see the new one", cell: "cube(2)", result: "8"},
		{name: "a compile error is the compiler's at the cell's line", cell: "//gofutures:compile\nfunc bad() int {\n\treturn \"x\"\n}", err: "cell:3:9"},
		{name: "an interpreted declaration is named", cell: "func helper() int { return 1 }"},
		{name: "when a compiled cell uses it", cell: "//gofutures:compile\nfunc h() int { return helper() }", err: "helper is declared by an interpreted cell"},
	})
}

func TestCompiledCellImportsAModule(t *testing.T) {
	s := newNativeSession(t)
	runNativeCells(t, s, []cellCase{
		{name: "a compiled cell imports a module from the proxy", cell: "//gofutures:compile\n//gofutures:require github.com/dustin/go-humanize v1.0.1\nimport \"github.com/dustin/go-humanize\"\n\nfunc size(n uint64) string { return humanize.Bytes(n) }"},
		{name: "its functions take the module's types", cell: "size(1000)", result: "1.0 kB"},
	})
}

func TestCompiledFunctionsRunAsTasks(t *testing.T) {
	s := newNativeSession(t)
	runNativeCells(t, s, []cellCase{
		{name: "declare", cell: "//gofutures:compile\nfunc fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}"},
		{name: "a client", cell: "import \"fmt\"\nimport \"github.com/gofutures/gofutures/futures\"\nimport \"strings\"\nc := futures.NewClient(futures.Workers(2))"},
		// One evaluation submits and waits: yaegi races when tasks run
		// interpreted code (here, the function calling the compiled one)
		// while a cell evaluates (see the package doc).
		{name: "submitted, a compiled function runs as a task named after it", cell: `func run() string {
	f := c.Submit(fib, 20)
	r, err := f.Result()
	return fmt.Sprint(r, err, strings.HasPrefix(f.Info().Key, "fib-"))
}
run()`, result: "6765 <nil> true"},
	})
}

func TestCompiledLoopsAreInterruptible(t *testing.T) {
	s := newNativeSession(t)
	runNativeCells(t, s, []cellCase{
		{name: "declare", cell: "//gofutures:compile\nfunc spin(n int) int {\n\tfor {\n\t\tn++\n\t}\n}\nfunc inc(n int) int { return n + 1 }"},
	})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := s.Execute(ctx, "spin(0)", &recorder{})
		done <- err
	}()
	time.Sleep(100 * time.Millisecond) // let it start; the test does not depend on it
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("got %v, want ErrInterrupted", err)
		}
	case <-time.After(time.Minute):
		t.Fatal("the compiled loop was not interrupted")
	}
	runNativeCells(t, s, []cellCase{{name: "compiled code still runs after", cell: "inc(1)", result: "2"}})
}

// TestCompiledRecursionIsAnError: runaway recursion in compiled code would
// pass Go's 1 GB stack limit, a fatal error no recover catches; the entry
// check turns it into a panic of the cell, a task or a goroutine.
func TestCompiledRecursionIsAnError(t *testing.T) {
	s := newNativeSession(t)
	runNativeCells(t, s, []cellCase{
		{name: "declare", cell: "//gofutures:compile\nfunc deep(n int) int { return deep(n+1) + 1 }\nfunc ping(n int) int { return pong(n) + 1 }\nfunc pong(n int) int { return ping(n) + 1 }\nfunc fine(n int) int {\n\tif n == 0 {\n\t\treturn 0\n\t}\n\treturn fine(n-1) + 1\n}"},
		{name: "self", cell: "deep(0)", err: "stack overflow"},
		{name: "mutual", cell: "ping(0)", err: "stack overflow"},
		{name: "deep but finite recursion runs", cell: "fine(100000)", result: "100000"},
		{name: "the kernel lives on", cell: "1 + 1", result: "2"},
	})
}

func TestCompiledNamesAreCompletedAndInspected(t *testing.T) {
	s := newNativeSession(t)
	runNativeCells(t, s, []cellCase{
		{name: "declare", cell: "//gofutures:compile\n\n// sumTo adds the numbers below n.\nfunc sumTo(n int) int {\n\ts := 0\n\tfor i := 0; i < n; i++ {\n\t\ts += i\n\t}\n\treturn s\n}"},
	})
	matches, _, _ := s.Complete("sumT", 4)
	if !slicesContain(matches, "sumTo") {
		t.Errorf("completions of sumT: %q, want sumTo", matches)
	}
	b, ok := s.Inspect("sumTo(3)", 2, 0)
	if text, _ := b.Data["text/plain"].(string); !ok || !strings.Contains(text, "func sumTo(n int) int") {
		t.Errorf("inspecting sumTo: %v %q", ok, text)
	}
}

func slicesContain(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func TestAnImportShowsWhatIsFetchedAndBuilt(t *testing.T) {
	newNativeSession(t) // skips when plugins cannot be built
	s, err := New(Options{NativeCache: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	rec := &displaytest.Recorder{}
	if _, err := s.Execute(ctx, "//gofutures:require github.com/dustin/go-humanize v1.0.1\nimport \"github.com/dustin/go-humanize\"", rec); err != nil {
		t.Fatal(err)
	}
	lines := strings.Join(rec.Lines(), "\n")
	for _, want := range []string{"display", "native: fetching github.com/dustin/go-humanize@v1.0.1", "native: building", "update", "native: imported github.com/dustin/go-humanize v1.0.1 in"} {
		if !strings.Contains(lines, want) {
			t.Errorf("the status line lacks %q:\n%s", want, lines)
		}
	}
}
