package yaegimsg

import (
	"bytes"
	"fmt"
	"log"
	"strings"
	"testing"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"
)

// yaegi is a plain interpreter with the standard library, whose Stderr
// the test reads.
func yaegi(t *testing.T) (*interp.Interpreter, *bytes.Buffer) {
	t.Helper()
	var stderr bytes.Buffer
	yi := interp.New(interp.Options{Stderr: &stderr})
	if err := yi.Use(stdlib.Symbols); err != nil {
		t.Fatal(err)
	}
	return yi, &stderr
}

// compile returns the error, or recovered panic, of compiling src with
// plain yaegi, as text.
func compile(t *testing.T, src string) (msg string) {
	t.Helper()
	yi, _ := yaegi(t)
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	if _, err := yi.Compile(src); err != nil {
		return err.Error()
	}
	t.Fatalf("plain yaegi compiles %q", src)
	return ""
}

func TestPos(t *testing.T) {
	for _, tc := range []struct {
		name, src string
		line, col int
		rest      string
	}{
		{"a compile error", "package main\nfunc f() { _ = undefinedName }", 2, 16, "undefined: undefinedName"},
		{"a syntax error", "package main\nfunc f() {}\nx := 1", 3, 1, "expected declaration, found x"},
		// REPL statements are wrapped in "package main; func main() {", so
		// their columns on line 1 are 27 too far.
		{"a REPL statement", "y := undefinedName", 1, 28, "constant definition loop"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			msg := compile(t, tc.src)
			line, col, rest, ok := Pos(msg)
			if !ok || line != tc.line || col != tc.col || rest != tc.rest {
				t.Errorf("Pos(%q) = %d, %d, %q, %v; want %d, %d, %q", msg, line, col, rest, ok, tc.line, tc.col, tc.rest)
			}
		})
	}
	if _, _, rest, ok := Pos("reflect: New(nil)"); ok || rest != "reflect: New(nil)" {
		t.Errorf("Pos of a message without a position: %q, %v", rest, ok)
	}
}

func TestFrames(t *testing.T) {
	yi, stderr := yaegi(t)
	if _, err := yi.Eval("func f() {\n\tvar m map[int]int\n\tm[1] = 1\n}"); err != nil {
		t.Fatal(err)
	}
	if _, err := yi.Eval("f()"); err == nil {
		t.Fatal("f() did not panic")
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	// f's frame names line 2, the first statement f ran, not line 3.
	want := []Frame{{Line: 2, Func: "f"}, {Line: 1, Func: "main"}}
	if len(lines) != len(want) {
		t.Fatalf("yaegi printed %q; want %d frame lines", stderr.String(), len(want))
	}
	for i, l := range lines {
		f, ok := ParseFrame(l)
		if !ok || !IsFrame([]byte(l)) || f.Line != want[i].Line || f.Func != want[i].Func || f.Col == 0 {
			t.Errorf("ParseFrame(%q) = %+v, %v; want line %d in %s", l, f, ok, want[i].Line, want[i].Func)
		}
	}
	if _, ok := ParseFrame("panic: boom"); ok {
		t.Error("ParseFrame read a frame in a line that is none")
	}
}

func TestNotInt(t *testing.T) {
	for _, tc := range []struct{ decl, typ string }{
		{`s := ""`, "string"},
		{`s := 1.5`, "float64"},
		{`s := S{}`, "main.S"},
		{`s := []int{}`, "[]int"},
		{`s := map[int]int{}`, "map[int]int"},
		{`s := func(func(int) bool) {}`, "func(func(int) bool)"},
		{`s := &[3]int{}`, "*[3]int"},
		{`s := make(chan int)`, "chan int"},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			msg := compile(t, "package main\ntype S struct{}\nfunc f() { "+tc.decl+"; _ = s % 1 }")
			if typ, ok := NotInt(msg); !ok || typ != tc.typ {
				t.Errorf("NotInt(%q) = %q, %v; want %q", msg, typ, ok, tc.typ)
			}
		})
	}
	if _, ok := NotInt("undefined: x"); ok {
		t.Error("NotInt read a type in another message")
	}
}

func TestLenRefused(t *testing.T) {
	for _, src := range []string{
		"package main\ntype S struct{}\nfunc f() { p := &S{}; _ = len(p) }",
		"package main\nimport \"strings\"\nfunc f() { p := &strings.Builder{}; _ = len(p) }",
		"package main\nimport \"strings\"\nfunc f() { p := &strings.Builder{}; for range p {} }",
	} {
		if msg := compile(t, src); !LenRefused(msg) {
			t.Errorf("LenRefused(%q) is false", msg)
		}
	}
	if LenRefused("undefined: len") {
		t.Error("LenRefused of another message")
	}
}

func TestDefinitionLoop(t *testing.T) {
	for _, srcs := range [][]string{
		{`x := 3`, `var y = x * 10`},
		{`import "strings"`, `ss := strings.Split("a b", " ")`, `t := ss[0]`},
	} {
		yi, _ := yaegi(t)
		var err error
		for _, src := range srcs {
			_, err = yi.Eval(src)
		}
		if err == nil || !DefinitionLoop(err.Error()) {
			t.Errorf("DefinitionLoop(%v) is false, after %q", err, srcs)
		}
	}
	if DefinitionLoop("undefined: x") {
		t.Error("DefinitionLoop of another message")
	}
}

func TestNilType(t *testing.T) {
	var logged bytes.Buffer
	w, flags := log.Writer(), log.Flags()
	log.SetOutput(&logged)
	defer func() { log.SetOutput(w); log.SetFlags(flags) }()
	for _, f := range []int{log.LstdFlags, 0} {
		logged.Reset()
		log.SetFlags(f)
		msg := compile(t, "package main\nfunc f() { for i := range 3 { _ = i } }")
		if !NilType(msg) {
			t.Errorf("NilType(%q) is false", msg)
		}
		if !IsNilTypeLog(logged.Bytes()) {
			t.Errorf("IsNilTypeLog(%q) is false", logged.String())
		}
	}
	if NilType("nil reflect type") || IsNilTypeLog([]byte("2026/01/02 03:04:05 nil reflect type\n")) {
		t.Error("NilType of another message")
	}
}
