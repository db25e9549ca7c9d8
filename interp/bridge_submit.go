package interp

import (
	"reflect"
	"slices"

	"github.com/gofutures/gofutures/futures"
)

// submit1 and submit2 are what a cell's client.Submit(f, x) and
// client.Submit(f, x, y) call (rewrite_go.go, submitCall): yaegi v0.16.1
// calls a compiled variadic method through reflect with a slice it builds
// element by element, 10 allocations and about 1 µs per call from a loop;
// a plain function of fixed arity takes 4 and half the time.
func submit1(c *futures.Client, fn, x any) *futures.Future { return c.Submit(fn, x) }

func submit2(c *futures.Client, fn, x, y any) *futures.Future { return c.Submit(fn, x, y) }

// submitSymbols are the session's own runtime calls for task calls.
func (s *Session) submitSymbols() map[string]map[string]reflect.Value {
	return map[string]map[string]reflect.Value{rtPath + "/rt": {
		"FuncToken": reflect.ValueOf(s.funcToken),
	}}
}

// funcToken is the token of the function name's latest declaration when
// static, the token a cell's code was compiled with, is that of one of its
// declarations: code compiled before a later declaration calls the new
// body (rewrite_func.go), so its pure tasks must not share keys with the
// old body's, whose results they would get. Another static token (the
// name is a variable now) stays.
func (s *Session) funcToken(name, static string) string {
	def := s.function(name)
	if def == nil || def.token == "" || def.token == static {
		return static
	}
	if slices.Contains(def.past, static) {
		return def.token
	}
	return static
}
