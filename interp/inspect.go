package interp

import "github.com/gofutures/gofutures/display"

// inspect returns help for the symbol under cursor (a code point offset),
// and whether there was one.
func inspect(sc scope, code string, cursor, detail int) (display.Bundle, bool) {
	return display.Bundle{}, false
}
