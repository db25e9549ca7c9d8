// Package assist answers what a frontend asks about code being typed,
// before it runs: whether a cell is complete (is_complete_request), from
// its tokens alone; completion (complete_request: names in scope, package
// members, fields and methods along a selector chain, import paths) and
// inspection (inspect_request: signature, doc, value and declaration),
// which read the session through a Scope: its names and values, the
// declaration records of package decls, and the symbol tables of the
// packages a cell may import.
//
// Positions are code points, as Jupyter counts them (ByteOffset).
package assist
