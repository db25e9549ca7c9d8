// Package interp runs notebook cells written in Go with the yaegi
// interpreter (v0.16.1), keeping state from cell to cell; *Session
// implements the kernel's Executor.
//
// # Cells
//
// A cell may mix imports, declarations and statements in any order, and
// may be a whole program (package clause and func main, which then runs).
// The session parses it with go/parser, rewrites it, and evaluates it in
// source order as a few yaegi evaluations (see lower.go): imports first
// (importing a package again does nothing), runs of declarations as one
// file, a top-level `x := v` or `var x = v` as a global that later cells
// see, and other statements as the body of a func init. Variables may be
// redefined by later cells: with a value of the same type, functions
// compiled before see the new value (see redeclare_global.go); with
// another type, the name is a new variable and they keep the old. A type may be declared again only with the
// same definition, since yaegi cannot change a type's shape. A function
// declared again runs its new body for every caller, closure and value
// made before too (see rewrite_func.go); callers compiled for another
// signature panic with a message saying so, and a generic function cannot
// change. A method may be declared again with another body, which then
// runs for every value, method value and interface made before (see
// rewrite_method.go), but not with another signature, nor with another
// body when its type is generic: those are errors.
//
// The rewrite lowers what yaegi v0.16.1 does not run: per-iteration loop
// variables (Go 1.22) where the body may capture them, range over an
// integer (when the syntax or a global shows it is one, or else compiling
// does: see range_retry.go), range over a function iterator (run on a
// goroutine only between iterations; a loop left early, by return, break,
// continue, goto or panic, stops it and waits for it to return, its
// defers run), min, max and clear, `a, b := T{}, v`, which yaegi gets
// wrong, deferred closures and arguments, which it deadlocks on or binds
// late (see rewrite_defer.go), and conversions to the interface types of
// compiled packages, which would drop the methods of the cell's types
// (rewrite_conv.go). A range over a pointer to an array, which yaegi runs
// over the wrong frame slot, ranges over a slice of the array (when the
// syntax, a global or else compiling shows the pointer's type: see
// range_arrayptr.go); one over a nil pointer panics, even with the index
// only. A range over a pointer to anything else, which yaegi would run
// and fail, is an error when the cell compiles (range_guard.go).
// It also inserts interrupt checkpoints and makes go statements recover.
//
// Every behaviour of yaegi v0.16.1 that the session works around is a row
// of the table in workarounds.go: the files of the workaround, what yaegi
// does, and the golden cell or test that pins it. Each row has a canary in
// upstream_test.go that runs the behaviour on plain yaegi; a canary that
// fails after a yaegi upgrade names a workaround that may go.
//
// The final expression of a cell is its execute_result, unless the cell
// ends it with a semicolon; see result.go for which calls are not shown.
// Its renderings come from the interpreter, which can call the String,
// HTML, Markdown, PNG, JPEG, SVG, LaTeX, JSON and Bundle methods of
// interpreted types, and display.FromValue. The argument of display.Show,
// and of a display handle's Show and Update, is rendered by the
// interpreter the same way (see richtypes.go).
//
// Standard input is the frontend's: fmt.Scan, Scanf and Scanln, and reads
// of os.Stdin through an io.Reader (bufio.NewReader, bufio.NewScanner,
// io.ReadAll, fmt.Fscan) or its Read method, ask for a line with an
// input_request, and fail with an error saying so where the frontend
// allows no input (stdin.go, rewrite_stdin.go). os.Stdin stays the
// process's *os.File for code that wants one.
//
// Output written by interpreted code (fmt.Print*, println, log) goes to
// the sink of the cell that started the writing goroutine, even after that
// cell ended; goroutines the session does not know write to the sink of
// the latest cell. yaegi leaves os.Stdout and os.Stderr the process's own
// files: with Options.CaptureFD, what anything writes to descriptor 1, to
// os.Stderr or through the standard logger reaches the running cell too.
// Descriptor 2 stays the process's standard error, the kernel's log, so
// that the runtime's fatal errors (concurrent map writes, out of memory)
// reach it and the process ends rather than hangs (see fatal.go).
//
// Calls such as c.Submit(f, x), c.Map(f, xs) and futures.Delay(f, x),
// where f names a function of the user's, pass futures.Func{Name, Token,
// Fn} instead of f, Token hashing f's declaration, so that the futures
// runtime can name tasks and give equal calls equal keys.
//
// # Layout
//
// A cell's path reads top to bottom in pipeline.go, where Session.run
// takes it through one function per stage, each saying what it takes and
// gives:
//
//   - enter: Execute (session.go) splits off magics (magic*.go) and hands
//     the Go to run; enter lets background-compiled functions take over
//     (tier*.go) and turns a compiled cell into calls of its plugin
//     (native.go);
//   - parse: cell.go splits the cell into items (imports, declarations,
//     statements) with their cell positions;
//   - check: typecheck.go, over internal/typecheck, checks the cell as Go
//     against the session's declarations; record numbers it;
//   - lower: rewrite.go and the files named for a Go feature
//     (rewrite_*.go, range_*.go, redeclare_global.go, restore.go) edit
//     the cell's text, every yaegi workaround a row of workarounds.go;
//     lower.go and lower_typed.go turn the items into steps, each one
//     yaegi evaluation;
//   - evaluate: the cell's task (interrupt.go) runs evalSteps (run.go),
//     with the prelude (prelude/prelude.go) and the runtime (internal/rt)
//     already compiled into the interpreter; errors.go turns yaegi's
//     failures into *Error, reading its messages through
//     internal/yaegimsg, the one place that parses them;
//   - show: the step of the final expression, show (run.go, result*.go,
//     richtypes.go), renders its value;
//   - finish: the checker, tiering, background goroutines and the cell
//     record learn how the cell ended.
//
// Beside the flow: completion, inspection and whether a cell is complete
// (internal/assist, which sees the session through assistScope in
// packages.go), which with %who, cell-type rendering and the cluster
// journal read internal/decls, the records of what each cell declared;
// output (stdio.go,
// capture*.go, stdin.go), the futures and display bridge (bridge*.go),
// and compiled code (native*.go, tier*.go, internal/native).
//
// # Magics
//
// As in IPython, a cell may start with %%time, and a line of it may be a
// line magic (%time, %who, %env, %cd, %pwd, %lsmagic, %help) or a shell
// command (!command, run by /bin/sh with its output streamed to the cell,
// killed with its process group by an interrupt), wherever a Go statement
// could begin at the top level of the cell. Such a cell runs as segments:
// its runs of Go lines as cells of their own, which keep the cell's line
// and column numbers, and its magic lines between them (magic.go).
// Commands a cell starts with os/exec are killed when it is interrupted
// (exec.go).
//
// # Native code
//
// A cell's import of a package no symbol table provides fetches its module
// from the module proxy and loads it as a Go plugin, and a cell whose
// first line is //gofutures:compile is compiled into one (native.go and
// internal/native, whose doc describes the cache); a //gofutures:require
// line pins a module's version. The session then runs, instead of a
// compiled cell, interpreted declarations that call its compiled code, so
// that its functions are named, redefined, submitted and completed like
// interpreted ones. Options.NativeCache and Options.NoNative configure it.
//
// A function a cell declares that uses only its parameters and locals,
// compiled packages, the cells' constants and, called directly, the cells'
// functions (tier_eligible.go) is compiled the same way in the background,
// one at a time at low priority, giving way to builds cells ask for. Its
// native version runs from its next call, even while a cell runs, through
// a tier slot its interpreted entry tests; before the next cell, or when
// none runs, it is declared again as a call of the native one, through the
// routing of function redeclaration; %who marks it "(native)" and %tier
// shows every function's state. Calls to other functions of the cells go
// through routes that follow their redeclarations. A doc comment line
// //gofutures:interpret, %tier off, Options.NoTier or GOFUTURES_TIER=0
// keep functions interpreted (tier.go).
//
// # Clusters
//
// cluster.NewLocal and cluster.Connect in a cell give the cluster the
// session as its cluster.JournalSource (cluster.go): a function a cell
// declared runs on the workers from its journal, the declarations it
// needs written out as one cell, globals by their current values
// (journal.go). The session closes the clusters its cells left open.
//
// # Type checking
//
// Before anything of a cell runs, go/types checks it against the
// declarations of the cells that ran before and the real types of every
// importable package (internal/typecheck; typecheck.go). A cell Go rejects
// fails with go/types' messages, all of them up to ten, at the cell's
// lines, and declares nothing; earlier declarations stay. The rewrites read
// the types it found: a top-level define or var declaration is declared
// with its checked types (lower_typed.go), calls of a cell's generic functions get their
// inferred type arguments, as do calls of package slices and maps (whose
// named slice and map operands the session's own generic functions get as
// their underlying types: generics_named.go), a var a function declares
// with a generic call's value is declared and assigned apart
// (rewrite_genericvar.go), reads of os.Stdin go to the frontend
// (rewrite_stdin.go), untyped nils of multiple assignments get their
// variables' types, only the futures package's Submit, Map and Delay get a
// futures.Func, and a final call's results are counted.
//
// # Errors
//
// Errors are *Error values with the kind, message and cell positions
// Jupyter shows (ename, evalue, traceback). The kind is an ErrorKind, whose
// text is the ename: "SyntaxError", "CompileError", "panic",
// "Interrupted", "InternalError" (a panic inside yaegi), "UsageError" (a
// magic used wrongly) and "OSError" (%cd or a command that could not
// start). No cell stops the process: every evaluation recovers,
// and go statements are rewritten to start their goroutines through an
// interpreted helper that recovers and reports panics, runtime errors
// included, to the stderr of the cell that started them. Calls nested
// deeper than rt.MaxStack bytes of stack (about 1,700 interpreted calls)
// panic with a stack overflow error, so that infinite recursion fails the
// cell, goroutine or task instead of ending the process (see
// recursion.go), and a cell that calls runtime.Goexit ends with an error.
// Compile errors name positions as "cell:L:C", as go build does. A
// traceback names each frame as IPython does, by the execution count of
// its cell, "In [7], line 3, in div" ("In [7], line 3" at a cell's top
// level), innermost first, quoting the line; the count is the one the
// sink reports (ExecutionCount, as the kernel's does), else the session's
// own count of cells. Panics of futures tasks (a *futures.PanicError's
// Frames and Error, the future's Traceback, through the futures hook
// Traceback: taskFrames) and of goroutines take the same form, and so do
// those of tasks run by a cluster's workers: a journal names the cell and
// line of each declaration (journal_origin.go). A cell
// longer than 9999 lines gets wrong positions past that line. yaegi reports only
// the first statement of each function, so the rewrite marks, before each
// statement that may panic, where its function is (rewrite_pos.go): each
// frame names the statement it was running. A function's mark is shared by
// its goroutines and recursive calls, so a frame may name the statement
// that another goroutine running the same function reached just then, outer
// frames of a recursive function name its recursive call (when it has one),
// and the conditions of else-if and case clauses are reported at their if
// or switch. A mark costs about 20 ns where it runs, and about 100 ns per
// call of its function, since yaegi allocates each call a new frame value
// for every node; a function with at most one statement that may panic gets
// none, and a call of a function that cannot panic needs none.
//
// # Memory
//
// What a cell stores at the top level is freed once nothing reaches it:
// its final expression, and the values of its top-level defines and var
// declarations, are computed in func inits, whose temporaries go when they
// return (result_mem.go, lower_typed.go). Once a cell ran, the session
// keeps of it only the lines and positions that tracebacks of its
// functions name, and nothing of a cell whose code cannot run again
// (cell_forget.go): a cell like `1 + 1` or `x := 1` leaves tens of bytes.
//
// # Interrupts
//
// Cancelling the ctx of Execute stops the cell at its next checkpoint
// (loop heads, and entries of functions that call other functions): the
// checkpoint panics with ErrInterrupted in the cell's goroutines only, and
// every earlier definition and closure keeps working. yaegi's own
// cancellation is not used: it would stop every interpreted goroutine and
// leave earlier closures returning zero values. A cell blocked where no
// checkpoint runs (a channel operation, a compiled call) is abandoned:
// Execute returns after 50 ms and the goroutine ends at its next
// checkpoint, if it reaches one. Within those 50 ms Execute also waits
// for the goroutines the cell started to stop, so that they do not run
// beside the next cell's new globals (see Concurrency). While a stopped cell still has
// goroutines, every checkpoint costs a goroutine lookup (about 1 µs).
//
// An interrupt stops the running cell and the goroutines it started, not
// the goroutines of earlier cells, as IPython interrupts only its main
// thread: background work an earlier cell started (a ticker updating a
// display, a server) survives an interrupt of the cell that looks at it.
// An interrupt while no cell runs has nothing else to stop, so it stops the
// goroutines of every earlier cell (the kernel calls InterruptIdle); a
// runaway goroutine needs no restart. Close stops them too. Futures tasks
// and the goroutines they start are stopped only by cancelling them, and
// functions and closures of a cell whose goroutines were stopped keep
// working.
//
// # Process-wide state
//
// A session keeps its state, so that sessions in one process (tests make
// many) do not see each other, as TestSessionsInOneProcessStayApart
// checks: its bridge (bridge.go) with the futures hooks that the clients
// its cells make get (futures.WithHooks, through the session's own
// futures.NewClient, cluster.NewLocal and cluster.Connect), its live
// shower for display.Show, which declines goroutines of other sessions,
// the report of panics of goroutines that interpreted code starts from
// compiled code (the session's rt.Spawn, runtime.go), and the slots where
// its functions mark the statement they are at (rt.Lines, rewrite_pos.go). Display output
// of the goroutines of a session's cells and tasks goes to the session's
// latest cell (display.Route, routeSink in stdio.go).
//
// What is left is the process's by nature:
//
//   - display's current sink (display.Use), which each cell installs for
//     goroutines of no session (compiled code's own), and the routing
//     function, installed once; the renderers of cell types, kept by
//     reflect type, which cell types of several sessions may share, each
//     renderer checking the value's type in its own interpreter
//     (richtypes.go);
//   - the futures hooks of clients that compiled code makes (a plugin
//     calling futures.NewClient): none, since no session installs
//     futures.SetHooks, so their tasks run without interrupt checkpoints,
//     Progress of their futures draws a text bar, and no session closes
//     them;
//   - internal/rt's tables, whose keys are unique in the process: the task
//     of each goroutine (which names its session), the function guards
//     and tier slots, numbered process-wide; and the flags that make
//     checkpoints look up tasks while any session's stopped task still
//     runs;
//   - the standard logger, which yaegi writes to: compiling makes it drop
//     yaegi's "nil type" lines while any session compiles (quietNilType,
//     session.go), and CaptureFD points it at the cells;
//   - descriptors 1 and 2 and os.Stdout and os.Stderr, which one session
//     at most captures (capture.go, fatal.go);
//   - the plugins of native code, which Go loads once per process and
//     never unloads (internal/native);
//   - yaegi's own cancellation, which would stop the goroutines of every
//     interpreter, and which no session uses (see Interrupts).
//
// # Concurrency
//
// Execute and Evaluate are serialized: one cell evaluates at a time.
// Complete, Inspect and IsComplete may run beside them; Value reports
// false rather than wait while a cell runs.
//
// Interpreted code may still run beside a cell: goroutines of earlier
// cells, and futures tasks on their workers (runTask). yaegi v0.16.1 keeps
// all globals in one frame that each evaluation updates without a lock
// that running code takes: it stores the frame's cancellation channel
// again (always the same value) and, when the cell declares new globals,
// replaces the slice of globals by a longer copy. The session accepts
// this, with this guarantee, which TestTasksRunWhileCellsDeclareGlobals
// exercises: code running beside a cell computes the same results and the
// process survives, because it only reads globals that existed when it
// was compiled, whose values the copy keeps. What is not guaranteed: a
// write to a global by running code while a cell declares new globals may
// be lost. Tasks should return their results rather than assign globals.
// The race detector reports these accesses, so tests that run interpreted
// code beside a cell evaluation are built without it.
//
// yaegi v0.16.1 has a second race of this kind, inside closures: when a
// call of a closure returns, yaegi writes the value the literal's slot held
// before back into the frame that made the closure, under a lock that the
// code of that frame does not take when it reads the slot. A closure run on
// another goroutine while its maker makes the next closure from the same
// literal (a go statement in a loop) therefore races, and the maker may
// read an earlier closure back. The rewrite of go statements keeps the
// goroutine interpreted and makes its closures in a frame of their own (see
// rewrite_go.go). What the rewrite cannot reach is a closure the cell
// makes itself and then runs on a goroutine, made anew in a loop
// (`f := func() {...}; go f()`), or handed to compiled code that runs it
// on its own goroutines. A third race: a select statement keeps its cases
// in the compiled statement, so goroutines running the same select at
// once race, and one may wait on the other's channels; the iterators of
// range over func, nested, would, so they wait through compiled helpers
// (rt.First, rt.Offer). With that, cells that start goroutines, directly
// or through range over func, are clean under the race detector and run
// in its tests. One more remains: a goroutine that panics while a cell
// compiles reads, to name the panicking function, the package scope that
// compiling writes (the same value again); tests that do this wait for
// the goroutine's report first.
package interp
