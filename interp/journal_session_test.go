package interp

import (
	"context"
	"strings"
	"testing"
)

// TestJournal pins what a function's journal holds: the declarations it
// needs, transitively, with a type's methods, imports and globals written
// as literals; and what it refuses, with the global or closure named.
func TestJournal(t *testing.T) {
	s, err := New(Options{NoNative: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, cell := range []string{
		`import "strings"`,
		`type pt struct{ X, Y int; tag string }
func (p pt) Sum() int { return p.X + p.Y }
func unused() int { return 1 }
const k = 2
rate := 1.5
grid := map[string][]int{"b": {2}, "a": {1}}
origin := pt{1, 2, "o"}
ptr := &origin
func up(s string) string { return strings.ToUpper(s) }
func f(p pt) float64 { return float64(p.Sum()*k+len(grid)+origin.X) * rate }
func g(p pt) string { return up(p.tag) }
func h() int { return ptr.X }
func adder(n int) func(int) int { return func(x int) int { return x + n } }
add := adder(1)
lit := func(x int) int { return x * k }`,
	} {
		if _, err := s.Execute(context.Background(), cell, nil); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("a function with its type, methods, constants and globals", func(t *testing.T) {
		id, src, err := s.Journal("f")
		if err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{"type pt struct", "func (p pt) Sum() int", "const k = 2", "var rate float64",
			"rate = float64(1.5)", `grid = map[string][]int{string("a"): []int{int(1)}, string("b"): []int{int(2)}}`,
			`origin = pt{X: int(1), Y: int(2), tag: string("o")}`} {
			if !strings.Contains(src, want) {
				t.Errorf("journal of f lacks %q:\n%s", want, src)
			}
		}
		if strings.Contains(src, "unused") || strings.Contains(src, "import") {
			t.Errorf("journal of f holds what it does not need:\n%s", src)
		}
		id2, _, _ := s.Journal("f")
		if id == "" || id != id2 {
			t.Errorf("IDs %q, %q: want equal and not empty", id, id2)
		}
	})
	t.Run("imports the helpers use", func(t *testing.T) {
		_, src, err := s.Journal("g")
		if err != nil || !strings.Contains(src, `import strings "strings"`) || !strings.Contains(src, "func up(") {
			t.Errorf("journal of g: %v\n%s", err, src)
		}
	})
	t.Run("a function literal of globals", func(t *testing.T) {
		_, src, err := s.Journal("lit")
		if err != nil || !strings.Contains(src, "var lit func(x int) int") || !strings.Contains(src, "lit = func(x int) int { return x * k }") {
			t.Errorf("journal of lit: %v\n%s", err, src)
		}
	})
	for _, tc := range []struct{ fn, want string }{
		{"h", "h reads the global ptr"},
		{"add", "add is a closure made by `add := adder(1)`"},
	} {
		t.Run("refuses "+tc.fn, func(t *testing.T) {
			if _, _, err := s.Journal(tc.fn); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	if !s.Declared("f") || !s.Declared("lit") || s.Declared("rate") || s.Declared("nothing") {
		t.Error("Declared is wrong")
	}
}
