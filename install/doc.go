// Package install writes and removes the gofutures kernelspec: the
// kernel.json Jupyter reads to start the kernel, its logos, and the
// kernel.js with which Notebook 6 indents this kernel's cells with tabs.
//
// The spec runs the binary by absolute path with
// `kernel {connection_file}` and asks for interrupts by message
// (interrupt_mode "message"), which the kernel serves on its control
// channel.
package install
