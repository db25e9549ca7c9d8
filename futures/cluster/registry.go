package cluster

import (
	"context"
	"fmt"
	"reflect"
	"sync"

	"github.com/gofutures/gofutures/futures"
)

// Tasks name their function; workers look the name up. Compiled functions
// are registered under a name on both sides (a worker is the same program,
// or another built with the same registrations); functions declared in
// notebook cells are found by a Resolver from the session's declarations.

var registry struct {
	sync.RWMutex
	byName map[string]any
	byFunc map[uintptr]string
}

// Register makes fn callable by workers under name. A program that runs
// tasks on a cluster registers its functions in both the client and the
// worker processes (typically in an init function or at the start of
// main), under the same names. Registering a name again replaces it.
// Register panics if fn is not a function.
//
// The registry is the process's: it stands for the program's code, which
// is the process's too.
func Register(name string, fn any) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		panic(fmt.Sprintf("cluster: Register(%q) of a %T, not a function", name, fn))
	}
	registry.Lock()
	defer registry.Unlock()
	if registry.byName == nil {
		registry.byName = map[string]any{}
		registry.byFunc = map[uintptr]string{}
	}
	registry.byName[name] = fn
	registry.byFunc[v.Pointer()] = name
}

func registered(name string) (any, bool) {
	registry.RLock()
	defer registry.RUnlock()
	fn, ok := registry.byName[name]
	return fn, ok
}

// registeredName returns the name fn was registered under.
func registeredName(fn any) (string, bool) {
	v := reflect.ValueOf(fn)
	if v.Kind() != reflect.Func {
		return "", false
	}
	registry.RLock()
	defer registry.RUnlock()
	name, ok := registry.byFunc[v.Pointer()]
	return name, ok
}

// A Resolver finds the functions declared in a notebook session, for
// workers: the host that interprets cells (cmd/gofutures) implements it.
// Journal is the declarations a function needs; a resolver builds one
// interpreter per journal (its ID is a hash of its content) and caches it.
// Top-level statements of the cells never run on workers.
//
// Resolve returns the function, or a Hosted when calls of it must go
// through the host's hooks.
type Resolver interface {
	Resolve(ctx context.Context, j Journal, name string) (any, error)
}

// Hosted is a function a Resolver found that runs through its host's
// hooks, as a task of a futures.Client with those hooks would: the worker
// calls Func inside Hooks.RunTask, and for a panic asks Hooks.Traceback
// where it was (an interpreter names its cells' lines), which the client
// then gets as the Frames of its *futures.PanicError. The other hooks are
// not used.
type Hosted struct {
	Func  any
	Hooks futures.Hooks
}

// Journal names the declarations a task's function needs; Source fetches
// their source text from the cluster.
type Journal struct {
	ID     string // a hash of the source: equal journals have equal IDs
	Source func(ctx context.Context) (string, error)
	// Fetch reads a file the declarations refer to (JournalFiles) from
	// the cluster, by name.
	Fetch func(ctx context.Context, name string) ([]byte, error)
}

// A JournalSource gives a client the declarations of its session's
// functions. The host that interprets cells implements it; a client
// without one runs registered functions only.
type JournalSource interface {
	// Declared reports whether name is a function the cells declared.
	Declared(name string) bool
	// Journal returns the source of the declarations the function name
	// needs (the functions it calls, the types, constants and globals it
	// uses, with their methods and imports; a global by its current
	// value), and an ID that is a hash of that source. It returns an
	// error that says why when the function cannot run elsewhere (a
	// closure whose captured values cannot be written out). It is called
	// for every task, from the client's goroutines, while a cell may be
	// running: it must be quick and must not wait for the cell.
	Journal(name string) (id, source string, err error)
}

// JournalFiles is implemented by a JournalSource whose declarations refer
// to files workers need besides their source: the compiled code of
// compiled cells and imported modules. Before the first task of a journal
// the client puts each file it names in the cluster's object store, once
// per cluster (names are content addresses: a file of a name never
// changes), and workers read them with Journal.Fetch.
type JournalFiles interface {
	// JournalFiles returns the names of the files the declarations source
	// (a Journal's) refers to.
	JournalFiles(source string) ([]string, error)
	// JournalFile returns the content of one of them.
	JournalFile(name string) ([]byte, error)
}

// journalFilePrefix + a JournalFiles name is the file's name in the
// object store (beside large results, whose names are task keys).
const journalFilePrefix = "journal-file/"
