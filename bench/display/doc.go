// Package displaybench measures live display through the path a notebook
// takes, for make bench-display: a kernel.Server over the in-memory
// transport runs cells in an interp.Session, and the figures count what
// reaches the frontend on iopub. The benchmarks live in its tests; this
// package has no other code.
package displaybench
