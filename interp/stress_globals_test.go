//go:build !race

// The race detector reports yaegi's unsynchronized global frame (see the
// package doc, "Concurrency"), so this test runs without it.

package interp

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
)

// globalForms declares a global of every declaration form a cell has, and
// check, which reads them all. The two-value := of a compiled call
// (dir, _ := os.MkdirTemp) once read as "" or garbage in tasks.
const globalForms = `import ("fmt"; "os"; "strconv"; "sync"; "time"; "github.com/gofutures/gofutures/futures")
a := 1
b, _ := strconv.Atoi("2")
dir, _ := os.MkdirTemp("", "gofutures-stress")
var c = 3
var d int
d = 4
var e, f = 5, "six"
const g = 7
type point struct{ X, Y int }
p := point{8, 9}
xs := []int{10, 11}
m := map[string]int{"k": 12}
var mu sync.Mutex
hits := map[string]int{}
func check(who string) string {
	mu.Lock()
	hits[who]++
	mu.Unlock()
	return strconv.Itoa(a+b+c+d+e+g+p.X+p.Y+xs[0]+xs[1]+m["k"]) + f + strconv.FormatBool(dir != "" && dir[0] == '/')
}
want := check("cell")
client := futures.NewClient()
want`

// TestGlobalsOfEveryFormReadByTasks reads globals of every declaration form
// from futures tasks, the cell's goroutines and compiled goroutines, which
// also write to a global map through a mutex, while cell after cell
// declares new globals of every form. Every read must see the values the
// cell gave, and no write may be lost.
func TestGlobalsOfEveryFormReadByTasks(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	b, err := s.Execute(context.Background(), globalForms, rec)
	if err != nil {
		t.Fatal(err)
	}
	want := "72sixtrue"
	if got := b.Data["text/plain"]; got != want {
		t.Fatalf("check() in the cell = %v, want %s", got, want)
	}
	defer s.Execute(context.Background(), "os.RemoveAll(dir)", rec)
	v, ok := s.Value("check")
	if !ok {
		t.Fatal("no check")
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	calls := make([]int, 2)
	for w := range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				var got string
				func() {
					defer func() { recover() }() // ErrInterrupted once ctx ends
					s.runTask(ctx, func() { got = v.Call([]reflect.Value{reflect.ValueOf(fmt.Sprint("host", w))})[0].String() })
				}()
				if ctx.Err() != nil {
					return
				}
				calls[w]++
				if got != want {
					errs <- fmt.Errorf("check() on a compiled goroutine = %q, want %q", got, want)
					return
				}
			}
		}()
	}
	// Futures tasks and a goroutine of the cell's, which count their
	// wrong reads in globals of their own cell.
	if _, err := s.Execute(context.Background(), `stop, finished := make(chan bool), make(chan bool)
bad := make(chan string, 100)
report := func(s string) {
	select {
	case bad <- s:
	default:
	}
}
go func() {
	defer close(finished) // also when a wrong read panics
	for {
		select {
		case <-stop:
			return
		default:
		}
		if v, err := client.Submit(check, "task").Result(); err != nil || v != want {
			report(fmt.Sprint(v, err))
		}
		if check("goroutine") != want {
			report("goroutine")
		}
	}
}()`, rec); err != nil {
		t.Fatal(err)
	}
	for i := range 60 {
		cell := fmt.Sprintf("n%d := %d\nq%d, _ := strconv.Atoi(\"%d\")\nvar r%d = n%d\nvar s%d, t%d = q%d, \"x\"\nconst k%d = %d\ntype T%d struct{ A [%d]int }\nfunc f%d() int { return n%d + q%d + r%d + s%d + k%d + a }\nf%d()",
			i, i, i, i, i, i, i, i, i, i, i, i, i%5+1, i, i, i, i, i, i, i)
		b, err := s.Execute(context.Background(), cell, rec)
		if err != nil {
			t.Fatalf("cell %d: %v", i, err)
		}
		if got := b.Data["text/plain"]; got != fmt.Sprint(5*i+1) {
			t.Fatalf("cell %d showed %v, want %d", i, got, 5*i+1)
		}
	}
	rec2 := &recorder{}
	if _, err := s.Execute(context.Background(), "for i := 0; i < 6000; i++ {\n\tmu.Lock()\n\tran := hits[\"task\"] > 0 && hits[\"goroutine\"] > 0\n\tmu.Unlock()\n\tif ran {\n\t\tbreak\n\t}\n\ttime.Sleep(10 * time.Millisecond)\n}\nclose(stop)\nselect {\ncase <-finished:\ncase <-time.After(time.Minute):\n\tfmt.Println(\"the goroutine did not stop\")\n}\nclose(bad)\nfor b := range bad { fmt.Println(\"bad read:\", b) }\nmu.Lock()\nfmt.Println(hits[\"task\"] > 0, hits[\"goroutine\"] > 0)\nmu.Unlock()", rec2); err != nil {
		t.Fatal(err)
	}
	cancel()
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if out := rec2.out(); out != "true true\n" {
		t.Errorf("the cell's goroutine and tasks: %q", out)
	}
	hv, _ := s.Value("hits")
	for w, n := range calls {
		who := fmt.Sprint("host", w)
		// The last call may have run when ctx ended, uncounted.
		if got := hv.MapIndex(reflect.ValueOf(who)); !got.IsValid() || int(got.Int()) < n || int(got.Int()) > n+1 {
			t.Errorf("hits[%s] = %v, want %d or %d: a write was lost", who, got, n, n+1)
		}
	}
	if strings.Contains(rec.out(), "bad") {
		t.Errorf("output %q", rec.out())
	}
}
