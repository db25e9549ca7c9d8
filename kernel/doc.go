// Package kernel serves the Jupyter messaging protocol (version 5.4) for an
// Executor: it decodes and signs wire messages, keeps the protocol's
// bookkeeping (busy/idle, execution counts, history, comms, stdin) and hands
// cells to the executor.
//
// The protocol is specified at
// https://jupyter-client.readthedocs.io/en/latest/messaging.html.
//
// A Server reads from a Transport: NewZMQ binds the five ZeroMQ sockets a
// connection file names, and kerneltest provides an in-memory twin for
// tests. Messages with a bad or missing signature, a signature already
// seen (a replay), malformed frames or invalid JSON are logged and
// dropped; the server never answers them.
//
// Below the protocol, NewZMQ guards every connection (ZMQOptions): a peer
// announcing a message above the size limit is disconnected before
// anything is allocated for it, a connection that does not finish its
// handshake never delays other clients and is closed after a timeout, and
// a peer that stops reading what the kernel sends, such as a stalled iopub
// subscriber, is disconnected instead of stalling the others.
//
// Concurrency: execute requests run one at a time on the server's execute
// goroutine. Everything else on shell (kernel_info, complete, inspect,
// is_complete, history, comm messages) is answered by the shell goroutine at
// once, even while a cell runs, and the control channel has a goroutine of
// its own, so interrupt_request and shutdown_request reach a busy kernel.
package kernel
