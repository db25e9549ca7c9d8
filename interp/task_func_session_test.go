package interp

import (
	"context"
	"testing"
)

// Task calls in loops pass a futures.Func made once before the loop
// (rewrite_go.go, hoistPoint): the keys and results are those of a call
// outside a loop, wherever the loop is, and a function declared again
// gets new keys and runs its new body.
func TestTaskCallsInLoops(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: `import "fmt"
import "github.com/gofutures/gofutures/futures"
c := futures.NewClient(futures.Workers(2))
func inc(x int) int { return x + 1 }
key := func(f *futures.Future) string { f.Result(); return f.Info().Key }
one := c.Submit(inc, 1)
var fs []*futures.Future`},
		{name: "a loop at the top level", cell: `for i := 0; i < 3; i++ {
	fs = append(fs, c.Submit(inc, i))
}
r, err := c.Gather(fs)
fmt.Println(r, err, key(fs[1]) == key(one))
fs = nil`, stdout: "[1 2 3] <nil> true\n"},
		{name: "a labeled range loop, with a Map", cell: `L: for _, x := range []int{1, 5} {
	for _, f := range c.Map(inc, []int{x, x + 1}) {
		fs = append(fs, f)
		continue L
	}
}
r, _ := c.Gather(fs)
fmt.Println(r, key(fs[0]) == key(one))
fs = nil`, stdout: "[2 6] true\n"},
		{name: "a loop in a function", cell: `func submitAll(n int) []*futures.Future {
	var out []*futures.Future
	for i := 0; i < n; i++ {
		out = append(out, c.Submit(inc, i))
	}
	return out
}
gs := submitAll(3)
r, _ := c.Gather(gs)
fmt.Println(r, key(gs[1]) == key(one))`, stdout: "[1 2 3] true\n"},
		{name: "a loop in a closure, and a call outside the loop", cell: `each := func(xs ...int) []*futures.Future {
	out := []*futures.Future{c.Submit(inc, 1)}
	for _, x := range xs {
		out = append(out, c.Submit(inc, x))
	}
	return out
}
hs := each(1, 7)
r, _ := c.Gather(hs)
fmt.Println(r, key(hs[1]) == key(one), key(hs[0]) == key(one))`, stdout: "[2 2 8] true true\n"},
		{name: "a cell with a goto", cell: `i := 0
again:
for ; i < 2; i++ {
	fs = append(fs, c.Submit(inc, 10+i))
}
if i < 2 {
	goto again
}
r, _ := c.Gather(fs)
fmt.Println(r)
fs = nil`, stdout: "[11 12]\n"},
		{name: "a local of the name is not the function", cell: `func viaLocal() []any {
	var out []*futures.Future
	for i := 0; i < 2; i++ {
		inc := func(x int) int { return x * 100 }
		out = append(out, c.Submit(inc, i+1))
	}
	r, _ := c.Gather(out)
	return r
}
fmt.Println(viaLocal())`, stdout: "[100 200]\n"},
		{name: "a function literal of the cell keeps its name, in a loop too", cell: `double := func(x int) int { return 2 * x }
for i := 0; i < 2; i++ {
	fs = append(fs, c.Submit(double, i+1))
}
r, _ := c.Gather(fs)
fmt.Println(r, fs[0].Info().Key[:7])
fs = nil`, stdout: "[2 4] double-\n"},
		{name: "Submit with two arguments, and with an option", cell: `func add(x, y int) int { return x + y }
a, b := c.Submit(add, 1, 2), c.Submit(inc, 1, futures.Pure(false))
for _, f := range []*futures.Future{a, b} {
	r, err := f.Result()
	fmt.Println(r, err)
}
fmt.Println(key(b) != key(one))`, stdout: "3 <nil>\n2 <nil>\ntrue\n"},
		{name: "declared again, the function gets new keys and its new body", cell: `func inc(x int) int { return x + 1000 }
for i := 0; i < 2; i++ {
	fs = append(fs, c.Submit(inc, i))
}
r, _ := c.Gather(fs)
fmt.Println(r, key(fs[1]) == key(one))
fs = nil`, stdout: "[1000 1001] false\n"},
	})
}

// TestFunctionDeclaredAgainKeysTasksByItsNewBody submits a pure task from
// a function compiled before its task function was declared again: it
// calls the new body, so it must get the new body's key, not find the old
// body's finished task under the old key and return its result.
func TestFunctionDeclaredAgainKeysTasksByItsNewBody(t *testing.T) {
	s := newSession(t)
	run := func(cell string) string {
		t.Helper()
		rec := &recorder{}
		if _, err := s.Execute(context.Background(), cell, rec); err != nil {
			t.Fatalf("%q: %v", cell, err)
		}
		return rec.stdout.String()
	}
	run("import (\n\t\"fmt\"\n\t\"github.com/gofutures/gofutures/futures\"\n)\nclient := futures.NewClient()\nfunc inc(x int) int { return x + 1 }")
	run("func use() *futures.Future { return client.Submit(inc, 50) }")
	if got := run("a := use()\nfmt.Print(a.Result())"); got != "51 <nil>" {
		t.Fatalf("first body: got %q", got)
	}
	run("func inc(x int) int { return x + 3 }")
	if got := run("h := use()\nfmt.Print(h.Result())"); got != "53 <nil>" {
		t.Errorf("the new body through code compiled before it: got %q, want %q", got, "53 <nil>")
	}
	if got := run("k := client.Submit(inc, 50)\nfmt.Print(h.Key() == k.Key(), h.Key() == a.Key())"); got != "true false" {
		t.Errorf("keys (same as a new call's, same as the old body's): got %q, want %q", got, "true false")
	}
}

// TestTaskCallsThroughValues: Submit, Map and Delay called through a
// value (a method value, a variable of Submit's type) run a cell's
// function as the direct call does, with the same keys. yaegi kept the
// function, passed to the value's parameter of type any, as its own node,
// and the task failed with "not a function: *interp.node"; a function
// among the other arguments sent the runtime's search for futures through
// the interpreter's graph, which did not end. A function that reached the
// call inside an interface value fails its task with an error that says
// what to write.
func TestTaskCallsThroughValues(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: `import "fmt"
import "github.com/gofutures/gofutures/futures"
c := futures.NewClient(futures.Workers(2))
func inc(x int) int { return x + 1 }
apply := func(g func(int) int, x int) int { return g(x) }
key := func(f *futures.Future) string { f.Result(); return f.Info().Key }`},
		{name: "a method value of Submit, and the direct call's key", cell: `sub := c.Submit
f := sub(inc, 1)
fmt.Println(f.Result())
fmt.Println(key(f) == key(c.Submit(inc, 1)))`, stdout: "2 <nil>\ntrue\n"},
		{name: "a variable of Submit's type", cell: `var g func(any, ...any) *futures.Future = c.Submit
fmt.Println(g(inc, 2).Result())`, stdout: "3 <nil>\n"},
		{name: "a literal, and a function among the arguments", cell: `double := func(x int) int { return 2 * x }
fmt.Println(sub(double, 4).Result())
fmt.Println(sub(apply, inc, 5).Result())
fmt.Println(sub(func(x int) int { return x * x }, 3).Result())`, stdout: "8 <nil>\n6 <nil>\n9 <nil>\n"},
		{name: "from a go statement and a goroutine", cell: `ch := make(chan *futures.Future, 1)
go func() { ch <- sub(inc, 9) }()
fmt.Println((<-ch).Result())
done := make(chan bool)
go sub(func(ch chan bool, x int) int { ch <- true; return x }, done, 1)
fmt.Println(<-done)`, stdout: "10 <nil>\ntrue\n"},
		{name: "a method value of Map", cell: `m := c.Map
fmt.Println(c.Gather(m(inc, []int{1, 2})))
fmt.Println(c.Gather(m(apply, inc, []int{3, 4})))`, stdout: "[2 3] <nil>\n[4 5] <nil>\n"},
		{name: "Delay as a value", cell: `d := futures.Delay
r, err := c.Compute(d(inc, 7)).Result()
fmt.Println(r, err)`, stdout: "8 <nil>\n"},
		{name: "a function inside an interface value fails its task, saying what to write", cell: `var h any = inc
_, err := c.Submit(h, 3).Result()
fmt.Println(err)
_, err = sub(h, 3).Result()
fmt.Println(err != nil)`,
			stdout: "interp: a cell's function held in an interface value (any) cannot run as a task: pass it by its name, or in a variable of its func type\ntrue\n"},
	})
}
