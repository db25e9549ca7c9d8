package main

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp"
)

// TestClusterSessionInterpreted runs functions declared in cells on worker
// processes of a cluster.NewLocal started from a cell (this test binary is
// the workers' program, see TestMain): a function, one calling another
// cell's helper, one using a cell type with a method and a constant, one
// reading globals, and a function literal held by a global. Each result
// equals the local run's; a function declared again runs its new body on
// the workers; a closure made by a call fails with an error naming it.
func TestClusterSessionInterpreted(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	exec, value := cellSession(t, interp.Options{NoTier: true, NoNative: true}, 5*time.Minute)
	exec(`import (
	"os"
	"strings"
	"github.com/gofutures/gofutures/futures/cluster"
)
cl, clErr := cluster.NewLocal(2)`)
	if e := value("clErr"); e != nil {
		t.Fatal(e)
	}
	exec(`c := cl.Client()
func pid(int) int { return os.Getpid() }
remote, _ := c.Submit(pid, 1).Result()`)
	if p := value("remote"); p == os.Getpid() {
		t.Fatalf("the task ran in the kernel's process (pid %v)", p)
	}

	exec(`func helper(x int) int { return x + 1 }`)
	exec(`const k = 3
type point struct {
	X, Y int
	tag  string
}
func (p point) Sum() int { return p.X + p.Y }
func twice(x int) int { return helper(x) * 2 }
func norm(p point) int { return p.Sum() * k }
func move(p point, d int) point { p.X += d; p.tag = strings.ToUpper(p.tag); return p }
scale := 10
names := map[string]int{"a": 1, "b": 2}
func scaled(x int) int { return x*scale + names["b"] }
shift := func(x int) int { return x + scale }`)
	cases := []struct{ name, call, local string }{
		{"a function calling another cell's helper", "c.Submit(twice, 4)", "twice(4)"},
		{"a cell type with a method and a constant", "c.Submit(norm, point{X: 1, Y: 2})", "norm(point{X: 1, Y: 2})"},
		{"a cell type as argument and result", `c.Submit(move, point{1, 2, "ab"}, 3)`, `move(point{1, 2, "ab"}, 3)`},
		{"globals the function reads", "c.Submit(scaled, 5)", "scaled(5)"},
		{"a function literal held by a global", "c.Submit(shift, 5)", "shift(5)"},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			exec(fmt.Sprintf("got%d, err%d := %s.Result()\nwant%d := any(%s)", i, i, tc.call, i, tc.local))
			if e := value(fmt.Sprint("err", i)); e != nil {
				t.Fatal(e)
			}
			got, want := value(fmt.Sprint("got", i)), value(fmt.Sprint("want", i))
			if !reflect.DeepEqual(got, want) {
				t.Errorf("remote %#v, local %#v", got, want)
			}
		})
	}

	t.Run("a function declared again runs its new body", func(t *testing.T) {
		// Equal calls of an unchanged function share a key, and so a
		// result, locally as on a cluster: each call here differs.
		exec(`func twice(x int) int { return helper(x) * 3 }`)
		exec(`again, againErr := c.Submit(twice, 4).Result()`)
		if e := value("againErr"); e != nil {
			t.Fatal(e)
		}
		if got := value("again"); got != 15 {
			t.Errorf("twice(4) declared again = %v, want 15", got)
		}
		exec(`func helper(x int) int { return x + 100 }`)
		exec(`again1, _ := c.Submit(twice, 5).Result()`)
		if got := value("again1"); got != 315 {
			t.Errorf("twice(5) after helper changed = %v, want 315", got)
		}
		exec(`scale = 1000`)
		exec(`again2, _ := c.Submit(scaled, 6).Result()`)
		if got := value("again2"); got != 6002 {
			t.Errorf("scaled(6) after scale changed = %v, want 6002", got)
		}
	})

	t.Run("a closure made by a call fails naming it", func(t *testing.T) {
		exec(`func adder(n int) func(int) int { return func(x int) int { return x + n } }
add3 := adder(3)`)
		exec(`_, closureErr := c.Submit(add3, 1).Result()`)
		e, _ := value("closureErr").(error)
		if e == nil || !strings.Contains(e.Error(), "add3") || !strings.Contains(e.Error(), "closure") {
			t.Errorf("err = %v, want one naming the closure add3", e)
		}
	})
}

// cellSession is a session for a test of cells on a cluster: exec runs a
// cell and fails the test if it fails, value reads a global; every cell
// must end within limit, a hang guard.
func cellSession(t *testing.T, opts interp.Options, limit time.Duration) (exec func(string), value func(string) any) {
	t.Helper()
	s, err := interp.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	ctx, cancel := context.WithTimeout(context.Background(), limit)
	t.Cleanup(cancel)
	exec = func(code string) {
		t.Helper()
		if _, err := s.Execute(ctx, code, nil); err != nil {
			t.Fatalf("cell %q: %v", code, err)
		}
	}
	value = func(name string) any {
		t.Helper()
		v, ok := s.Value(name)
		if !ok {
			t.Fatalf("no value %s", name)
		}
		return v.Interface()
	}
	return exec, value
}

// TestClusterSessionSameCell: a function, or a type, declared in the cell
// that submits it runs on the cluster's workers, with the session's usual
// options (background compiling on), as a tutorial declares and submits
// in one cell; before, the cell's declarations reached the type checker
// only at its end, and the task failed as "neither registered nor
// declared in a cell".
func TestClusterSessionSameCell(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	exec, value := cellSession(t, interp.Options{NoNative: true}, 5*time.Minute)
	exec(`import "github.com/gofutures/gofutures/futures/cluster"
cl, clErr := cluster.NewLocal(1)`)
	if e := value("clErr"); e != nil {
		t.Fatal(e)
	}
	exec(`c := cl.Client()
type pair struct{ A, B int }
func swap(p pair) pair { return pair{p.B, p.A} }
func inc(x int) int { return x + 1 }
got, gotErr := c.Submit(inc, 41).Result()
swapped, swapErr := c.Submit(swap, pair{1, 2}).Result()`)
	if e := value("gotErr"); e != nil {
		t.Fatal(e)
	}
	if e := value("swapErr"); e != nil {
		t.Fatal(e)
	}
	if got := value("got"); got != 42 {
		t.Errorf("inc(41) = %v, want 42", got)
	}
	if got := fmt.Sprint(value("swapped")); got != "{2 1}" {
		t.Errorf("swap(pair{1, 2}) = %v, want {2 1}", got)
	}
}
