//go:build race

package interp

// tierEntryTest calls rt.TierOn under the race detector, which would
// report the plain read of rt.TierFlag (see tier_entry.go).
const tierEntryTest = "__rt.TierOn()"
