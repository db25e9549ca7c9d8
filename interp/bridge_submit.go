package interp

import (
	"errors"
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

// taskVal is __rt.Val, the identity: passing a cell's function to it, a
// compiled function, makes yaegi wrap the function in one Go can call
// (rewrite_taskvalue.go).
func taskVal(v any) any { return v }

// errFuncInInterface is the error of a task whose function is a cell's
// function that reached the runtime inside an interface value.
var errFuncInInterface = errors.New("interp: a cell's function held in an interface value (any) cannot run as a task: " +
	"pass it by its name, or in a variable of its func type")

// taskFn is __rt.TaskFn, what a task call passes for a function whose
// type in the cell is an interface: yaegi keeps a cell's function
// converted to an interface as its own node, which Go cannot call, so
// that one becomes a task failing with errFuncInInterface. Any other value
// passes as it is.
func taskFn(fn any) any {
	if t := reflect.TypeOf(fn); t != nil && t.Kind() == reflect.Pointer && t.Elem().PkgPath() == yaegiInterp {
		return futures.Func{Name: "func", Fn: func(...any) error { return errFuncInInterface }}
	}
	return fn
}

// yaegiInterp is the import path of yaegi's interpreter, whose own types
// are those of the values it keeps for itself.
const yaegiInterp = "github.com/traefik/yaegi/interp"
