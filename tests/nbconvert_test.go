package tests

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// defaultCellTimeout bounds every cell; a notebook may set its own with
// metadata.gofutures.timeout.
const defaultCellTimeout = 60 * time.Second

// startupTimeout bounds the kernel's start in every notebook run.
const startupTimeout = 30 * time.Second

// notebookPaths lists the notebooks the suite executes: the tutorials and
// the test notebooks that git tracks, as absolute paths. notebooks/ is
// also where `make notebook` starts Jupyter, so a user's own notebook may
// sit there; untracked, it is not run. Outside a git checkout (a source
// archive), every notebook in those folders is.
func notebookPaths(root string) ([]string, error) {
	dirs := []string{"notebooks", filepath.Join("tests", "notebooks")}
	var paths []string
	ls := exec.Command("git", append([]string{"ls-files", "-z", "--"}, dirs...)...)
	ls.Dir = root
	if out, err := ls.Output(); err == nil {
		for _, rel := range strings.Split(string(out), "\x00") {
			rel = filepath.FromSlash(rel)
			if d := filepath.Dir(rel); strings.HasSuffix(rel, ".ipynb") && (d == dirs[0] || d == dirs[1]) {
				paths = append(paths, filepath.Join(root, rel))
			}
		}
	} else {
		for _, dir := range dirs {
			m, err := filepath.Glob(filepath.Join(root, dir, "*.ipynb"))
			if err != nil {
				return nil, err
			}
			paths = append(paths, m...)
		}
	}
	sort.Strings(paths)
	return paths, nil
}

// TestNotebooks executes every notebook with nbconvert and compares the
// run with the committed outputs. Notebooks run in parallel, as many at a
// time as go test's -parallel allows (GOMAXPROCS by default).
func TestNotebooks(t *testing.T) {
	e := need(t)
	paths, err := notebookPaths(e.Root)
	if err != nil {
		t.Fatal(err)
	}
	if len(paths) == 0 {
		t.Fatal("no notebooks found under notebooks/ or tests/notebooks/")
	}
	for _, p := range paths {
		rel, _ := filepath.Rel(e.Root, p)
		t.Run(strings.TrimSuffix(rel, ".ipynb"), func(t *testing.T) {
			t.Parallel()
			want, err := readNotebook(p)
			if err != nil {
				t.Fatal(err)
			}
			want.Path = rel
			start := time.Now()
			got, err := e.execute(t, p, want)
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("%s ran in %v", rel, time.Since(start).Round(time.Millisecond))
			if *update {
				if err := want.takeOutputs(got); err != nil {
					t.Fatal(err)
				}
				b, err := want.encode()
				if err == nil {
					err = os.WriteFile(p, b, 0o644)
				}
				if err != nil {
					t.Fatal(err)
				}
				for _, m := range checkRun(want, got) {
					t.Errorf("%s", m)
				}
				return
			}
			for _, m := range compareNotebooks(want, got) {
				t.Errorf("%s", m)
			}
		})
	}
}

// execute runs one notebook through nbconvert into a fresh directory and
// reads the executed copy.
func (e *kernelEnv) execute(t *testing.T, path string, nb *notebook) (*notebook, error) {
	defaults, err := notebookExpectation(nb.raw)
	if err != nil {
		return nil, err
	}
	timeout := defaultCellTimeout
	if defaults.Timeout > 0 {
		timeout = defaults.Timeout
	}
	out := t.TempDir()
	args := []string{"nbconvert", "--to", "notebook", "--execute", "--allow-errors",
		"--ExecutePreprocessor.kernel_name=" + kernelName,
		fmt.Sprintf("--ExecutePreprocessor.timeout=%d", int(timeout.Seconds())),
		fmt.Sprintf("--ExecutePreprocessor.startup_timeout=%d", int(startupTimeout.Seconds())),
		"--output-dir", out, "--output", "executed.ipynb"}
	if defaults.InterruptOnTimeout {
		args = append(args, "--ExecutePreprocessor.interrupt_on_timeout=True")
	}
	args = append(args, path)
	// The whole notebook gets the kernel's start, the time of its cells and
	// a minute of slack for Jupyter itself on a loaded machine; a hung
	// kernel must not hang the suite.
	bound := startupTimeout + time.Duration(len(nb.Cells))*timeout + time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), bound)
	defer cancel()
	cmd := exec.CommandContext(ctx, jupyterBin, args...)
	cmd.Env = e.jupyterEnv()
	cmd.Dir = filepath.Dir(path)
	logs, err := cmd.CombinedOutput()
	if err != nil {
		return nil, fmt.Errorf("nbconvert %s: %v\n%s", path, err, logs)
	}
	if testing.Verbose() && len(logs) > 0 {
		t.Logf("nbconvert says:\n%s", logs)
	}
	got, err := readNotebook(filepath.Join(out, "executed.ipynb"))
	if err != nil {
		return nil, err
	}
	got.Path = nb.Path
	return got, nil
}
