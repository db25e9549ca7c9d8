// Package interp runs notebook cells written in Go with the yaegi
// interpreter, keeping state from cell to cell.
package interp
