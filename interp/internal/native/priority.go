package native

import (
	"context"
	"os/exec"
)

// lowKey marks a context whose builds run at low priority.
type lowKey struct{}

// LowPriority returns a context under which the go commands a Builder
// runs are started with nice(1) when the system has it, so that a build
// nobody waits for (a function compiled in the background) yields the
// CPU to running cells.
func LowPriority(ctx context.Context) context.Context {
	return context.WithValue(ctx, lowKey{}, true)
}

// niced returns the command name and arguments that run name with args,
// at low priority when ctx asks for it.
func niced(ctx context.Context, name string, args []string) (string, []string) {
	if low, _ := ctx.Value(lowKey{}).(bool); !low {
		return name, args
	}
	nice, err := exec.LookPath("nice")
	if err != nil {
		return name, args
	}
	return nice, append([]string{"-n", "19", name}, args...)
}
