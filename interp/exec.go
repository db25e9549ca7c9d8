package interp

import (
	"context"
	"os/exec"
	"reflect"

	"github.com/traefik/yaegi/interp"

	"github.com/gofutures/gofutures/interp/internal/rt"
)

// Cells import os/exec from the table in exports, with two functions
// replaced: exec.Command and exec.CommandContext called on a goroutine of a
// cell (or of a futures task) make a command that is killed when that cell
// is interrupted (or that task cancelled), as the cell's interpreted code
// stops at its next checkpoint. A command waits in compiled code, where no
// checkpoint runs; without this it would outlive the interrupt. The
// command's own context still counts: it is killed when either ends. A
// cell that goes on after its command was killed by an interrupt, as
// cmd.Run returns at once then, still ends as interrupted.
//
// A command made outside any cell or task, or made by one cell and run by
// another, belongs to the goroutine that made it.

// execSymbols returns the replacements, for Interpreter.Use after the
// exports.
func execSymbols() interp.Exports {
	return interp.Exports{"os/exec/exec": {
		"Command": reflect.ValueOf(func(name string, arg ...string) *exec.Cmd {
			return commandContext(nil, name, arg...)
		}),
		"CommandContext": reflect.ValueOf(func(ctx context.Context, name string, arg ...string) *exec.Cmd {
			if ctx == nil {
				panic("nil Context") // as exec.CommandContext does
			}
			return commandContext(ctx, name, arg...)
		}),
	}}
}

// commandContext makes a command tied to the calling goroutine's task and,
// when ctx is not nil, to ctx.
func commandContext(ctx context.Context, name string, arg ...string) *exec.Cmd {
	t := rt.Current()
	switch {
	case t == nil && ctx == nil:
		return exec.Command(name, arg...)
	case t == nil:
		return exec.CommandContext(ctx, name, arg...)
	case ctx == nil:
		ctx = t.Context()
	default:
		both, cancel := context.WithCancel(ctx)
		context.AfterFunc(t.Context(), cancel)
		ctx = both
	}
	cmd := exec.CommandContext(ctx, name, arg...)
	cmd.Cancel = func() error {
		if info, ok := t.Data.(*taskInfo); ok && t.Stopped() {
			info.killed.Store(true) // the cell reports the interrupt (evaluate, pipeline.go)
		}
		return cmd.Process.Kill()
	}
	return cmd
}
