// Package futures runs Go functions as tasks on a pool of workers and hands
// back futures for their results, with the API and semantics of Dask's
// futures: Submit, Map, Gather, Scatter, Cancel, AsCompleted, Wait,
// Progress, Delay/Compute/Persist, and the coordination primitives. It is a plain Go library, knows nothing
// of notebooks, and depends only on the standard library.
//
// # Tasks and keys
//
// Client.Submit(fn, args...) runs fn(args...) on a worker. fn is any Go
// function, compiled or interpreted (called through reflect, any arity),
// or a Func that names it. Futures among the arguments, also inside
// slices, maps and interface-typed struct fields, are dependencies: the
// task runs once they have finished and receives their results in their
// place, converted to the parameter types (a []*Future becomes a []int for
// a []int parameter). Results may be (T), (T, error), (error) or nothing.
//
// Tasks are pure by default, as in Dask: the key (inc-3f9a...) is the
// function's name and a hash of the function and the arguments, and
// submitting the same work again returns a new handle on the same task,
// computed once. Pure(false) gives a task a key of its own. Arguments that
// are identities rather than values (pointers other than futures, funcs,
// channels, and anything holding one) also do, as objects that Dask's
// tokenize cannot hash: two distinct *Acc with equal fields are two
// tasks. Delay is impure by default, as dask.delayed is.
//
// # Errors and panics
//
// A task that returns an error, or panics, fails its future: Result and Err
// return the error and Traceback tells where. A panic becomes a
// *PanicError whose Unwrap returns the panic value when it is an error;
// unlike errgroup, futures never lets a task's panic crash the program.
// Tasks depending on a failed one fail with a *DependencyError that names
// the task that failed first and unwraps to its error. Retries(n) re-runs
// a failing task. A task that calls runtime.Goexit fails with ErrGoexit.
//
// # Cancellation
//
// Cancel stops pending tasks, and ends running ones at once: their future
// is cancelled when Cancel returns, their context (the one passed to
// Hooks.RunTask and to a function whose first parameter is a
// context.Context) is cancelled, and their worker slot goes to a new
// worker. Go cannot stop a goroutine, so the function goes on until it
// returns, if ever, and what it returns is dropped. Tasks waiting on a
// cancelled one are cancelled too. Close cancels everything, and waits
// at most two seconds for cancelled functions to return.
//
// # Memory
//
// A task's result stays in memory while any Future handle on it, or a
// pending task that needs it, exists. Release drops a handle at once; a
// handle that becomes garbage is dropped by the garbage collector (through
// runtime.AddCleanup). Once nothing refers to a task its result is
// dropped, and if it has not run yet, it never will. Compute and Persist
// keep no handle on the intermediate tasks of a graph: each result goes as
// soon as the last task that needs it has run. A held, finished
// future costs about 400 bytes plus its result. OnStatus listeners and
// pending AddDoneCallback callbacks keep their handle alive.
//
// # Tasks that wait
//
// A task may submit tasks and wait for them (Result, Gather, Wait, an
// AsCompleted iterator), on its own client or another: while it waits, its
// worker slot goes to a new worker goroutine, as with Dask's secede and
// rejoin, so the pool never deadlocks on nested work. When the task
// resumes, the pool is briefly over its size until a worker finishes.
//
// # Concurrency
//
// Client, Future, Completed and Delayed are safe for concurrent use by any
// number of goroutines. Client is a scheduler (the graph of tasks, their
// states, keys, reference counts and events, guarded by one mutex) and an
// Executor that runs ready tasks: by default a LocalExecutor with one
// worker goroutine per slot. The Executor interface is the seam for
// running tasks elsewhere. Ready tasks run by Priority, then in the order
// they became ready.
//
// Notifications (Client.Subscribe, Future.OnStatus, AddDoneCallback) are
// delivered in order, one at a time, on a goroutine that caused them (a
// worker, or a caller of Submit, Cancel or Release), after the client's
// lock is released; they must not block for long. Every run is recorded
// with its worker and times, from when it starts, for Client.TaskStream
// (the latest 10,000 by default).
//
// # Costs
//
// Measured on a 2-core machine (bench/futures.sh compares with Dask):
// submitting and gathering trivial tasks costs about 1.3 microseconds per
// task, some 750,000 tasks a second, 10 allocations each; a Hooks.RunTask
// adds about 1 microsecond. The 769-task chain of the tutorials takes under
// 1 ms, a 2,047-task tree reduction about 2 ms, a task's round trip through
// AsCompleted about 6 microseconds, and NewClient is ready for work in about
// 10 microseconds. Waits that must block cost a further microsecond to
// find out whether they run on a worker. Hashing arguments for pure keys
// is linear in their size; Pure(false) skips it.
//
// # Coordination and the cluster
//
// As in Dask, tasks and the caller coordinate through values shared by
// name: Client.Variable, Queue, Lock (a sync.Locker), Semaphore, Event,
// Pub and Sub, and the named datasets of PublishDataset. Each call that
// waits frees the calling task's worker slot. GetClient(ctx) gives a task
// its client; FireAndForget keeps tasks running with no handle; Retry and
// RecreateErrorLocally rerun a failed task, on the workers or in the
// caller. Restart cancels everything; Run, WhoHas, HasWhat, Ncores and
// SchedulerInfo look at the workers, named worker-0, worker-1, ...
//
// # Hosts
//
// SetHooks lets a host such as a notebook interpreter wrap every task run
// (to give it an interrupt checkpoint), render Progress as a live display,
// see each new client, and name where a task panicked in its own terms
// (Hooks.Traceback: the cells and lines of a notebook), which a
// PanicError's Frames and Error and the future's Traceback then show.
// A host with several sessions in one process gives each client the hooks
// of its session instead, with the client option WithHooks.
package futures
