package tests

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/gofutures/gofutures/install"
)

var update = flag.Bool("update", false, "rewrite the committed notebook outputs from this run")

const (
	jupyterBin = "/usr/bin/jupyter"
	kernelName = "gofutures"
)

// env is the kernel built for this run and the Jupyter directories it is
// installed in; nil under -short.
var env *kernelEnv

// kernelEnv is a gofutures binary installed as a kernelspec in temporary
// Jupyter directories, so the user's own Jupyter setup is never touched.
type kernelEnv struct {
	Root     string // the repository
	Dir      string // the temporary directory holding everything below
	Bin      string // the kernel binary
	DataDir  string // JUPYTER_DATA_DIR, with kernels/gofutures/kernel.json
	BuildErr error  // why the kernel could not be built, if it could not
}

func TestMain(m *testing.M) {
	flag.Parse()
	code := func() int {
		if !testing.Short() {
			e, err := newKernelEnv()
			if err != nil {
				fmt.Fprintln(os.Stderr, "tests:", err)
				return 1
			}
			defer os.RemoveAll(e.Dir)
			env = e
		}
		return m.Run()
	}()
	os.Exit(code)
}

// newKernelEnv builds the kernel with plain `go build` (the notebooks test
// the kernel, not the race detector), or takes the binary named by
// $GOFUTURES_NBTEST_KERNEL, and writes its kernelspec.
func newKernelEnv() (*kernelEnv, error) {
	root, err := filepath.Abs("..")
	if err != nil {
		return nil, err
	}
	dir, err := os.MkdirTemp("", "gofutures-nbtest-")
	if err != nil {
		return nil, err
	}
	e := &kernelEnv{Root: root, Dir: dir, Bin: filepath.Join(dir, "gofutures"), DataDir: filepath.Join(dir, "data")}
	if prebuilt := os.Getenv("GOFUTURES_NBTEST_KERNEL"); prebuilt != "" {
		// A kernel built elsewhere, e.g. from another checkout.
		e.Bin = prebuilt
	} else {
		build := exec.Command(goCommand(), "build", "-o", e.Bin, "./cmd/gofutures")
		build.Dir = root
		if out, err := build.CombinedOutput(); err != nil {
			e.BuildErr = fmt.Errorf("go build ./cmd/gofutures: %v\n%s", err, out)
			return e, nil
		}
	}
	spec := map[string]any{
		"argv":           []string{e.Bin, "kernel", "{connection_file}"},
		"display_name":   "Go (gofutures)",
		"language":       "go",
		"interrupt_mode": "message",
		"env":            map[string]string{"GOFUTURES_TEST": "1"},
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return nil, err
	}
	// The installed kernelspec (its kernel.js and logos), with a kernel.json
	// of the test's own.
	kdir, err := install.Install(e.DataDir, e.Bin)
	if err != nil {
		return nil, err
	}
	return e, os.WriteFile(filepath.Join(kdir, "kernel.json"), b, 0o644)
}

// jupyterEnv is the environment for Jupyter commands: the temporary data,
// config and runtime directories first, so that the kernelspec found is
// ours and nothing is written to the user's directories.
func (e *kernelEnv) jupyterEnv() []string {
	return append(os.Environ(),
		"JUPYTER_DATA_DIR="+e.DataDir,
		"JUPYTER_CONFIG_DIR="+filepath.Join(e.Dir, "config"),
		"JUPYTER_RUNTIME_DIR="+filepath.Join(e.Dir, "runtime"),
		"IPYTHONDIR="+filepath.Join(e.Dir, "ipython"),
		"PYDEVD_DISABLE_FILE_VALIDATION=1",
	)
}

// need skips the test under -short and fails it when the kernel did not
// build or Jupyter is missing.
func need(t *testing.T) *kernelEnv {
	t.Helper()
	if testing.Short() || env == nil {
		t.Skip("notebook tests run Jupyter; skipped under -short")
	}
	if env.BuildErr != nil {
		t.Fatal(env.BuildErr)
	}
	if _, err := os.Stat(jupyterBin); err != nil {
		t.Fatalf("%s is missing: run `make jupyter-deps`", jupyterBin)
	}
	return env
}

// goCommand finds the go command that runs this test.
func goCommand() string {
	if root := os.Getenv("GOROOT"); root != "" {
		if p := filepath.Join(root, "bin", "go"); fileExists(p) {
			return p
		}
	}
	if p, err := exec.LookPath("go"); err == nil {
		return p
	}
	return "/usr/local/go/bin/go"
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}
