package interp

import (
	"reflect"
	"strings"

	"github.com/gofutures/gofutures/display"
)

// Which final expressions are shown, as execute_result:
//
//   - The last statement of a cell is shown when it is an expression and
//     the cell does not end it with a semicolon. `_ = x` is an assignment,
//     so it shows nothing either.
//   - A call is shown according to what the called function returns:
//     nothing when it returns nothing, or only an error, or an int and an
//     error (the shape of fmt.Println and io.Writer.Write, whose byte
//     counts nobody wants to see); a panic or an error returned by it is
//     not hidden: a non-nil error result is shown. Two or three results
//     are shown together, separated by spaces, as fmt.Println prints them.
//   - Anything else is shown through display.FromValue, after the
//     interpreter has told which of the rich-value interfaces (String,
//     HTML, Markdown, PNG, SVG, ...) the value implements.

var errorType = reflect.TypeOf((*error)(nil)).Elem()

// hiddenResults reports whether a function of type t returns nothing
// worth showing: nothing, an error, or (int, error).
func hiddenResults(t reflect.Type) bool {
	switch t.NumOut() {
	case 0:
		return true
	case 1:
		return t.Out(0) == errorType
	case 2:
		return t.Out(0).Kind() == reflect.Int && t.Out(1) == errorType
	}
	return false
}

// render turns what __show returned (one display.Rich, or a slice of
// them for several results) into a bundle.
func render(v reflect.Value) (*display.Bundle, bool) {
	if !v.IsValid() || !v.CanInterface() {
		return nil, false
	}
	switch x := v.Interface().(type) {
	case display.Rich:
		b := display.FromValue(x)
		return &b, true
	case []display.Rich:
		texts := make([]string, len(x))
		for i, r := range x {
			b := display.FromValue(r)
			texts[i], _ = b.Data[display.MIMEText].(string)
		}
		b := display.Bundle{Data: map[string]any{display.MIMEText: strings.Join(texts, " ")}}
		return &b, true
	}
	b := display.FromValue(v.Interface())
	return &b, true
}

// errorResult reports whether v, a __show result for a hidden call, holds
// a non-nil error that should be shown after all.
func errorResult(v reflect.Value) bool {
	if !v.IsValid() || !v.CanInterface() {
		return false
	}
	rs, ok := v.Interface().([]display.Rich)
	if !ok || len(rs) == 0 {
		r, ok := v.Interface().(display.Rich)
		return ok && r.Value != nil
	}
	return rs[len(rs)-1].Value != nil
}
