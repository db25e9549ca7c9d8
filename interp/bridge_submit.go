package interp

import "github.com/gofutures/gofutures/futures"

// submit1 and submit2 are what a cell's client.Submit(f, x) and
// client.Submit(f, x, y) call (rewrite_go.go, submitCall): yaegi v0.16.1
// calls a compiled variadic method through reflect with a slice it builds
// element by element, 10 allocations and about 1 µs per call from a loop;
// a plain function of fixed arity takes 4 and half the time.
func submit1(c *futures.Client, fn, x any) *futures.Future { return c.Submit(fn, x) }

func submit2(c *futures.Client, fn, x, y any) *futures.Future { return c.Submit(fn, x, y) }
