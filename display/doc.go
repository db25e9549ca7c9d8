// Package display builds what a notebook cell shows: MIME bundles, display
// ids and in-place updates, written to a Sink that the host (the Jupyter
// kernel, or a plain program) provides.
//
// display knows nothing of ZeroMQ, yaegi or futures. The kernel implements
// Sink; the interpreter installs the sink of the running cell with Use, so
// that the package-level functions (HTML, Markdown, Show, New, ...) reach the
// notebook from any goroutine. Without a sink, output goes to stdout as
// text, so programs using display run anywhere.
//
// The files, one concept each:
//
//	bundle.go   Bundle and the MIME types
//	output.go   Sink, Prompter, Comm, CommOpener: what the host implements
//	content.go  bundle constructors (HTMLBundle, PNGBundle, ...) with text fallbacks
//	value.go    FromValue, the rich-value interfaces, Rich, Register
//	show.go     the cell API: HTML, Markdown, Text, PNG, JPEG, SVG, JSON, LaTeX, Show, Clear
//	live.go     RegisterLive: hosts make Show draw their changing values live
//	current.go  Use, Current and the default TextSink
//	handle.go   Handle: one output replaced in place by display id
//	throttle.go Pacer and Clock: coalescing to ~10 sends a second, Flush
//	id.go       display ids
//	plain.go    the text of HTML, for text/plain fallbacks
//
// Pacing: every Handle coalesces its updates (the latest state wins, at
// most one send per DefaultInterval, and the last state is always sent by a
// timer). The host should call Flush when a cell ends, so that the final
// states of that cell's outputs arrive before it reports idle.
//
// Subpackages: widget (status, progress, client summary, task stream),
// plot (gonum plots; importing it teaches Show and Handle.Update to draw
// them) and displaytest (a recording sink and a manual clock for tests).
package display
