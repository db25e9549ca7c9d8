// Package displaytest provides in-memory twins for testing code that shows
// output: a Recorder sink that records every output and comm message in
// order, and a manual Clock that makes display's pacing deterministic.
package displaytest
