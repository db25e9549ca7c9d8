package futures

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

type point struct{ X, Y float64 }

func TestCall(t *testing.T) {
	errBad := errors.New("bad")
	cases := []struct {
		desc string
		fn   any
		args []any
		want any
		err  string
	}{
		{"calls func(int) int without reflection", func(x int) int { return x + 1 }, []any{1}, 2, ""},
		{"converts an int argument to float64", func(x float64) float64 { return x / 2 }, []any{3}, 1.5, ""},
		{"returns (T, error) as a value and an error", func(x int) (int, error) { return x, errBad }, []any{7}, 7, "bad"},
		{"returns (error) as no value", func() error { return errBad }, nil, nil, "bad"},
		{"returns nothing as nil", func(int) {}, []any{1}, nil, ""},
		{"returns several values as a []any", func(p [2]float64) ([2]float64, float64) { return p, p[0] + p[1] }, []any{[2]float64{1, 2}}, []any{[2]float64{1, 2}, 3.0}, ""},
		{"converts []any to []int", func(xs []int) int { return len(xs) + xs[0] }, []any{[]any{5, 6}}, 7, ""},
		{"converts []any to [2]float64", func(p [2]float64) float64 { return p[1] }, []any{[]any{1.0, 2}}, 2.0, ""},
		{"converts map[string]any to map[string]int", func(m map[string]int) int { return m["a"] }, []any{map[string]any{"a": 4}}, 4, ""},
		{"passes nil as the zero value", func(xs []int) int { return len(xs) }, []any{nil}, 0, ""},
		{"spreads variadic arguments", func(xs ...int) int { return len(xs) }, []any{1, 2, 3}, 3, ""},
		{"passes one slice to a variadic parameter as its slice", func(xs ...int) int { return len(xs) }, []any{[]int{1, 2}}, 2, ""},
		{"passes a struct by field when the types differ", func(p point) float64 { return p.Y }, []any{struct{ X, Y float64 }{1, 2}}, 2.0, ""},
		{"passes any through", func(v any) any { return v }, []any{"s"}, "s", ""},
		{"passes the task's context first", func(ctx context.Context, x int) int {
			if ctx == nil {
				return -1
			}
			return x
		}, []any{4}, 4, ""},
		{"reports a wrong argument count", func(x, y int) int { return x + y }, []any{1}, nil, "takes 2 arguments, got 1"},
		{"reports an argument that does not convert", func(x int) int { return x }, []any{"one"}, nil, "argument 1: cannot use string as int"},
		{"reports a value that is not a function", 42, nil, nil, "not a function"},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			got, err := call(context.Background(), "f", tc.fn, tc.args)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Fatalf("error %v, want one containing %q", err, tc.err)
				}
				if tc.want == nil {
					return
				}
			} else if err != nil {
				t.Fatalf("error %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
}

func TestSubstitute(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	a, b := c.Scatter(1), c.Scatter(2)
	type holder struct {
		V any
		N int
	}
	cases := []struct {
		desc string
		in   any
		want any
	}{
		{"replaces a future by its result", a, 1},
		{"turns a []*Future into a []any of results", []*Future{a, b}, []any{1, 2}},
		{"replaces futures inside []any", []any{a, "x", []any{b}}, []any{1, "x", []any{2}}},
		{"turns a map of futures into a map of results", map[string]*Future{"a": a}, map[string]any{"a": 1}},
		{"replaces futures in interface-typed struct fields", holder{V: b, N: 3}, holder{V: 2, N: 3}},
		{"turns nested slices of futures into nested []any", [][]*Future{{a}, {b}}, []any{[]any{1}, []any{2}}},
		{"rebuilds a struct whose typed fields held futures", struct {
			Xs []*Future
			N  int
		}{[]*Future{a, b}, 4}, struct {
			Xs []any
			N  int
		}{[]any{1, 2}, 4}},
		{"leaves values without futures alone", []int{1, 2}, []int{1, 2}},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			var deps int
			visitFutures(tc.in, func(*Future) { deps++ })
			got := substitute(tc.in, func(f *Future) any { return f.t.result })
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
			if _, plain := tc.in.([]int); plain != (deps == 0) {
				t.Errorf("found %d dependencies", deps)
			}
		})
	}
}

func TestStructFieldsReceiveResults(t *testing.T) {
	c := NewClient()
	defer c.Close()
	type batch struct {
		Xs    []int
		Scale float64
	}
	fs := c.Map(mInc, []int{1, 2, 3})
	in := struct {
		Xs    []*Future
		Scale float64
	}{fs, 2}
	f := c.Submit(func(b batch) float64 { return float64(mSum(b.Xs)) * b.Scale }, in)
	if v := result(t, f); v != 18.0 {
		t.Errorf("got %v, want 18", v)
	}
}

var sharedPoint = &point{1, 2}

func TestKeys(t *testing.T) {
	inc := func(x int) int { return x + 1 }
	key := func(fn any, args ...any) string {
		name, _, f := funcParts(fn)
		return makeKey(name, f, args, false)
	}
	cases := []struct {
		desc string
		a, b string
		same bool
	}{
		{"equal arguments give equal keys", key(mInc, 1), key(mInc, 1), true},
		{"different arguments give different keys", key(mInc, 1), key(mInc, 2), false},
		{"different functions give different keys", key(mInc, 1), key(mDouble, 1), false},
		{"int and float64 arguments differ", key(mInc, 1), key(mInc, 1.0), false},
		{"maps hash the same whatever their order", key(mSum, map[string]int{"a": 1, "b": 2, "c": 3}), key(mSum, map[string]int{"c": 3, "b": 2, "a": 1}), true},
		{"structs hash by value", key(mSum, point{1, 2}), key(mSum, point{1, 2}), true},
		{"distinct pointers to equal values make keys unique", key(mSum, &point{1, 2}), key(mSum, &point{1, 2}), false},
		{"the same pointer twice makes keys unique too", key(mSum, sharedPoint), key(mSum, sharedPoint), false},
		{"a struct holding a pointer makes keys unique", key(mSum, struct{ P *point }{sharedPoint}), key(mSum, struct{ P *point }{sharedPoint}), false},
		{"funcs make keys unique", key(mSum, mInc), key(mSum, mInc), false},
		{"times hash by value", key(mSum, time.Unix(5, 0).UTC()), key(mSum, time.Unix(5, 0).UTC()), true},
		{"different times differ", key(mSum, time.Unix(5, 0).UTC()), key(mSum, time.Unix(6, 0).UTC()), false},
		{"a Func with a token is named by it", key(Func{Name: "f", Token: "t1", Fn: inc}, 1), key(Func{Name: "f", Token: "t1", Fn: func(x int) int { return x }}, 1), true},
		{"Funcs with different tokens differ", key(Func{Name: "f", Token: "t1", Fn: inc}, 1), key(Func{Name: "f", Token: "t2", Fn: inc}, 1), false},
		{"channels make keys unique", key(mSum, make(chan int)), key(mSum, make(chan int)), false},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			if (tc.a == tc.b) != tc.same {
				t.Errorf("%s and %s: same %v, want %v", tc.a, tc.b, tc.a == tc.b, tc.same)
			}
		})
	}
	t.Run("closures over different data differ", func(t *testing.T) {
		mul := func(k int) func(int) int { return func(x int) int { return k * x } }
		if key(mul(2), 1) == key(mul(3), 1) {
			t.Error("two closures share a key")
		}
	})
	t.Run("keys read like inc-<32 hex digits>", func(t *testing.T) {
		k := key(mInc, 1)
		name, hash, _ := strings.Cut(k, "-")
		if name != "mInc" || len(hash) != 32 || strings.Trim(hash, "0123456789abcdef") != "" {
			t.Errorf("key %q", k)
		}
	})
}

func TestFuncNames(t *testing.T) {
	cases := []struct{ full, short string }{
		{"main.inc", "inc"},
		{"github.com/a/b.inc", "inc"},
		{"github.com/a/b.(*T).M-fm", "T.M"},
		{"main.main.func1", "main.func1"},
		{"reflect.makeFuncStub", "func"},
		{"", "func"},
	}
	for _, tc := range cases {
		t.Run(tc.full+" is named "+tc.short, func(t *testing.T) {
			if got := shortName(tc.full); got != tc.short {
				t.Errorf("got %q", got)
			}
		})
	}
	t.Run("Func's name wins", func(t *testing.T) {
		if n, _, _ := funcParts(Func{Name: "inc", Fn: mDouble}); n != "inc" {
			t.Errorf("got %q", n)
		}
	})
}

func TestUnwrapPanic(t *testing.T) {
	err := errors.New("e")
	cases := []struct {
		desc string
		in   any
		want any
	}{
		{"keeps a plain value", "x", "x"},
		{"unwraps a reflect.Value as the interpreter delivers it", reflect.ValueOf(err), err},
		{"turns an invalid reflect.Value into nil", reflect.Value{}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			if got := unwrapPanic(tc.in); got != tc.want {
				t.Errorf("got %#v, want %#v", got, tc.want)
			}
		})
	}
	t.Run("PanicError unwraps to an error value", func(t *testing.T) {
		pe := &PanicError{Value: unwrapPanic(reflect.ValueOf(err))}
		if !errors.Is(pe, err) {
			t.Error("errors.Is does not see the panic value")
		}
		if (&PanicError{Value: 3}).Unwrap() != nil {
			t.Error("a non-error value unwraps to something")
		}
	})
}
