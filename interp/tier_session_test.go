package interp

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"
)

// waitTiered waits, with a long deadline, for the function name to run
// native code, running an empty cell now and then (a swap happens before a
// cell or when none runs).
// Sessions of the other tests do not tier (their builds would load the
// machine); newTierSession's do.
func init() { tierByDefault.Store(false) }

func newTierSession(t *testing.T) *Session {
	t.Helper()
	tierByDefault.Store(true)
	s := newNativeSession(t)
	tierByDefault.Store(false)
	s.log = slog.New(slog.NewTextHandler(testLog{t}, nil)) // says why a build failed
	return s
}

// testLog writes to the test's log.
type testLog struct{ t *testing.T }

func (w testLog) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func waitTiered(t *testing.T, s *Session, name string) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Minute)
	for !s.Tiered(name) {
		if time.Now().After(deadline) {
			t.Fatalf("%s was not compiled within 5 minutes", name)
		}
		time.Sleep(50 * time.Millisecond)
		if _, err := s.Execute(context.Background(), "", nil); err != nil {
			t.Fatal(err)
		}
	}
}

// runCell runs code and returns its result's text and its stdout.
func runCell(t *testing.T, s *Session, code string) (string, string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rec := &recorder{}
	b, err := s.Execute(ctx, code, rec)
	got := ""
	if b != nil {
		got, _ = b.Data["text/plain"].(string)
	}
	return got, rec.out(), err
}

// tierGolden are programs run interpreted, tiered and compiled: a cell
// declaring functions, the one expected to tier, and cells using them.
// notCompiled says why a program is left out of the compiled column: what
// the same declarations do differently in a //gofutures:compile cell, by
// design (see interp/internal/native's limits). pre, when set, declares
// what the function uses in a compiled cell, before decl (in the
// interpreted session, an interpreted one).
var tierGolden = []struct {
	name, decl, fn string
	uses           []string
	notCompiled    string
	pre            string
}{
	{"recursion", "func fib(n int) int {\n\tif n < 2 {\n\t\treturn n\n\t}\n\treturn fib(n-1) + fib(n-2)\n}", "fib",
		[]string{"fib(20)", "f := fib; f(15)", "fmt.Println(fib(10), fib(1))"}, "", ""},
	{"strings and maps", "import \"strings\"\n\nfunc words(s string) map[string]int {\n\tm := map[string]int{}\n\tfor _, w := range strings.Fields(s) {\n\t\tm[strings.ToLower(w)]++\n\t}\n\treturn m\n}", "words",
		[]string{"words(\"a b A c b a\")[\"a\"]", "len(words(\"x y z\"))"}, "", ""},
	{"variadic and floats", "import \"math\"\n\nfunc norm(xs ...float64) float64 {\n\ts := 0.0\n\tfor _, x := range xs {\n\t\ts += x * x\n\t}\n\treturn math.Sqrt(s)\n}", "norm",
		[]string{"norm(3, 4)", "norm([]float64{1, 2, 2}...)"}, "", ""},
	{"panics", "func at(xs []int, i int) int { return xs[i] }", "at",
		[]string{"at([]int{1, 2}, 1)"}, "", ""},
	{"calls", "func sq(x int) int { return x * x }\n\nfunc sumsq(n int) int {\n\ts := 0\n\tfor i := range n {\n\t\ts += sq(i)\n\t}\n\treturn s\n}", "sumsq",
		[]string{"sumsq(10)", "g := sumsq; g(4)"}, "", ""},
	{"calls interpreted", "var scale = 3\n\nfunc scaled(x int) int { return x * scale }\n\nfunc total(n int) int {\n\tt := 0\n\tfor i := 0; i < n; i++ {\n\t\tt += scaled(i)\n\t}\n\treturn t\n}", "total",
		[]string{"total(5)", "scale = 10", "total(5)", ""},
		"a compiled cell's variable reaches interpreted cells as a copy: scale = 10 does not reach total", ""},
	{"constants", "import \"fmt\"\n\nconst (\n\tlimit       = 10\n\tratio       = 1.0 / 3\n\tname        = \"n\"\n\tbig  uint64 = 1 << 40\n)\n\nfunc consts(x int) string {\n\treturn fmt.Sprint(x < limit, float64(x)*ratio, name, big>>38, 'a'+limit, [limit]int{}[x%limit])\n}", "consts",
		[]string{"consts(3)", "consts(12)", "const limit = 20", "consts(12)", ""},
		"compiled code keeps the constants it was built with", ""},
	{"panics through calls", "func inner(i int) int {\n\txs := []int{1}\n\treturn xs[i]\n}\n\nfunc outer(i int) int { return inner(i) + 1 }", "outer",
		[]string{"outer(0)", "outer(5)"}, "", ""},
	{"callee declared again", "func leaf() int { return 1 }\n\nfunc callee() int { return leaf() * 10 }", "callee",
		[]string{"callee()", "func leaf() int { return 2 }", "callee()", "func leaf(s string) int { return 3 }", "callee()", ""},
		"compiled code keeps calling the compiled functions it was built against", ""},
	{"mutual recursion", "func even(n int) bool {\n\tif n == 0 {\n\t\treturn true\n\t}\n\treturn odd(n - 1)\n}\n\nfunc odd(n int) bool {\n\tif n == 0 {\n\t\treturn false\n\t}\n\treturn even(n - 1)\n}", "even",
		[]string{"even(10)", "odd(7)", "even(-1)"}, "", ""},
	{name: "compiled type, constant and function", decl: "func norm2(x, y float64) float64 {\n\tv := vec{x, y}\n\treturn v.Dot(v) + sq2(dims) + float64(one)\n}", fn: "norm2",
		uses: []string{"norm2(3, 4)", "norm2(1, 1) * 2", "vec{1, 2}.Dot(vec{3, 4})"},
		pre:  "type vec struct{ X, Y float64 }\n\nfunc (v vec) Dot(w vec) float64 { return v.X*w.X + v.Y*w.Y }\n\nconst dims = 2\n\ntype unit int\n\nconst one unit = 1\n\nfunc sq2(x float64) float64 { return x * x }"},
}

// TestTierGivesTheSameOutput runs each golden program in three sessions:
// interpreted, tiered (the function swapped for native code), and with
// its declarations in a //gofutures:compile cell. Each use gives the same
// result, output and kind of error in all three.
func TestTierGivesTheSameOutput(t *testing.T) {
	s := newTierSession(t)
	compiled := newNativeSession(t) // tiering is off in the other tests' sessions
	plain, err := New(Options{NoTier: true, NoNative: true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	for _, g := range tierGolden {
		t.Run(g.name, func(t *testing.T) {
			if g.pre != "" {
				pres := map[*Session]string{plain: g.pre, s: "//gofutures:compile\n" + g.pre}
				if g.notCompiled == "" {
					pres[compiled] = "//gofutures:compile\n" + g.pre
				}
				for sess, pre := range pres {
					if _, _, err := runCell(t, sess, pre); err != nil {
						t.Fatal(err)
					}
				}
			}
			for _, sess := range []*Session{plain, s} {
				if _, _, err := runCell(t, sess, g.decl); err != nil {
					t.Fatal(err)
				}
			}
			if g.notCompiled == "" {
				if _, _, err := runCell(t, compiled, "//gofutures:compile\n"+g.decl); err != nil {
					t.Fatalf("as a compiled cell: %v", err)
				}
			}
			waitTiered(t, s, g.fn)
			if plain.Tiered(g.fn) {
				t.Fatal("a session with NoTier tiered")
			}
			for _, u := range g.uses {
				r1, o1, e1 := runCell(t, plain, u)
				r2, o2, e2 := runCell(t, s, u)
				if r1 != r2 || o1 != o2 || (e1 == nil) != (e2 == nil) || errKind(e1) != errKind(e2) {
					t.Errorf("%s: interpreted %q %q %v, tiered %q %q %v", u, r1, o1, e1, r2, o2, e2)
				}
				if g.notCompiled != "" {
					continue
				}
				r3, o3, e3 := runCell(t, compiled, u)
				if r1 != r3 || o1 != o3 || (e1 == nil) != (e3 == nil) || errKind(e1) != errKind(e3) {
					t.Errorf("%s: interpreted %q %q %v, compiled %q %q %v", u, r1, o1, e1, r3, o3, e3)
				}
			}
		})
	}
}

// TestTieredPanicNamesTheFunction compares the tracebacks of panics in
// tiered functions with those of the same functions interpreted: both name
// the user's cells and lines, never the bridge.
func TestTieredPanicNamesTheFunction(t *testing.T) {
	s := newTierSession(t)
	plain, err := New(Options{NoTier: true, NoNative: true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	decl := "func at(xs []int, i int) int {\n\treturn xs[i]\n}\n\nfunc viaAt(xs []int) int {\n\tn := len(xs)\n\treturn at(xs, n+1) * 2\n}"
	for _, sess := range []*Session{plain, s} {
		if _, _, err := runCell(t, sess, decl); err != nil {
			t.Fatal(err)
		}
	}
	waitTiered(t, s, "at")
	waitTiered(t, s, "viaAt")
	for _, call := range []string{"at(nil, 3)", "x := 1\nviaAt([]int{x})"} {
		var tbs [2]string
		for i, sess := range []*Session{plain, s} {
			_, _, err := runCell(t, sess, call)
			var e *Error
			if !errors.As(err, &e) || e.Kind != "panic" {
				t.Fatalf("%s: got %v, want a panic", call, err)
			}
			// The first line, the message, may differ: yaegi's index
			// errors are reflect's ("reflect: slice index out of range").
			// The sessions have run different numbers of cells.
			tbs[i] = inCount.ReplaceAllString(strings.Join(e.Traceback()[1:], "\n"), "In [_]")
		}
		t.Logf("%s: tiered traceback:\n%s", call, tbs[1])
		if tbs[0] != tbs[1] {
			t.Errorf("%s: interpreted traceback\n%s\ntiered\n%s", call, tbs[0], tbs[1])
		}
		if !strings.Contains(tbs[1], "return xs[i]") || strings.Contains(tbs[1], "X_") {
			t.Errorf("%s: the traceback does not quote the user's line:\n%s", call, tbs[1])
		}
	}
}

// queued reports whether name was queued to tier or already tiered.
func queued(s *Session, name string) bool {
	s.tier.mu.Lock()
	defer s.tier.mu.Unlock()
	return s.tier.pending[name] != nil || s.tier.native[name]
}

func TestTierEligibility(t *testing.T) {
	s := newTierSession(t)
	for _, c := range []struct {
		cell, fn string
		want     bool
	}{
		{"import \"math\"\nfunc hyp(a, b float64) float64 { return math.Sqrt(a*a + b*b) }", "hyp", true},
		{"func local() int { type p struct{ x int }; v := p{3}; return v.x }", "local", true},
		{"g := 3\nfunc useGlobal() int { return g }", "useGlobal", false},
		{"type pt struct{ X int }\nfunc useType(p pt) int { return p.X }", "useType", false},
		{"func callsOther() int { return hyp2(1) }\nfunc hyp2(x int) int { return x }", "callsOther", true},
		{"func asValue2() func(int) int { return hyp2 }", "asValue2", false},
		{"type acc struct{ n int }\nfunc (a *acc) add(x int) { a.n += x }", "add", false},
		{"h := 1\nfunc callsGlobalReader() int { return readsH() }\nfunc readsH() int { return h }", "callsGlobalReader", true},
		{"h2 := 1\nfunc readsH2() int { return h2 }", "readsH2", false},
		{"//gofutures:interpret\nfunc optedOut() int { return 1 }", "optedOut", false},
		{"func prints() { println(1) }", "prints", false},
		{"import \"fmt\"\nfunc printsF() { fmt.Println(1) }", "printsF", false},
		{"func spawns() { go func() {}() }", "spawns", false},
		{"func asValue() any { return asValue }", "asValue", false},
		{"import \"strings\"\n\nfunc words(s string) map[string]int {\n\tm := map[string]int{}\n\tfor _, w := range strings.Fields(s) {\n\t\tm[strings.ToLower(w)]++\n\t}\n\treturn m\n}", "words", true},
		{"const k = 2\nfunc useConst() int { return k }", "useConst", true},
		{"const kf, ks = 2.0, \"s\"\nfunc useConsts() string { return ks + string(rune('a'+int(kf))) }", "useConsts", true},
	} {
		if _, _, err := runCell(t, s, c.cell); err != nil {
			t.Fatalf("%s: %v", c.cell, err)
		}
		if got := queued(s, c.fn); got != c.want {
			t.Errorf("%s: queued %v, want %v", c.fn, got, c.want)
		}
	}
}

// errKind is the kind of a cell's error, "" for none.
func errKind(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return string(e.Kind)
	}
	if err != nil {
		return "other"
	}
	return ""
}

// TestTierSwapsWhileACellRuns runs a cell that calls deep(5000) until it
// returns: interpreted, it overflows the interpreter's stack bound (about
// 1,700 calls), native, it returns. The cell ends only if the native
// version takes over while it runs.
func TestTierSwapsWhileACellRuns(t *testing.T) {
	s := newTierSession(t)
	if _, _, err := runCell(t, s, "func deep(n int) int {\n\tif n == 0 {\n\t\treturn 0\n\t}\n\treturn deep(n-1) + 1\n}"); err != nil {
		t.Fatal(err)
	}
	r, _, err := runCell(t, s, "tries := 0\ntry := func() (ok bool) {\n\tdefer func() { recover() }()\n\tdeep(5000)\n\treturn true\n}\nfor !try() {\n\ttries++\n}\ndeep(5000)")
	if err != nil || r != "5000" {
		t.Fatalf("got %q %v, want 5000", r, err)
	}
	waitTiered(t, s, "deep")
	if r, _, err := runCell(t, s, "deep(6000)"); err != nil || r != "6000" {
		t.Fatalf("after the swap: %q %v", r, err)
	}
}

func TestTierOff(t *testing.T) {
	t.Setenv("GOFUTURES_TIER", "0")
	s := newTierSession(t)
	if _, _, err := runCell(t, s, "func one() int { return 1 }"); err != nil {
		t.Fatal(err)
	}
	if queued(s, "one") {
		t.Error("GOFUTURES_TIER=0 tiered a function")
	}
}

func TestTieredLoopStopsOnInterrupt(t *testing.T) {
	s := newTierSession(t)
	if _, _, err := runCell(t, s, "func spin(n int) int {\n\tfor {\n\t\tn++\n\t}\n}"); err != nil {
		t.Fatal(err)
	}
	waitTiered(t, s, "spin")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(200*time.Millisecond, cancel)
	done := make(chan error, 1)
	go func() { _, err := s.Execute(ctx, "spin(0)", nil); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, ErrInterrupted) {
			t.Fatalf("got %v, want an interrupt", err)
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("a tiered infinite loop did not stop on interrupt")
	}
}

func TestTierRedeclaredWhileBuilding(t *testing.T) {
	s := newTierSession(t)
	for _, c := range []string{"func ver() int { return 1 }", "func ver() int { return 2 }"} {
		if _, _, err := runCell(t, s, c); err != nil {
			t.Fatal(err)
		}
	}
	waitTiered(t, s, "ver")
	if r, _, err := runCell(t, s, "ver()"); err != nil || r != "2" {
		t.Fatalf("ver() = %q %v, want 2", r, err)
	}
	// Declared again, ineligible: interpreted, and the native one is gone.
	if _, _, err := runCell(t, s, "g3 := 3\nfunc ver() int { return g3 }"); err != nil {
		t.Fatal(err)
	}
	if s.Tiered("ver") {
		t.Error("ver still counts as native after it was declared again")
	}
	if r, _, err := runCell(t, s, "ver()"); err != nil || r != "3" {
		t.Fatalf("ver() = %q %v, want 3", r, err)
	}
}

// inCount matches the execution count of a traceback's frame.
var inCount = regexp.MustCompile(`In \[\d+\]`)

// TestTierYieldsToACompiledCell runs a compiled cell while a tier build is
// in flight: the tier build is cancelled and queued again, so that the
// cell's build does not wait for it, and the function is still tiered
// afterwards.
func TestTierYieldsToACompiledCell(t *testing.T) {
	s := newTierSession(t)
	deadline := time.Now().Add(5 * time.Minute)
	for try := 0; ; try++ {
		if time.Now().After(deadline) {
			t.Fatal("no tier build was seen in flight within 5 minutes")
		}
		decl := fmt.Sprintf("func slow(n int) int {\n\t// %d %d\n\treturn n * 2\n}", time.Now().UnixNano(), try)
		if _, _, err := runCell(t, s, decl); err != nil {
			t.Fatal(err)
		}
		inFlight := false
		for !inFlight && queued(s, "slow") && !s.Tiered("slow") && time.Now().Before(deadline) {
			s.tier.mu.Lock()
			inFlight = s.tier.building != nil
			s.tier.mu.Unlock()
			time.Sleep(5 * time.Millisecond)
		}
		if inFlight {
			break
		}
	}
	n := time.Now().UnixNano()
	if _, _, err := runCell(t, s, fmt.Sprintf("//gofutures:compile\nfunc twice%d(n int) int { return 2 * n }", n)); err != nil {
		t.Fatal(err)
	}
	if r, _, err := runCell(t, s, fmt.Sprintf("twice%d(21)", n)); err != nil || r != "42" {
		t.Fatalf("the compiled cell gave %q %v", r, err)
	}
	s.tier.mu.Lock()
	yields := s.tier.yields
	s.tier.mu.Unlock()
	if yields == 0 {
		t.Error("the tier build in flight did not make way for the compiled cell")
	}
	waitTiered(t, s, "slow")
	if r, _, err := runCell(t, s, "slow(4)"); err != nil || r != "8" {
		t.Fatalf("slow(4) = %q %v", r, err)
	}
}

func TestTierMagic(t *testing.T) {
	s := newTierSession(t)
	if _, _, err := runCell(t, s, "func one() int { return 1 }\n\ng := 2\n\nfunc useG() int { return g }"); err != nil {
		t.Fatal(err)
	}
	_, out, err := runCell(t, s, "%tier")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "useG  interpreted: uses g, declared outside it") || !regexp.MustCompile(`one +(queued|building|native)`).MatchString(out) {
		t.Errorf("%%tier printed:\n%s", out)
	}
	if _, _, err := runCell(t, s, "%tier off\nfunc two() int { return 2 }"); err != nil {
		t.Fatal(err)
	}
	if queued(s, "two") {
		t.Error("tier off did not stop tiering")
	}
	_, out, _ = runCell(t, s, "%tier")
	if !strings.Contains(out, "tiering is off") || !strings.Contains(out, "two   interpreted: tiering is off") {
		t.Errorf("%%tier after %%tier off printed:\n%s", out)
	}
	if _, _, err := runCell(t, s, "%tier on\nfunc three() int { return 3 }"); err != nil {
		t.Fatal(err)
	}
	if !queued(s, "three") {
		t.Error("tier on did not start tiering again")
	}
	if _, _, err := runCell(t, s, "%tier sideways"); errKind(err) != "UsageError" {
		t.Errorf("%%tier sideways: %v, want a UsageError", err)
	}
}

// TestTierUsesCompiledCells declares functions using a compiled cell's
// type (its fields and method), constant and functions, in a session that
// tiers and in one that does not: each is tiered, gives the same answers,
// and still does after the compiled cell of the constant and functions is
// declared again, when the tiered functions must not keep calling the old
// compiled functions. The type cannot change shape (the session refuses
// it, in both).
func TestTierUsesCompiledCells(t *testing.T) {
	s := newTierSession(t)
	ref := newNativeSession(t) // tiering is off in the other tests' sessions
	typ := "//gofutures:compile\ntype P struct{ X, Y int }\n\nfunc (p P) Sum() int { return p.X + p.Y }"
	compiled := func(n, scale int) string {
		return fmt.Sprintf("//gofutures:compile\nconst N = %d\n\nfunc scale(x int) int { return x * %d }\n\nfunc half(p P) int { return p.X / %d }", n, scale, n)
	}
	decl := "func useType(a, b int) int {\n\tp := P{X: a, Y: b}\n\treturn p.Sum()\n}\n\nfunc usePtr(p *P) int {\n\tp.X++\n\treturn p.X\n}\n\n" +
		"func useConst(x int) int { return x * N }\n\nfunc useFunc(x int) int { return scale(x) + 1 }\n\nfunc useHalf(a int) int { return half(P{X: a}) + useFunc(a) }\n\n" +
		"func mkP(a int) P { return P{X: a, Y: -a} }\n\nfunc sumAll(ps map[string][]P) (t int) {\n\tfor _, s := range ps {\n\t\tfor _, p := range s {\n\t\t\tt += p.Sum() + p.X\n\t\t}\n\t}\n\treturn t\n}"
	// sumAll stays interpreted: the interpreter made map[string][]P, which
	// the compiled cell does not use, before its plugin brought its own.
	fns := []string{"useType", "usePtr", "useConst", "useFunc", "useHalf", "mkP"}
	uses := []string{"useType(1, 2)", "usePtr(&P{X: 4})", "useConst(3)", "useFunc(2)", "useHalf(16)", "mkP(3)", "mkP(5).Sum()",
		"sumAll(map[string][]P{\"a\": {{1, 2}, mkP(4)}, \"b\": nil})"}
	same := func(when string) {
		t.Helper()
		for _, u := range uses {
			r1, o1, e1 := runCell(t, ref, u)
			r2, o2, e2 := runCell(t, s, u)
			if e1 != nil || r1 != r2 || o1 != o2 || errKind(e1) != errKind(e2) {
				t.Errorf("%s: %s: interpreted %q %q %v, tiered %q %q %v", when, u, r1, o1, e1, r2, o2, e2)
			}
		}
	}
	run := func(c string) {
		t.Helper()
		for _, sess := range []*Session{ref, s} {
			if _, _, err := runCell(t, sess, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	run(typ)
	run(compiled(7, 10))
	run(decl)
	for _, fn := range fns {
		waitTiered(t, s, fn)
	}
	same("tiered")
	for _, fn := range []string{"scale", "half"} { // the compiled cell's bridge
		s.tier.mu.Lock()
		why := s.tier.why[fn]
		s.tier.mu.Unlock()
		if queued(s, fn) || why != "declared by a compiled cell" {
			t.Errorf("%s, a compiled function, was queued to tier (%v) or stays interpreted for another reason: %q", fn, queued(s, fn), why)
		}
	}
	if r, _, _ := runCell(t, s, "useFunc(2)"); r != "21" {
		t.Errorf("useFunc(2) = %q, want 21", r)
	}
	direct := func(fn string) bool {
		s.tier.mu.Lock()
		defer s.tier.mu.Unlock()
		_, ok := s.tier.nativeFn[fn]
		return ok
	}
	for _, fn := range []string{"scale", "half"} { // tiered callers call them without the bridge
		if !direct(fn) {
			t.Errorf("tiered code calls %s, a compiled function, through its interpreted bridge", fn)
		}
	}
	// The compiled cell again: its functions change; the constant too,
	// which tiered code, as interpreted code, keeps as it was.
	run(compiled(8, 100))
	same("after the compiled cell was declared again")
	if r, _, _ := runCell(t, s, "useFunc(2)"); r != "201" {
		t.Errorf("after the compiled cell was declared again, useFunc(2) = %q, want 201", r)
	}
	for _, sess := range []*Session{ref, s} {
		if _, _, err := runCell(t, sess, strings.Replace(typ, "X, Y int", "X, Y, Z int", 1)); err == nil {
			t.Error("a compiled type changed its shape")
		}
	}
	same("after a compiled type was refused a new shape")
	// The functions declared again, against the new cell: tiered again.
	run(decl)
	for _, fn := range fns {
		waitTiered(t, s, fn)
	}
	same("tiered again")
	// A compiled function declared again by an interpreted cell: tiered
	// callers call the new one.
	run("func scale(x int) int { return x * 1000 }")
	if direct("scale") {
		t.Error("an interpreted scale still counts as compiled")
	}
	same("after an interpreted cell declared a compiled function again")
	if r, _, _ := runCell(t, s, "useFunc(2)"); r != "2001" {
		t.Errorf("after an interpreted cell declared scale again, useFunc(2) = %q, want 2001", r)
	}
}

// TestCompiledCellsTakeTheInterpretersValues passes compiled functions
// values the interpreter made of types without names (map[string][]P,
// []*P, chan [2]P of a compiled P) before the compiled cell that uses
// those types was loaded, as interfaces and as typed parameters, from
// interpreted cells and from a tiered function, and compares the answers
// with a session that interprets every cell. The compiled cells carry the
// time of the run, so that their types are new to this process.
func TestCompiledCellsTakeTheInterpretersValues(t *testing.T) {
	s := newTierSession(t)
	plain, err := New(Options{NoTier: true, NoNative: true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	run := time.Now().UnixNano()
	cells := []string{
		fmt.Sprintf("//gofutures:compile\n// run %d\ntype P struct{ X int }\n\nfunc Get(v any) int { return v.(P).X }", run),
		"Get(P{X: 3})",
		"m := map[string][]P{\"a\": {{5}}}\nps := []*P{{6}}\nch := make(chan [2]P, 1)\nch <- [2]P{{7}}",
		fmt.Sprintf("//gofutures:compile\n// run %d\nfunc GetM(v any) int { return v.(map[string][]P)[\"a\"][0].X }\n\n"+
			"func GetS(v any) int { return v.([]*P)[0].X }\n\nfunc GetC(v any) int { return (<-v.(chan [2]P))[0].X }\n\n"+
			"func IsM(v any) bool { _, ok := v.(map[string][]P); return ok }\n\nfunc Len(m map[string][]P) int { return len(m) }\n\n"+
			"func Mk() map[string][]P { return map[string][]P{\"z\": nil} }\n\n"+
			"func Count(vs ...any) (n int) {\n\tfor _, v := range vs {\n\t\tswitch v := v.(type) {\n\t\tcase []*P:\n\t\t\tn += len(v)\n\t\t}\n\t}\n\treturn n\n}", run),
		"GetM(m)", "GetS(ps)", "GetC(ch)", "IsM(m)", "Len(m)", "m2 := Mk()\nm2[\"y\"] = m[\"a\"]\nlen(m2)", "Count(ps, ps, 3)",
		"m[\"b\"] = nil\nfunc viaTier(x int) int {\n\tm := map[string][]P{\"a\": {{x}}}\n\treturn GetM(m) + Get(P{X: x}) + Len(m)\n}",
		"func tieredAsserts(v any) int { return len(v.(map[string][]P)) }",
	}
	for _, c := range cells {
		r1, o1, e1 := runCell(t, plain, strings.TrimPrefix(c, "//gofutures:compile\n"))
		r2, o2, e2 := runCell(t, s, c)
		if e1 != nil || r1 != r2 || o1 != o2 || e2 != nil {
			t.Errorf("%s: interpreted %q %q %v, compiled %q %q %v", c, r1, o1, e1, r2, o2, e2)
		}
	}
	waitTiered(t, s, "viaTier")
	if r, _, err := runCell(t, s, "viaTier(4)"); r != "9" || err != nil {
		t.Errorf("viaTier(4) = %q %v, want 9", r, err)
	}
	waitTiered(t, s, "tieredAsserts")
	if r, _, err := runCell(t, s, "tieredAsserts(m)"); r != "2" || err != nil {
		t.Errorf("tieredAsserts(m) = %q %v, want 2", r, err)
	}
}

// TestTierStandardLibraryComposites declares functions whose parameters
// and results are composites of standard-library types that the kernel's
// binary may lack (map[string][]time.Duration, []*big.Int, chan net.IP):
// each gives the answers of a session that does not tier, tiered or kept
// interpreted with a reason, and nothing panics.
func TestTierStandardLibraryComposites(t *testing.T) {
	s := newTierSession(t)
	plain, err := New(Options{NoTier: true, NoNative: true})
	if err != nil {
		t.Fatal(err)
	}
	defer plain.Close()
	decl := "import (\n\t\"math/big\"\n\t\"net\"\n\t\"time\"\n)\n\n" +
		"func total(m map[string][]time.Duration) (t time.Duration) {\n\tfor _, ds := range m {\n\t\tfor _, d := range ds {\n\t\t\tt += d\n\t\t}\n\t}\n\treturn t\n}\n\n" +
		"func bigs(n int) []*big.Int {\n\tvar out []*big.Int\n\tfor i := range n {\n\t\tout = append(out, big.NewInt(int64(i)))\n\t}\n\treturn out\n}\n\n" +
		"func sumBig(xs []*big.Int) string {\n\ts := new(big.Int)\n\tfor _, x := range xs {\n\t\ts.Add(s, x)\n\t}\n\treturn s.String()\n}\n\n" +
		"func ips(n int) chan net.IP {\n\tc := make(chan net.IP, n)\n\tfor i := range n {\n\t\tc <- net.IPv4(10, 0, 0, byte(i))\n\t}\n\tclose(c)\n\treturn c\n}\n\n" +
		"func lastIP(c chan net.IP) (s string) {\n\tfor ip := range c {\n\t\ts = ip.String()\n\t}\n\treturn s\n}\n\n" +
		"func rats(m map[uint16][]*big.Rat) map[uint16][]*big.Rat {\n\tm[1] = append(m[1], big.NewRat(1, 3))\n\treturn m\n}"
	fns := []string{"total", "bigs", "sumBig", "ips", "lastIP", "rats"}
	uses := []string{"total(map[string][]time.Duration{\"a\": {time.Second, time.Millisecond}, \"b\": {time.Minute}})",
		"len(bigs(4))", "sumBig(bigs(5))", "sumBig([]*big.Int{big.NewInt(7)})", "lastIP(ips(3))", "len(ips(2))",
		"rats(map[uint16][]*big.Rat{})[1][0].String()", "len(rats(earlyR))"}
	// The interpreter makes two of the types first (unless an earlier
	// test did): functions using them stay interpreted, as their plugin's
	// types would be others.
	pre := "import (\n\t\"math/big\"\n\t\"net\"\n\t\"time\"\n)\n\nearly := map[string][]time.Duration{}\nearlyC := make(chan net.IP)\nearlyR := map[uint16][]*big.Rat{}\n_, _, _ = early, earlyC, earlyR"
	for _, sess := range []*Session{plain, s} {
		for _, c := range []string{pre, decl} {
			if _, _, err := runCell(t, sess, c); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, fn := range fns { // each either tiers or says why not
		deadline := time.Now().Add(5 * time.Minute)
		for {
			s.tier.mu.Lock()
			why, native := s.tier.why[fn], s.tier.native[fn]
			s.tier.mu.Unlock()
			if native || why != "" {
				t.Logf("%s: native %v %s", fn, native, why)
				break
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s neither tiered nor stayed interpreted within 5 minutes", fn)
			}
			time.Sleep(50 * time.Millisecond)
			if _, err := s.Execute(context.Background(), "", nil); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, u := range uses {
		r1, o1, e1 := runCell(t, plain, u)
		r2, o2, e2 := runCell(t, s, u)
		if e1 != nil || e2 != nil || r1 != r2 || o1 != o2 {
			t.Errorf("%s: interpreted %q %q %v, tiered %q %q %v", u, r1, o1, e1, r2, o2, e2)
		}
	}
}
