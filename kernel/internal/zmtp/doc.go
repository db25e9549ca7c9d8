// Package zmtp guards the kernel's ZeroMQ connections against peers that
// go-zeromq/zmq4 v0.17.0 would let kill or stall the kernel. It registers
// zmq4 transports ("gofutures-tcp", "gofutures-ipc") whose listeners and
// connections wrap the standard ones; zmq4 still speaks ZMTP over them.
//
// Each piece names the zmq4 behaviour it works around, so that it can go
// when zmq4 changes:
//
//   - Reader: zmq4's Conn.read allocates the size a frame header announces
//     before reading the body, so a 73-byte greeting and header claiming
//     2^40 bytes ends the process. Reader fails the connection when a frame
//     would take its message past a limit, and holds back the header of a
//     large frame until its body has arrived, so that memory follows the
//     bytes a peer actually sent, never the sizes it announces.
//   - listener: zmq4's socket.accept runs the ZMTP handshake of each new
//     connection inside its accept loop with no deadline, so one silent
//     connection blocks every later client of that port. listener accepts
//     in its own goroutine, does the peer's side of the handshake per
//     connection under a deadline, and hands zmq4 only connections whose
//     greeting and first command have already arrived.
//   - conn: zmq4 writes to peers in turn with no deadline, and its PUB
//     socket queues without bound meanwhile, so one subscriber that stops
//     reading stalls every client and grows the kernel's memory. conn drops
//     a peer that accepts no byte for a stall timeout; zmq4 then forgets it
//     (it removes a connection whose I/O fails with an error that is not a
//     timeout) and serves the others.
//
// Configuration travels in the context given to the zmq4 socket
// (WithConfig), so two kernels in one process may differ; only the
// transport names are registered process-wide, as zmq4 requires.
package zmtp
