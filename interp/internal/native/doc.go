// Package native builds Go code into plugins the interpreter loads: the
// packages of modules from the Go module proxy that cells import, and
// compiled cells (first line //gofutures:compile).
//
// # Module imports
//
// Import fetches a package's module with `go get` in a workspace module the
// cache owns, generates its symbol table with yaegi's extract package (the
// form of interp/exports: "importpath/name" -> name -> reflect.Value),
// builds that table as a plugin with `go build -buildmode=plugin`, opens
// it and returns the table for the interpreter's Use. The workspace's
// go.mod starts as the list of modules the kernel links, at the kernel's
// versions (runtime/debug.ReadBuildInfo; a test binary, which lists none,
// uses `go list -deps -test` of its package), so that packages a plugin
// shares with the kernel are the same; a module that needs another version
// of one of them is refused (ErrConflict) and the workspace is restored.
// Without a version an import takes the workspace's version of the module
// if it has one, else the latest; a version pins it.
//
// # Compiled cells
//
// Cells.Compile makes the cell a package of the workspace (its marker line
// becomes the package clause, so that compiler errors carry the cell's own
// line numbers, shown as "cell:L:C") with three more files: a bridge
// declaring the names of earlier compiled cells that it uses (aliases of
// their types, variables holding their functions, their constants), an
// exports file giving each declaration an exported name X_name, and the
// interrupt hooks, and the stack files of stack.go. A call of
// gofutures__poll is inserted after the opening brace of every loop body:
// an atomic load of the session's flag, and a call of its check only when
// the flag is set. Every function body starts with gofutures__enter, the
// same check after a stack check that turns runaway recursion into a
// panic the session reports, where Go would end the process. A plugin's main
// package holds the table of the X_ names. The interpreted side (Compiled.
// Bridge) declares the cell's names again as interpreted functions calling
// the compiled ones, type aliases, constants, and variables initialised
// with a copy of the compiled value, so that the session names, redefines,
// submits and completes them like its own.
//
// Limits: generic functions and types stay inside compiled code; compiled
// cells share functions, types and constants with later compiled cells but
// not variables; an interpreted cell sees a copy of a compiled variable;
// compiled code calls the earlier compiled functions it was built against,
// so declaring a function again reaches interpreted callers and later
// compiled cells, not compiled cells built before; compiled cells cannot
// import the kernel's own packages (futures, display) nor use interpreted
// declarations. A plugin is never unloaded, and a package can be loaded in
// one version per process.
//
// # The cache
//
// Everything lives under Config.Dir (default os.UserCacheDir()/gofutures/
// native), in a directory per host key: a hash of the Go version, GOOS/
// GOARCH, the build flags that change package hashes (-race, -tags,
// -trimpath) and every module version the kernel links. Kernels of the same
// build share it; a lock file serializes workspace changes between them.
//
//	KEY/ws/                 the workspace module (go.mod, go.sum)
//	KEY/ws/mods/mHASH/      a module's symbol table, as a plugin main package
//	KEY/ws/cells/cHASH/     a compiled cell's package
//	KEY/ws/cellmain/cHASH/  its plugin main package
//	KEY/plugins/HASH.so     the plugin
//	KEY/plugins/HASH.json   its Record
//	KEY/index/...           requested import (path, version) -> plugin
//
// A plugin's HASH is a content address: for a module, of the host key, the
// import path and the module version; for a cell, of the host key, its
// files, its plugin's main package and the versions of the modules it
// imports (and of the cache's layout). So a cell run
// again, in this kernel or a later one, loads without building, and a
// cached module import costs a file read and plugin.Open.
//
// # State
//
// A Builder (one per session) owns its cache directory's use and its
// toolchain facts; Cells own a session's compiled declarations. The one
// process-wide value is the set of plugins the process opened (plugin.go):
// a plugin cannot be unloaded, nor its path loaded twice, so it belongs
// to the process whichever Builder opened it. Builders of one cache, in
// one process or several, serialize workspace changes with a file lock.
//
// # Speed
//
// A compiled cell's build is one `go build -buildmode=plugin` of its main
// package: with the Go build cache warm (Builder.Warm, run by `gofutures
// warm`, builds a cell that links what every plugin links, and the
// standard packages cells use most, all in plugin mode), it compiles the
// cell's two small packages and links. The link is most of it (about 1 s
// of CPU of 1.2 on two cores): the runtime is linked into every plugin,
// by the C linker, gold when the machine has it (half the time of bfd).
// The export data the type checker reads comes from `go list -export`,
// run beside the build and plugin.Open rather than after them. A cached
// cell or import runs no go command. Compiled.Steps and Module.Steps say
// where the time went; with GOFUTURES_NATIVE_TRACE set, the build's link
// time too (from the go command's -debug-trace).
//
// # Workers on other machines
//
// Tasks of a futures client on a cluster (futures/cluster) run in worker
// processes, on this machine or others, which interpret the declarations
// a task's function needs (interp's journals). When those import a package
// a plugin provides (an imported module's, or a compiled cell's that the
// cell's bridge functions call), the plugin goes with them:
//
//   - The kernel's journal names it on a line "//gofutures:plugin PATH
//     KEY". ShipFiles lists the files a worker may need for KEY: KEY.json
//     (the Record), KEY.so (the plugin), KEY.types (its export data) and
//     the records of the cell plugins it depends on. The cluster's client
//     puts each in the cluster's object store before the first task of a
//     journal that names it, once per cluster: a name is a content
//     address (KEY hashes the host key and every input), so a file of a
//     name never changes and is never sent again.
//   - A worker's import of PATH calls Load(KEY, fetch). A plugin its cache
//     holds is opened (or found open: a second task, or a new journal
//     using the same plugin, costs a stat). Otherwise it fetches the
//     record. When the record's host key is the worker's own (same Go
//     version, GOOS/GOARCH, build flags and kernel modules: the same
//     build of gofutures, typically), it takes KEY.so and KEY.types
//     (cheap: a copy, and no toolchain needed). Else it builds the plugin
//     again with Rebuild: the worker's workspace starts from its own
//     kernel's module list, `go get`s the record's Requires, writes the
//     Files of the records in DependsOn (recursively) and its own, runs
//     `go build -buildmode=plugin ./Main`, and reads the export data with
//     `go list -export`. Plugins must be built by the process's own
//     toolchain and flags, so this needs the record's Go version on the
//     worker (GOTOOLCHAIN stays local). The result lands in the worker's
//     cache under the same KEY, and so is built once per worker cache.
//   - A worker that can do neither (no toolchain, another Go version, a
//     build error, a module it cannot fetch) fails the tasks of journals
//     that import it, with the reason ("this worker could not load PATH
//     (plugin KEY): ..."), the compiler's output included; other tasks
//     run. The failure is kept per journal, so each task of it says so
//     without trying again.
//
// Records are checked before use: a key is [cm] and 20 hex digits, a
// record fetched for KEY must say KEY, and its files must lie inside the
// workspace. A worker trusts the kernel's plugins as it trusts its tasks:
// both run code the notebook wrote. Compiled code on a worker gets no
// interrupt hooks: as for interpreted code there, a cancelled task learns
// of it through a context.Context parameter only.
package native
