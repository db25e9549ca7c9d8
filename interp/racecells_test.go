package interp

import "regexp"

// goroutineCell matches cells that start goroutines, directly or through a
// range-over-func iterator (lowered to a goroutine).
var goroutineCell = regexp.MustCompile(`(^|\s)go (func|[A-Za-z_]+\()|yield`)

// racyUnderDetector reports whether the race detector would flag src for a
// race inside yaegi itself rather than in our code: when an interpreted
// closure is handed to compiled code (rt.Go), yaegi's function wrapper
// writes the closure's frame slot back under a lock that the interpreted
// parent does not take when it reads that slot. Such cells run in the
// ordinary test build, which checks their output.
func racyUnderDetector(src string) bool {
	return raceBuild && goroutineCell.MatchString(src)
}
