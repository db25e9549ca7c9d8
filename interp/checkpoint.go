//go:build !race

package interp

// checkpoint is what the rewrite inserts at loop heads: a read of rt.Flag (through rt.FlagP), and a call of rt.Check
// only when some task is stopped (a call costs yaegi a reflect.Call,
// about 100 ns).
const checkpoint = "if *__rt.FlagP != 0 { __rt.Check() };"
