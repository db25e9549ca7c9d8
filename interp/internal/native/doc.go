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
// The Record next to each plugin (Kind, Key, Go version, build flags, host
// key, Package; Requires: the modules the workspace required beyond the
// kernel's, with their versions; Files: the sources of its main package and, for a cell,
// of the cell's package, by workspace-relative path; Main: the directory
// to build; DependsOn: keys of the earlier cell plugins it imports) holds
// everything needed to build the plugin again elsewhere. A worker with the
// same host key can take the .so itself; another rebuilds: it creates the
// workspace from the kernel's module list (the host key's inputs), `go
// get`s Requires, writes the Files of the records in DependsOn
// (recursively) and its own, and runs `go build -buildmode=plugin ./Main`.
// Builder.Rebuild does exactly that, given a record and a way to fetch
// the records it depends on.
// Plugins must be built by the worker's own toolchain and flags, so a
// worker whose key differs always rebuilds from the record.
package native
