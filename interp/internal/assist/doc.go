// Package assist answers what a frontend asks about code being typed,
// before it runs: whether a cell is complete (is_complete_request), from
// its tokens alone. Completion and inspection, which read the session's
// declarations, are still in package interp (complete.go, inspect.go).
package assist
