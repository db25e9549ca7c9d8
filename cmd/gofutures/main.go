// Command gofutures is a Jupyter kernel for Go with a futures runtime.
//
// Usage:
//
//	gofutures kernel [-f] CONNECTION_FILE   serve a kernel (Jupyter runs this)
//	gofutures install [--user | --prefix DIR]
//	gofutures uninstall [--user | --prefix DIR]
//	gofutures run NOTEBOOK [-p NAME=VALUE]... [-o OUT] [-timeout SECONDS]
//	gofutures warm
//	gofutures worker --nats URL [--slots N] [--name NAME] [--resources GPU=1]
//	gofutures broker --listen ADDR --store DIR
//	gofutures version
//
// warm builds a small compiled cell and the module-import tools at low
// priority, so that the Go build cache holds everything a compiled cell's
// plugin links, built in plugin mode, and the first module import or
// compiled cell only compiles its own package and links.
// install writes the kernelspec into Jupyter's user data directory
// ($JUPYTER_DATA_DIR when set) unless --prefix names another location.
// run executes a notebook headless, as papermill does: the values of -p
// replace those of the cell tagged "parameters", the executed copy goes to
// OUT (NOTEBOOK.out.ipynb by default), and the exit status is 1 when a
// cell fails. It needs Python's nbclient (Debian's python3-nbclient).
// The kernel logs to stderr; GOFUTURES_LOG=debug shows more. kernel
// -max-message-size BYTES sets the largest message a client may send
// (default 256 MiB); a client announcing more is disconnected.
package main

import (
	"context"
	"fmt"
	"os"
	"runtime/debug"

	"github.com/gofutures/gofutures/interp"
)

func main() {
	os.Exit(run(os.Args[1:]))
}

func run(args []string) int {
	if len(args) == 0 {
		usage()
		return 2
	}
	var err error
	switch args[0] {
	case "kernel":
		err = runKernel(args[1:])
	case "install":
		err = runInstall(args[1:])
	case "uninstall":
		err = runUninstall(args[1:])
	case "run":
		err = runNotebook(args[1:])
	case "warm":
		err = interp.WarmNative(context.Background(), "")
	case "worker":
		err = runWorker(args[1:])
	case "broker":
		err = runBroker(args[1:])
	case "version", "--version", "-version":
		fmt.Println("gofutures", version())
	case "help", "-h", "--help":
		usage()
	default:
		fmt.Fprintf(os.Stderr, "gofutures: unknown command %q\n", args[0])
		usage()
		return 2
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gofutures:", err)
		return 1
	}
	return 0
}

func usage() {
	fmt.Fprint(os.Stderr, `usage:
  gofutures kernel [-f] CONNECTION_FILE   serve a Jupyter kernel
  gofutures install [--user | --prefix DIR]   install the kernelspec
  gofutures uninstall [--user | --prefix DIR] remove the kernelspec
  gofutures run NOTEBOOK [-p NAME=VALUE]... [-o OUT] [-timeout SECONDS]
                                          execute a notebook, its parameters cell overridden
  gofutures warm                          build the plugin-mode runtime cache
  gofutures worker --nats URL [--slots N] [--name NAME] [--resources GPU=1]
                                          run tasks of a cluster (futures/cluster)
  gofutures broker --listen ADDR --store DIR   a NATS JetStream server for workers
  gofutures version
`)
}

// version is the module version the binary was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}
