// Package display builds what a notebook cell shows: MIME bundles, display
// ids and in-place updates, written to a Sink that the host (the Jupyter
// kernel, or a plain program) provides.
//
// display knows nothing of ZeroMQ, yaegi or futures. The kernel implements
// Sink; the interpreter installs the sink of the running cell with Use, so
// that the package-level functions (HTML, Markdown, Show, New, ...) reach the
// notebook from any goroutine.
package display
