package interp

import (
	"reflect"

	"github.com/gofutures/gofutures/interp/internal/rt"
)

// yaegi v0.16.1 gives each node of a REPL statement a slot in the
// interpreter's global frame, which only grows: the value of an
// expression evaluated as a REPL statement, and of each of its
// temporaries, stays reachable until the session ends. Five cells
// `len(make([]byte, 100<<20))` kept 500 MB. So the final expression of a
// cell is evaluated in a func init, whose frame goes when it returns, and
// handed out through rt.Result.

// evalResult evaluates expr, a call of __show, __show2 or __show3, and
// returns its value; at is the line directive of the expression's
// position, which a panic's frame in the func init names.
func (s *Session) evalResult(c *cell, at, expr string, info *taskInfo) (reflect.Value, error) {
	t := rt.Current()
	if t == nil { // not on a cell's task: no place for the result
		return s.evalStep(c, wrapper+expr, info)
	}
	t.TakeResult()
	_, err := s.evalStep(c, wrapper+"package main\nfunc init() { "+at+"__rt.Result("+expr+") }", info)
	v := t.TakeResult()
	if err != nil || v == nil {
		return reflect.Value{}, err
	}
	return reflect.ValueOf(v), nil
}
