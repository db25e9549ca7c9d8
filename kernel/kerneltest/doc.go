// Package kerneltest runs a kernel.Server in tests: an in-memory Transport
// (the twin of kernel.NewZMQ), a ZeroMQ frontend for end-to-end tests, and a
// Client that sends requests and collects what the kernel publishes.
//
// Tests of other packages run cells through a real Server with Start:
//
//	c := kerneltest.Start(t, session) // session implements kernel.Executor
//	r, err := c.Execute(ctx, `fmt.Println("hi")`)
//	// r.Reply is the execute_reply; r.IOPub holds every iopub message whose
//	// parent is the request, from busy to idle, in order.
//	r.Stdout()         // "hi\n": the stdout stream text, concatenated
//	r.Types()          // ["status", "execute_input", "stream", "status"]
//	r.Of("display_data") // the display_data messages, to inspect content
//
// Messages published after the idle of their request (late outputs) are
// kept by the Client: fetch them with Next and a predicate, for example
// ParentIs(r.Request).
//
// Every Client method is safe for concurrent use; reads on one channel are
// serialized.
package kerneltest
