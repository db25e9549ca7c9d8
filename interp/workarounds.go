package interp

// The workarounds of yaegi v0.16.1, in one table: the first place to look
// when a cell runs wrongly, and when yaegi changes.
//
// Each row is a behaviour of yaegi v0.16.1 that the session works around,
// named for the Go feature it concerns: the files that hold the
// workaround, what yaegi does, and the golden cell (testdata/cells) or
// else the test that pins the session's behaviour. Each row has a canary
// of the same name in upstream_test.go (TestYaegiCanaries), which runs the
// smallest snippet that shows the behaviour on plain yaegi (its interp
// package with the stdlib symbols, nothing of ours) and passes while yaegi
// still misbehaves. When a yaegi upgrade makes a canary fail, the row's
// workaround may go: delete it, keep the golden cell and its test passing,
// then delete the row and its canary. TestWorkaroundsTable checks the
// table against the files.
type workaround struct {
	feature string   // the Go feature; the name of the canary
	files   []string // where the workaround is, relative to interp/
	yaegi   string   // what yaegi v0.16.1 does
	golden  string   // the golden cell that pins the session's behaviour, or ""
	test    string   // when there is no golden cell, the test that pins it
}

var workarounds = []workaround{
	// Loops.
	{feature: "per-iteration loop variables", files: []string{"rewrite.go", "rewrite_loop.go"},
		yaegi:  "closures made in a loop share its variables, as before Go 1.22: [3 3 3]",
		golden: "loopvar.go"},
	{feature: "range over an integer", files: []string{"rewrite_range.go"},
		yaegi:  `compiling panics with log.Panic("nil type"), which escapes Eval`,
		golden: "rangeint.go"},
	{feature: "range over an integer of unknown type", files: []string{"range_retry.go"},
		yaegi:  `the same "nil type" panic when only compiling shows the operand (a field, a result) to be an integer`,
		golden: "rangeunknown.go"},
	{feature: "range over a function", files: []string{"rewrite_range.go", "rewrite_loop.go", "runtime.go"},
		yaegi:  `compiling panics with "nil type"; the prelude's __pull runs the iterator on a goroutine, handing values over through rt.First and rt.Offer, since goroutines running one select statement race`,
		golden: "rangefunc.cell"},
	{feature: "range over a pointer to an array", files: []string{"range_arrayptr.go"},
		yaegi:  "keeps the array in the frame slot before the loop's index: the wrong variable, or index -1",
		golden: "rangearrayptr.go"},
	{feature: "range over a pointer to another type", files: []string{"range_guard.go"},
		yaegi: "compiles it as a range over a pointer to an array, to fail only when it runs",
		test:  "TestRangeOverPointer"},

	// Builtins, assignments and conversions.
	{feature: "min, max and clear", files: []string{"rewrite.go", "runtime.go"},
		yaegi:  "undefined: the builtins came after its Go 1.21 baseline",
		golden: "minmaxclear.go"},
	{feature: "a composite literal in a define of several names", files: []string{"rewrite.go"},
		yaegi:  "`t, w := T{1}, 5` silently leaves w zero",
		golden: "multiassign.go"},
	{feature: "conversion to an interface type of a compiled package", files: []string{"rewrite_conv.go"},
		yaegi:  "converts with reflect alone, dropping the methods of cell types: fmt.Stringer(v) panics in reflect.Set",
		golden: "ifaceconv.cell"},
	{feature: "deferred closures and arguments", files: []string{"rewrite_defer.go"},
		yaegi:  "makes a deferred func literal when the defers run and keeps deferred arguments in slots later iterations overwrite; a deferred closure its function made deadlocks (traefik/yaegi#1697; no canary: a hang)",
		golden: "defer.go"},
	{feature: "closures made in loops", files: []string{"rewrite_closure.go", "rewrite_defer.go"},
		yaegi:  "a closure's return writes its literal's slot back, so a loop making closures that run elsewhere reads an earlier closure or a nil func: \"call of nil function\"",
		golden: "closureloop.go"},
	{feature: "go statements", files: []string{"rewrite_go.go"},
		yaegi:  "a panic in an interpreted goroutine ends the process; a closure run on another goroutine races with the frame that made it (no canary: a race); the method value of a compiled method has the method expression's type (`go wg.Done()`: reflect.Set ... not assignable)",
		golden: "gopanic.cell"},
	{feature: "method values of compiled types", files: []string{"rewrite_methodvalue.go"},
		yaegi:  "`sub := client.Submit` gives the method value the method expression's type, receiver first: \"cannot use type func(*futures.Client, ...) ... in assignment\"",
		golden: "methodvalue.cell"},
	{feature: "cell functions in interface values", files: []string{"rewrite_taskvalue.go", "bridge_submit.go"},
		yaegi: "a cell's function converted to an interface (a parameter of type any of a cell's function, `var f any = inc`) stays the interpreter's own node, which compiled code cannot call: Submit through a method value failed with \"not a function: *interp.node\"",
		test:  "TestTaskCallsThroughValues"},

	// Declaring again.
	{feature: "functions declared again", files: []string{"rewrite_func.go", "funcguard.go", "funcguard_race.go"},
		yaegi:  "code compiled before the new declaration keeps calling the old body",
		golden: "redefinefunc.cell"},
	{feature: "methods declared again", files: []string{"rewrite_method.go"},
		yaegi:  "keeps the first body of a method; declaring it again is silently ignored",
		golden: "redefinemethod.cell"},
	{feature: "globals declared again", files: []string{"redeclare_global.go"},
		yaegi: "`x := v` again makes a new global; functions compiled before read the old one",
		test:  "TestGlobalDeclaredAgainReachesEarlierCode"},
	{feature: "types declared again", files: []string{"run.go"},
		yaegi: "accepts a new definition of a type without error and keeps the old one",
		test:  "TestCellsKeepState"},
	{feature: "function declarations that fail to compile", files: []string{"restore.go"},
		yaegi: `registers the function anyway; calling it panics inside yaegi ("index out of range [0] with length 0")`,
		test:  "TestAFailedDeclarationLeavesTheEarlierOne"},
	{feature: "type parameter names", files: []string{"rewrite_typeparams.go"},
		yaegi: `leaves a generic function's type parameters in the package scope: a later type of that name panics ("nil reflect type")`,
		test:  "TestTypesNamedLikeTypeParameters"},
	{feature: "importing again", files: []string{"run.go"},
		yaegi:  `importing a package a second time: "redeclared in this block"`,
		golden: "reimport.cell"},

	// Top-level statements of a cell (the REPL forms).
	{feature: "declarations and statements in one cell", files: []string{"lower.go"},
		yaegi:  `one Eval is all declarations or all statements: "expected declaration"`,
		golden: "mixed.cell"},
	{feature: "a var whose value reads a global", files: []string{"lower.go"},
		yaegi:  "`var y = x * 10` after a top-level `x := 3`: \"variable definition loop\"",
		golden: "varafter.cell"},
	{feature: "a define of several names in a top-level block", files: []string{"lower.go"},
		yaegi:  "`n, err := f()` in a block at the top level: \"undefined: err\"",
		golden: "blockdefine.go"},
	{feature: "a top-level define reading an element of a global", files: []string{"lower_typed.go"},
		yaegi:  "`t := ss[0]`: \"constant definition loop\"",
		golden: "typeddefine.cell"},
	{feature: "a top-level define of a method's two results", files: []string{"lower_typed.go"},
		yaegi:  "`info, err := entries[0].Info()`: a nil pointer dereference inside yaegi",
		golden: "methodresults.cell"},
	{feature: "untyped nils assigned to several variables", files: []string{"lower_typed.go"},
		yaegi: "`a, b = nil, nil`: \"reflect: New(nil)\"",
		test:  "TestNilsForSeveralVariables"},
	{feature: "type arguments inferred from a function literal", files: []string{"lower_typed.go"},
		yaegi:  `"cannot use type func(int) string as type func(int) int"`,
		golden: "generics.cell"},

	// Types and values seen from compiled code.
	{feature: "methods of cell types", files: []string{"richtypes.go"},
		yaegi: "compiled code sees no method of a cell type (reflect reports none), so display cannot call String or HTML",
		test:  "TestCellTypesShowRichly"},
	{feature: "names and fields of cell types", files: []string{"internal/decls/decls.go", "internal/assist/members.go"},
		yaegi: "a cell's struct type is an unnamed reflect.StructOf whose unexported field hidden is exported as Xhidden",
		test:  "TestCompleteListsMethodsCellsDeclare"},
	{feature: "the generic standard library", files: []string{"generics.go", "generics/slices/slices.go", "generics/maps/maps.go"},
		yaegi:  "runs Go 1.22's slices without its sorting functions (slices.Sort is undefined) and no iterator functions",
		golden: "generics.cell"},
	{feature: "type arguments of the generic standard library", files: []string{"generics_named.go", "generics.go"},
		yaegi:  `cannot infer the type arguments of Go 1.22's slices.Contains, Index, Clone... from a named slice type ("undefined type for E"), nor, once the session's generics are loaded, from []int; nor those of a []E parameter from a named slice type`,
		golden: "namedgenerics.go"},
	{feature: "a var declared with a generic call's value", files: []string{"rewrite_genericvar.go"},
		yaegi:  "`var c int = id(3)` in a function silently leaves c zero",
		golden: "genericvar.go"},

	// Running, stopping, memory and the process.
	{feature: "panic positions", files: []string{"rewrite_pos.go", "mark.go", "mark_race.go"},
		yaegi: `each "L:C: panic: f(...)" frame line names the first statement its function ran, not the one that panicked`,
		test:  "TestPanicPositions"},
	{feature: "interrupts", files: []string{"checkpoint.go", "checkpoint_race.go", "interrupt.go"},
		yaegi: "EvalWithContext's cancellation stops every interpreted goroutine, and closures made before it return zero values ever after",
		test:  "TestInterrupt"},
	{feature: "syntax trees kept", files: []string{"yaegi_roots.go"},
		yaegi: "keeps the syntax tree of everything it compiled, for its debugger: about 10 KB a cell",
		test:  "TestTrivialCellsKeepLittle"},
	{feature: "values of top-level expressions kept", files: []string{"result_mem.go"},
		yaegi: "gives each node of a REPL statement a slot of the global frame, which only grows: every value stays reachable",
		test:  "TestTopLevelValuesAreFreed"},
	{feature: "the process environment", files: []string{"env.go"},
		yaegi: "gives a script a private copy of the environment: os.Setenv in a cell reaches no child process",
		test:  "TestCellsShareTheProcessEnvironment"},
	{feature: "os.Stdin", files: []string{"rewrite_stdin.go", "stdin.go"},
		yaegi:  "leaves os.Stdin the process's own file, which in a kernel is not the user: reads give nothing",
		golden: "stdin.cells"},
	{feature: "os.Stdout", files: []string{"capture.go"},
		yaegi: "redirects fmt.Print and log but leaves os.Stdout the process's own file",
		test:  "TestCaptureFD"},
}
