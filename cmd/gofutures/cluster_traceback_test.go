package main

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp"
)

// TestClusterSessionPanicNamesTheCell: a function declared in a cell that
// divides by zero on a worker process fails its future with an error
// naming the cell and line of the function, as the same task run in the
// kernel's process does ("In [2], line 3, in ratio", quoting the line),
// and the frames of a method of a cell type called by a function literal
// held by a global, declared below other lines of a later cell, equal the
// local run's too; the worker prints nothing on its standard error, which a
// local cluster's workers share with the kernel. Before, the error was
// the bare panic value, and the worker printed yaegi's
// "10005:2: panic: main.ratio(...)".
func TestClusterSessionPanicNamesTheCell(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes")
	}
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	stderr := filepath.Join(t.TempDir(), "stderr")
	exec, value := cellSession(t, interp.Options{NoTier: true, NoNative: true}, 5*time.Minute)
	exec(`import (
	"fmt"
	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/futures/cluster"
)
cl, clErr := cluster.NewLocal(1, cluster.WorkerCommand("/bin/sh", "-c", ` + "`" + `exec "$0" worker "$@" 2>>` + stderr + "`" + `, ` + strconv.Quote(exe) + `))`)
	if e := value("clErr"); e != nil {
		t.Fatal(e)
	}
	exec(`// the cell's second line
func ratio(a, b int) int {
	q := a / b
	return q
}`)
	exec(`_, remoteErr := cl.Client().Submit(ratio, 1, 0).Result()
local := futures.NewClient()
_, localErr := local.Submit(ratio, 1, 0).Result()
local.Close()
remote, here := fmt.Sprint(remoteErr), fmt.Sprint(localErr)`)
	remote, here := value("remote").(string), value("here").(string)
	t.Logf("remote: %s\nlocal: %s", remote, here)
	for _, want := range []string{"integer divide by zero", "In [2], line 3, in ratio", "   3 | \tq := a / b"} {
		if !strings.Contains(remote, want) {
			t.Errorf("the remote error does not say %q:\n%s", want, remote)
		}
	}
	if !strings.Contains(here, "In [2], line 3, in ratio") {
		t.Errorf("the local error, the reference, names no cell:\n%s", here)
	}

	// A method of a cell type, and a function literal held by a global,
	// declared in a later cell below other lines.
	exec(`type box struct{ xs []int }

func (b box) at(i int) int {
	return b.xs[i]
}
pick := func(b box) int {
	n := 5
	return b.at(n)
}`)
	exec(`_, boxErr := cl.Client().Submit(pick, box{}).Result()
local = futures.NewClient()
_, localBoxErr := local.Submit(pick, box{}).Result()
local.Close()
boxed, boxedHere := fmt.Sprint(boxErr), fmt.Sprint(localBoxErr)`)
	boxed, boxedHere := value("boxed").(string), value("boxedHere").(string)
	t.Logf("remote: %s\nlocal: %s", boxed, boxedHere)
	frames := func(s string) string { _, f, _ := strings.Cut(s, "\n"); return f }
	if frames(boxed) != frames(boxedHere) {
		t.Errorf("remote frames\n%s\nlocal ones\n%s", frames(boxed), frames(boxedHere))
	}
	for _, want := range []string{"index out of range", "In [4], line 4, in at", "In [4], line 8\n"} {
		if !strings.Contains(boxed, want) {
			t.Errorf("the remote error does not say %q:\n%s", want, boxed)
		}
	}
	exec(`cl.Close()`) // the worker has ended and written all it would
	out, _ := os.ReadFile(stderr)
	if strings.Contains(string(out), "panic") || strings.Contains(string(out), "ratio") {
		t.Errorf("the worker printed the panic on its standard error:\n%s", out)
	}
}
