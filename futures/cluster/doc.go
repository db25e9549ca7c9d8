// Package cluster runs the tasks of a futures.Client on worker processes,
// on this machine or others, through NATS JetStream.
//
// The scheduler stays in the client (its graph, keys, states and events);
// only execution and data move. Ready tasks are published to a work-queue
// stream, in batches when their function is quick; workers take them with
// explicit acknowledgement, report progress while they run, and store each
// result in a key-value bucket (an object store for results over 512 KiB)
// where it stays until the client gathers it or releases its future. A
// task's dependencies are fetched by the worker that runs it from there.
//
// Delivery is at least once: a worker that dies or stalls past the ack
// deadline has its tasks redelivered to another, and the client takes the
// first report of each run, dropping later ones with their data. Cancelling
// a future reaches the worker running it through a cancel subject.
//
// A task placed with futures.OnWorkers or futures.Resources goes to a queue
// of its placement, which only the workers that match take (by name or
// host, and by the resources they advertise, held while the task runs);
// when no live worker matches, the task fails with ErrNoWorker, or runs
// anywhere with futures.AllowOtherWorkers (see placement.go).
//
// Tasks name their function. Compiled functions are registered under a
// name with Register in both the client's and the workers' programs;
// functions declared in notebook cells reach workers as a journal of the
// declarations each one needs (a JournalSource on the client, a Resolver
// on workers; a global it reads goes by its current value), from which a
// worker builds one interpreter per journal, keyed by a hash of its
// content, so that a function declared again runs its new body; files the
// declarations refer to (compiled code, see JournalFiles) go through the
// object store, once per cluster. Arguments and
// results are encoded for the parameter and result types of the function
// (see the codec in codec.go): scalars in a compact form, the rest with
// encoding/gob, whose struct matching by field name lets a struct declared
// in a cell round-trip between interpreters.
//
// The futures package does not import this one: a Cluster is a
// futures.Executor, given to futures.NewClient.
package cluster
