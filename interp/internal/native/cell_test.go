package native

import (
	"errors"
	"os"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
)

func call(t *testing.T, c *Compiled, name string, args ...any) reflect.Value {
	t.Helper()
	f := c.Symbols[c.Package+"/cell"]["X_"+name]
	if !f.IsValid() {
		t.Fatalf("no X_%s in %v", name, c.Symbols)
	}
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	return f.Call(in)[0]
}

func TestCompileCell(t *testing.T) {
	b := builder(t)
	cells := &Cells{B: b}
	c1, err := cells.Compile(testCtx(t), CompileMarker+`
type Point struct{ X, Y int }

func (p Point) Norm1() int { return abs(p.X) + abs(p.Y) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

const Big = 1 << 40
const Small int8 = 3

var hits int
`, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := call(t, c1, "abs", -4).Int(); got != 4 {
		t.Errorf("abs(-4) = %d", got)
	}
	for _, want := range []string{"func abs(x int) int { return __", "type Point = __", "const Big = __", "var hits = *__"} {
		if !strings.Contains(c1.Bridge, want) {
			t.Errorf("bridge lacks %q:\n%s", want, c1.Bridge)
		}
	}
	c2, err := cells.Compile(testCtx(t), CompileMarker+`
func sumNorms(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += Point{i, -i}.Norm1() + int(Small)
	}
	return s + abs(-Big>>40)
}
`, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := call(t, c2, "sumNorms", 4).Int(); got != 2*(0+1+2+3)+4*3+1 {
		t.Errorf("sumNorms(4) = %d", got)
	}
	r, err := b.ReadRecord(c2.Key)
	if err != nil {
		t.Fatal(err)
	}
	if len(r.DependsOn) != 1 || r.DependsOn[0] != c1.Key || !strings.Contains(r.Files["cells/"+c2.Key+"/cell.go"], "func sumNorms") ||
		!strings.Contains(r.Files[r.Main+"/main.go"], "X_sumNorms") {
		t.Errorf("the record of a cell using an earlier one: %+v", r)
	}
	again, err := (&Cells{B: b}).Compile(testCtx(t), CompileMarker+`
type Point struct{ X, Y int }

func (p Point) Norm1() int { return abs(p.X) + abs(p.Y) }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

const Big = 1 << 40
const Small int8 = 3

var hits int
`, nil, nil)
	if err != nil || !again.Cached || again.Key != c1.Key {
		t.Errorf("the same cell again: %v, cached %v", err, again != nil && again.Cached)
	}
}

func TestCompileErrors(t *testing.T) {
	b := builder(t)
	for _, tc := range []struct{ desc, src, want string }{
		{"a type error is the compiler's, at the cell's line", "\nfunc f() int {\n\treturn \"x\"\n}\n", "cell:3:9: cannot use \"x\""},
		{"a syntax error names the cell's line", "\nfunc f() {\n\tx :=\n}\n", "cell:4:1"},
		{"a statement outside a function", "\nfmt.Println(1)\n", "cell:2:1"},
		{"an interpreted declaration", "\nfunc g() int { return interpretedThing(2) }\n", "cell:2:23: interpretedThing is declared by an interpreted cell"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := (&Cells{B: b}).Compile(testCtx(t), CompileMarker+tc.src,
				func(n string) bool { return n == "interpretedThing" }, nil)
			var be *BuildError
			if !errors.As(err, &be) || !strings.Contains(be.Output, tc.want) {
				t.Errorf("got %v, want a build error with %q", err, tc.want)
			}
		})
	}
}

func TestCompiledLoopsPollTheInterruptFlag(t *testing.T) {
	b := builder(t)
	var flag int32
	stop := errors.New("stopped")
	cells := &Cells{B: b, Flag: &flag, Check: func() { panic(stop) }}
	c, err := cells.Compile(testCtx(t), CompileMarker+`
func spin() int {
	n := 0
	for {
		n++
	}
}
`, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan any)
	go func() {
		defer func() { done <- recover() }()
		call(t, c, "spin")
	}()
	atomic.StoreInt32(&flag, 1)
	if r := <-done; r != stop {
		t.Errorf("spin panicked with %v, want %v", r, stop)
	}
}

func TestRebuildFromRecordsInAnotherCache(t *testing.T) {
	b := builder(t)
	cells := &Cells{B: b}
	c1, err := cells.Compile(testCtx(t), CompileMarker+"\nfunc base(n int) int { return n * 10 }\n", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := cells.Compile(testCtx(t), CompileMarker+"\nfunc onTop(n int) int { return base(n) + 1 }\n", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	r2, err := b.ReadRecord(c2.Key)
	if err != nil {
		t.Fatal(err)
	}
	worker := New(Config{Dir: t.TempDir()})
	path, err := worker.Rebuild(testCtx(t), r2, b.ReadRecord)
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{c1.Key, c2.Key} {
		if _, err := os.Stat(worker.pluginPath(key)); err != nil {
			t.Errorf("the worker's cache has no plugin %s: %v", key, err)
		}
	}
	// This process loaded the kernel's copy already (a plugin path loads
	// once), so the worker's is checked by its files.
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("the worker's plugin %s: %v", path, err)
	}
	if r, err := worker.ReadRecord(c2.Key); err != nil || r.Host != worker.host.key {
		t.Errorf("the worker's record: %+v, %v", r, err)
	}
}
