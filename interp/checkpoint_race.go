//go:build race

package interp

// checkpoint calls rt.Check at every loop head under the race detector,
// which would report the plain read of rt.Flag (see checkpoint.go).
const checkpoint = "__rt.Check();"
