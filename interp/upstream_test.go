package interp

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// The canaries of the workarounds table (workarounds.go): each runs, on
// plain yaegi, the smallest snippet that shows the behaviour a row works
// around, and passes while yaegi still shows it. A canary that fails says
// that yaegi changed: the row's workaround may be deleted.

// evaluated is what plain yaegi made of one source.
type evaluated struct {
	val    reflect.Value
	err    error // Eval's error, or the panic that escaped it
	stdout string
	stderr string
}

// str is the value's text, or "".
func (e evaluated) str() string {
	if !e.val.IsValid() {
		return ""
	}
	return fmt.Sprint(e.val)
}

// errText is the error's text, or "".
func (e evaluated) errText() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}

// plain is a yaegi interpreter with the standard library and nothing else.
type plain struct {
	yi          *interp.Interpreter
	out, errOut bytes.Buffer
}

func newPlain(t *testing.T) *plain {
	t.Helper()
	p := &plain{}
	p.yi = interp.New(interp.Options{Stdout: &p.out, Stderr: &p.errOut})
	if err := p.yi.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	return p
}

// eval evaluates each source in turn and returns what the last one gave;
// t fails if an earlier one fails, or if one runs for a minute.
func (p *plain) eval(t *testing.T, srcs ...string) evaluated {
	t.Helper()
	var e evaluated
	for i, src := range srcs {
		p.out.Reset()
		p.errOut.Reset()
		done := make(chan evaluated, 1)
		go func() {
			var e evaluated
			defer func() {
				if r := recover(); r != nil {
					e.err = fmt.Errorf("%v", r)
				}
				done <- e
			}()
			e.val, e.err = p.yi.Eval(src)
		}()
		select {
		case e = <-done:
		case <-time.After(time.Minute):
			t.Fatalf("plain yaegi still runs %q after a minute", src)
		}
		e.stdout, e.stderr = p.out.String(), p.errOut.String()
		if i < len(srcs)-1 && e.err != nil {
			t.Fatalf("plain yaegi fails %q, which the canary needs: %v", src, e.err)
		}
	}
	return e
}

// yaegiEval evaluates srcs in a new plain interpreter.
func yaegiEval(t *testing.T, srcs ...string) evaluated {
	t.Helper()
	return newPlain(t).eval(t, srcs...)
}

// fails asserts that e failed with a message containing want.
func fails(t *testing.T, e evaluated, want string) {
	t.Helper()
	if e.err == nil || !strings.Contains(e.err.Error(), want) {
		t.Errorf("plain yaegi no longer fails with %q: got value %q, error %v", want, e.str(), e.err)
	}
}

// gives asserts that e's value, or what it printed, is want.
func gives(t *testing.T, e evaluated, want string) {
	t.Helper()
	if e.err != nil {
		t.Errorf("plain yaegi now fails (%v) where it gave %q", e.err, want)
		return
	}
	if got := e.str(); got != want && e.stdout != want {
		t.Errorf("plain yaegi now gives %q (printed %q) where it gave %q", got, e.stdout, want)
	}
}

var canaries = map[string]func(t *testing.T){
	"per-iteration loop variables": func(t *testing.T) {
		gives(t, yaegiEval(t,
			`func f() int { var fs []func() int; for i := 0; i < 3; i++ { fs = append(fs, func() int { return i }) }; return fs[0]() }`,
			`f()`), "3") // Go 1.22: 0
	},
	"range over an integer": func(t *testing.T) {
		fails(t, yaegiEval(t, `func f() int { n := 0; for i := range 3 { n += i }; return n }`), "nil type")
	},
	"range over an integer of unknown type": func(t *testing.T) {
		fails(t, yaegiEval(t, `type S struct{ N int }`,
			`func f() int { s := S{3}; n := 0; for i := range s.N { n += i }; return n }`), "nil type")
	},
	"range over a function": func(t *testing.T) {
		fails(t, yaegiEval(t, `func seq(yield func(int) bool) { yield(1) }`,
			`func f() int { n := 0; for x := range seq { n += x }; return n }`), "nil type")
	},
	"range over a pointer to an array": func(t *testing.T) {
		fails(t, yaegiEval(t,
			`func f() int { a := [3]int{1, 2, 3}; p := &a; n := 0; for _, v := range p { n += v }; return n }`,
			`f()`), "reflect: call of reflect.Value.Int on array Value") // Go: 6
	},
	"range over a pointer to another type": func(t *testing.T) {
		// Go rejects the range at compile time; yaegi compiles it.
		e := yaegiEval(t, `type S struct{ A int }`, `func f() { p := &S{}; for range p { } }`)
		if e.err != nil {
			t.Errorf("plain yaegi now refuses a range over a pointer to a struct: %v", e.err)
		}
	},
	"min, max and clear": func(t *testing.T) {
		fails(t, yaegiEval(t, `min(1, 2)`), "undefined: min")
		fails(t, yaegiEval(t, `max(1, 2)`), "undefined: max")
		fails(t, yaegiEval(t, `func f() { m := map[int]int{}; clear(m) }`), "undefined: clear")
	},
	"a composite literal in a define of several names": func(t *testing.T) {
		gives(t, yaegiEval(t, `type T struct{ A int }`, `func f() int { t, w := T{1}, 5; _ = t; return w }`, `f()`), "0") // Go: 5
	},
	"conversion to an interface type of a compiled package": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "fmt"`, `type T struct{}`, `func (T) String() string { return "t" }`,
			`func f() string { s := fmt.Stringer(T{}); return s.String() }`, `f()`),
			"reflect.Set: value of type struct {} is not assignable to type fmt.Stringer")
	},
	"deferred closures and arguments": func(t *testing.T) {
		gives(t, yaegiEval(t, `import "fmt"`,
			`func f() { for i := 0; i < 3; i++ { j := i; defer func() { fmt.Print(j) }() } }`, `f()`), "222") // Go: 210
		gives(t, yaegiEval(t, `import "fmt"`, `func g(x int) { fmt.Print(x) }`,
			`func f() { for i := 0; i < 3; i++ { defer g(i) } }`, `f()`), "333") // Go: 210
	},
	"closures made in loops": func(t *testing.T) {
		e := yaegiEval(t, `func call(f func() int) int { if f == nil { return -1 }; return f() }`,
			`func f() (out []any) { var prev func() int; for k := 0; k < 2; k++ { p := []any{func() int { return k }, call(prev)}; prev = p[0].(func() int); out = append(out, prev()) }; return }`,
			`f()`)
		if !strings.Contains(e.errText(), "call of nil function") {
			t.Errorf("plain yaegi no longer hands the loop a nil closure: %v %v", e.str(), e.err) // Go: [0 1]
		}
	},
	"go statements": func(t *testing.T) {
		// The panic ends the process: run it in a child, TestYaegiGoPanicChild.
		cmd := exec.Command(os.Args[0], "-test.run=^TestYaegiGoPanicChild$")
		cmd.Env = append(os.Environ(), "GOFUTURES_YAEGI_GOPANIC=1")
		out, err := cmd.CombinedOutput()
		if ee := (*exec.ExitError)(nil); !errors.As(err, &ee) || !strings.Contains(string(out), "panic: boom") || strings.Contains(string(out), "survived") {
			t.Errorf("a panic in an interpreted goroutine no longer ends the process: %v\n%s", err, out)
		}
		// The rewrite's method value of a compiled method (see compiledMethod).
		fails(t, yaegiEval(t, `import "sync"`, `func f() { wg := &sync.WaitGroup{}; g := wg.Done; wg.Add(1); g() }`, `f()`),
			"is not assignable to type func(*sync.WaitGroup)")
	},
	"method values of compiled types": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "strings"`, `b := &strings.Builder{}`, `w := b.WriteString`),
			"func(*strings.Builder, string)")
	},
	"cell functions in interface values": func(t *testing.T) {
		gives(t, yaegiEval(t, `import "reflect"`, `func inc(x int) int { return x + 1 }`,
			`func kind(f any) string { return reflect.TypeOf(f).String() }`, `kind(inc)`), "*interp.node") // Go: func(int) int
	},
	"functions declared again": func(t *testing.T) {
		gives(t, yaegiEval(t, `func f() int { return 1 }`, `func g() int { return f() }`,
			`func f() int { return 2 }`, `g()`), "1")
	},
	"methods declared again": func(t *testing.T) {
		gives(t, yaegiEval(t, `type T struct{}`, `func (T) M() int { return 1 }`,
			`func (T) M() int { return 2 }`, `T{}.M()`), "1")
	},
	"globals declared again": func(t *testing.T) {
		gives(t, yaegiEval(t, `x := 1`, `func g() int { return x }`, `x := 2`, `g()`), "1")
	},
	"types declared again": func(t *testing.T) {
		p := newPlain(t)
		p.eval(t, `type T struct{ A int }`, `type T struct{ B int }`)
		fails(t, p.eval(t, `T{B: 1}`), "unknown field B")
	},
	"function declarations that fail to compile": func(t *testing.T) {
		p := newPlain(t)
		fails(t, p.eval(t, `func f() int { return undefinedName }`), "undefined: undefinedName")
		fails(t, p.eval(t, `f()`), "index out of range [0] with length 0")
	},
	"type parameter names": func(t *testing.T) {
		fails(t, yaegiEval(t, `func first[T any](x []T) T { return x[0] }`, `type T string`, `var t T = "a"`),
			"nil reflect type")
	},
	"importing again": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "fmt"`, `import "fmt"`), "redeclared in this block")
	},
	"declarations and statements in one cell": func(t *testing.T) {
		fails(t, yaegiEval(t, "func f() {}\nx := 1"), "expected declaration")
	},
	"a var whose value reads a global": func(t *testing.T) {
		fails(t, yaegiEval(t, `x := 3`, `var y = x * 10`), "variable definition loop")
	},
	"a define of several names in a top-level block": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "strconv"`,
			`for _, s := range []string{"1"} { n, err := strconv.Atoi(s); _ = err; println(n) }`), "undefined: err")
	},
	"a top-level define reading an element of a global": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "strings"`, `ss := strings.Split("a b", " ")`, `t := ss[0]`),
			"constant definition loop")
	},
	"a top-level define of a method's two results": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "os"`, `entries, _ := os.ReadDir("testdata")`,
			`info, err := entries[0].Info()`), "nil pointer dereference")
	},
	"untyped nils assigned to several variables": func(t *testing.T) {
		fails(t, yaegiEval(t, `var a, b error`, `a, b = nil, nil`), "reflect: New(nil)")
	},
	"type arguments inferred from a function literal": func(t *testing.T) {
		fails(t, yaegiEval(t,
			`func apply[T, U any](xs []T, f func(T) U) []U { var r []U; for _, x := range xs { r = append(r, f(x)) }; return r }`,
			`apply([]int{1}, func(x int) string { return "s" })`),
			"cannot use type func(int) string as type func(int) int")
	},
	"methods of cell types": func(t *testing.T) {
		gives(t, yaegiEval(t, `import "reflect"`, `type T struct{}`, `func (T) String() string { return "t" }`,
			`reflect.TypeOf(T{}).NumMethod()`), "0") // Go: 1
	},
	"names and fields of cell types": func(t *testing.T) {
		p := newPlain(t)
		p.eval(t, `import "reflect"`, `type T struct{ hidden int }`)
		gives(t, p.eval(t, `reflect.TypeOf(T{}).Name()`), "")
		gives(t, p.eval(t, `reflect.TypeOf(T{}).Field(0).Name`), "Xhidden")
	},
	"the generic standard library": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "slices"`, `func f() { x := []int{2, 1}; slices.Sort(x) }`),
			"undefined selector: slices.Sort")
	},
	"type arguments of the generic standard library": func(t *testing.T) {
		fails(t, yaegiEval(t, `import "slices"`, `type S []int`, `slices.Contains(S{1}, 1)`),
			"undefined type for E")
	},
	"a var declared with a generic call's value": func(t *testing.T) {
		gives(t, yaegiEval(t, `func id[T any](x T) T { return x }`, `func f() int { var c int = id(3); return c }`, `f()`), "0")
	},
	"panic positions": func(t *testing.T) {
		e := yaegiEval(t, "func f() {\n\tprintln(\"a\")\n\tvar m map[string]int\n\tm[\"x\"] = 1\n}", `f()`)
		fails(t, e, "assignment to entry in nil map")
		if !strings.HasPrefix(e.stderr, "2:") || !strings.Contains(e.stderr, "panic: main.f(...)") {
			t.Errorf("plain yaegi no longer names line 2, the function's first statement, for a panic on line 4: %q", e.stderr)
		}
	},
	"interrupts": func(t *testing.T) {
		p := newPlain(t)
		// The loop signals once it runs, so that the cancel stops a
		// compiled loop rather than a compilation, which would race
		// with the next Eval.
		started := make(chan struct{})
		if err := p.yi.Use(interp.Exports{"canary/canary": {"Started": reflect.ValueOf(func() { close(started) })}}); err != nil {
			t.Fatal(err)
		}
		p.eval(t, `import "canary"`, `func mk() func(int) int { return func(x int) int { return x * 2 } }`, `clo := mk()`,
			`func spin() { canary.Started(); for {} }`)
		gives(t, p.eval(t, `clo(2)`), "4")
		ctx, cancel := context.WithCancel(context.Background())
		go func() { <-started; cancel() }()
		if _, err := p.yi.EvalWithContext(ctx, `spin()`); !errors.Is(err, context.Canceled) {
			t.Fatalf("EvalWithContext cancelled: %v", err)
		}
		gives(t, p.eval(t, `clo(2)`), "0")
	},
	"syntax trees kept": func(t *testing.T) {
		p := newPlain(t)
		roots := reflect.ValueOf(p.yi).Elem().FieldByName("roots")
		if !roots.IsValid() || roots.Kind() != reflect.Slice {
			t.Fatalf("yaegi's Interpreter has no roots slice any more (forgetTrees does nothing)")
		}
		n := roots.Len()
		p.eval(t, `1 + 1`)
		if roots.Len() <= n {
			t.Errorf("plain yaegi no longer keeps a syntax tree per Eval: %d roots before, %d after", n, roots.Len())
		}
	},
	"values of top-level expressions kept": func(t *testing.T) {
		p := newPlain(t)
		frame := reflect.ValueOf(p.yi).Elem().FieldByName("frame")
		if !frame.IsValid() || frame.Kind() != reflect.Pointer || frame.Elem().FieldByName("data").Kind() != reflect.Slice {
			t.Fatalf("yaegi's Interpreter has no global frame data any more")
		}
		data := frame.Elem().FieldByName("data")
		p.eval(t, `len(make([]byte, 10))`)
		n := data.Len()
		p.eval(t, `len(make([]byte, 10))`)
		if data.Len() <= n {
			t.Errorf("plain yaegi no longer grows its global frame per REPL expression: %d slots, then %d", n, data.Len())
		}
	},
	"the process environment": func(t *testing.T) {
		const name = "GOFUTURES_YAEGI_CANARY"
		t.Cleanup(func() { os.Unsetenv(name) })
		yaegiEval(t, `import "os"`, `os.Setenv("`+name+`", "1")`)
		if v, ok := os.LookupEnv(name); ok {
			t.Errorf("os.Setenv in plain yaegi now sets the process's environment: %s=%q", name, v)
		}
	},
	"os.Stdin": func(t *testing.T) {
		e := yaegiEval(t, `import "os"`, `os.Stdin`)
		if !e.val.IsValid() || e.val.Interface() != any(os.Stdin) {
			t.Errorf("plain yaegi's os.Stdin is no longer the process's: %v", e.val)
		}
	},
	"os.Stdout": func(t *testing.T) {
		e := yaegiEval(t, `import "os"`, `os.Stdout`)
		if !e.val.IsValid() || e.val.Interface() != any(os.Stdout) {
			t.Errorf("plain yaegi's os.Stdout is no longer the process's: %v", e.val)
		}
	},
}

// TestYaegiCanaries runs the canary of every row of the workarounds table.
func TestYaegiCanaries(t *testing.T) {
	for _, w := range workarounds {
		canary := canaries[w.feature]
		if canary == nil {
			t.Errorf("%s: no canary", w.feature)
			continue
		}
		t.Run(w.feature, func(t *testing.T) {
			canary(t)
			if t.Failed() {
				t.Logf("yaegi changed: the workaround in %s may go (see workarounds.go)", strings.Join(w.files, ", "))
			}
		})
	}
	for name := range canaries {
		if !slices.ContainsFunc(workarounds, func(w workaround) bool { return w.feature == name }) {
			t.Errorf("canary %q has no row in the workarounds table", name)
		}
	}
}

// TestYaegiGoPanicChild is the child process of the "go statements"
// canary: it does nothing unless that canary started it.
func TestYaegiGoPanicChild(t *testing.T) {
	if os.Getenv("GOFUTURES_YAEGI_GOPANIC") != "1" {
		t.Skip("the child of the go statements canary")
	}
	yi := interp.New(interp.Options{})
	if err := yi.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	_, err := yi.Eval(`import "time"`)
	if err == nil {
		_, err = yi.Eval(`func f() { go func() { panic("boom") }(); time.Sleep(10 * time.Second) }`)
	}
	if err == nil {
		_, err = yi.Eval(`f()`)
	}
	t.Fatalf("the process survived a panic in an interpreted goroutine: %v", err)
}
