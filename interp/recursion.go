package interp

// entryCheckpoint is what the rewrite inserts at the entry of a function
// that calls others (a function without calls cannot recurse or run
// long). rt.Enter is the interrupt check of checkpoint, and also panics
// with an *rt.StackOverflowError when the goroutine's stack passes
// rt.MaxStack: Go's own limit would end the process with a fatal "stack
// overflow", which no recover catches, so infinite recursion in a cell, a
// goroutine or a futures task is an ordinary panic instead. A call from
// interpreted code costs yaegi about as much as reading rt.Flag does, so
// the entry calls every time (BenchmarkRecursiveCalls measures it).
const entryCheckpoint = "__rt.Enter();"
