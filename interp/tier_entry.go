//go:build !race

package interp

// tierEntryTest is the test, at the entry of a function that may be tiered,
// of whether any native version is waiting in its slot (rt.TierFlag, read
// as checkpoints read rt.Flag).
const tierEntryTest = "*__rt.TierP != 0"
