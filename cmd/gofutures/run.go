package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/gofutures/gofutures/install"
)

// `gofutures run` executes a notebook headless, as papermill does: the
// parameters go into an injected cell (params.go), the cells run in order
// through nbclient (Jupyter's notebook executor, a Python package) with
// this binary as the kernel, the run stops at the first cell that fails,
// and the executed copy is written either way. The kernelspec nbclient
// starts is written to a temporary directory put first on JUPYTER_PATH,
// so the run uses this binary whatever kernelspec is installed.

const runUsage = "usage: gofutures run NOTEBOOK [-p NAME=VALUE]... [-o OUT] [-timeout SECONDS]"

// errCellFailed is returned by runNotebook when a cell failed; the
// executed copy has been written.
var errCellFailed = errors.New("a cell failed")

// runScript drives nbclient. Its exit status: 0 when every cell ran, 1
// when one failed, 3 when nbclient cannot be imported, 4 when the run
// failed otherwise (the kernel did not start, died, ...).
const runScript = `
import sys, traceback
try:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
except ImportError as e:
    sys.stderr.write("gofutures run: %s\n" % e)
    sys.exit(3)

def main(src, out, timeout, cwd):
    nb = nbformat.read(src, as_version=4)
    client = NotebookClient(nb, kernel_name="gofutures", timeout=timeout if timeout > 0 else None,
                            resources={"metadata": {"path": cwd}})
    try:
        client.execute()
    except CellExecutionError as e:
        sys.stderr.write("%s: %s\n" % (getattr(e, "ename", "error"), getattr(e, "evalue", e)))
        return 1
    finally:
        nbformat.write(nb, out)
    return 0

try:
    status = main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4])
except Exception:
    traceback.print_exc()
    status = 4
sys.exit(status)
`

// runOptions are the arguments of gofutures run.
type runOptions struct {
	notebook, out string
	params        []param
	timeout       int // seconds per cell; 0 for none
}

// parseRunArgs reads the arguments in any order, as papermill users type
// them after the notebook: -p NAME=VALUE (or -p NAME VALUE), -o OUT,
// -timeout SECONDS.
func parseRunArgs(args []string) (runOptions, error) {
	var o runOptions
	value := func(i *int, flag string) (string, error) {
		if *i+1 >= len(args) {
			return "", fmt.Errorf("%s needs a value\n%s", flag, runUsage)
		}
		*i++
		return args[*i], nil
	}
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch strings.TrimLeft(a, "-") {
		case "p", "parameters":
			if !strings.HasPrefix(a, "-") {
				break
			}
			v, err := value(&i, a)
			if err != nil {
				return o, err
			}
			name, val, ok := strings.Cut(v, "=")
			if !ok {
				if val, err = value(&i, a+" "+v); err != nil {
					return o, err
				}
			}
			if !isIdent(name) {
				return o, fmt.Errorf("-p %s: %q is not a Go identifier", v, name)
			}
			o.params = append(o.params, param{name, val})
			continue
		case "o", "output":
			if !strings.HasPrefix(a, "-") {
				break
			}
			v, err := value(&i, a)
			if err != nil {
				return o, err
			}
			o.out = v
			continue
		case "timeout":
			if !strings.HasPrefix(a, "-") {
				break
			}
			v, err := value(&i, a)
			if err != nil {
				return o, err
			}
			if o.timeout, err = strconv.Atoi(v); err != nil || o.timeout < 0 {
				return o, fmt.Errorf("-timeout %s: want a number of seconds", v)
			}
			continue
		}
		if strings.HasPrefix(a, "-") || o.notebook != "" {
			return o, fmt.Errorf("unexpected argument %q\n%s", a, runUsage)
		}
		o.notebook = a
	}
	if o.notebook == "" {
		return o, errors.New(runUsage)
	}
	if o.out == "" {
		o.out = strings.TrimSuffix(o.notebook, ".ipynb") + ".out.ipynb"
	}
	return o, nil
}

func isIdent(s string) bool {
	for i, r := range s {
		if !(r == '_' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || i > 0 && '0' <= r && r <= '9') {
			return false
		}
	}
	return s != ""
}

// pythonBin is the Python that runs nbclient: $GOFUTURES_PYTHON, else the
// system's /usr/bin/python3 (Debian's Jupyter), else python3 on PATH.
func pythonBin() string {
	if p := os.Getenv("GOFUTURES_PYTHON"); p != "" {
		return p
	}
	if _, err := os.Stat("/usr/bin/python3"); err == nil {
		return "/usr/bin/python3"
	}
	return "python3"
}

func runNotebook(args []string) error {
	o, err := parseRunArgs(args)
	if err != nil {
		return err
	}
	nb, err := readNotebookJSON(o.notebook)
	if err != nil {
		return err
	}
	warnings, err := nb.injectParameters(o.params)
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(os.Stderr, "gofutures run: warning:", w)
	}
	tmp, err := os.MkdirTemp("", "gofutures-run-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	exe, err := os.Executable()
	if err != nil {
		return fmt.Errorf("find own binary: %w", err)
	}
	if _, err := install.Install(tmp, exe); err != nil {
		return err
	}
	in := filepath.Join(tmp, "input.ipynb")
	b, err := json.MarshalIndent(nb, "", " ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(in, b, 0o644); err != nil {
		return err
	}
	cwd, err := filepath.Abs(filepath.Dir(o.notebook))
	if err != nil {
		return err
	}
	py := pythonBin()
	cmd := exec.Command(py, "-c", runScript, in, o.out, strconv.Itoa(o.timeout), cwd)
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	jpath := tmp
	if p := os.Getenv("JUPYTER_PATH"); p != "" {
		jpath += string(os.PathListSeparator) + p
	}
	cmd.Env = append(os.Environ(), "JUPYTER_PATH="+jpath)
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		fmt.Fprintf(os.Stderr, "gofutures run: executed %s into %s\n", o.notebook, o.out)
		return nil
	case errors.As(err, &ee) && ee.ExitCode() == 1:
		return fmt.Errorf("%s: %w; the executed copy, up to that cell, is in %s", o.notebook, errCellFailed, o.out)
	case errors.As(err, &ee) && ee.ExitCode() == 3:
		return fmt.Errorf("run needs Jupyter's nbclient for %s: install Debian's python3-nbclient (make jupyter-deps does), or set GOFUTURES_PYTHON to a Python that has it", py)
	case errors.As(err, &ee) && ee.ExitCode() == 4:
		return fmt.Errorf("running %s failed (see above)", o.notebook)
	case errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("run needs Python with Jupyter's nbclient, and %s is missing: install python3-nbclient (make jupyter-deps does)", py)
	}
	return fmt.Errorf("running %s: %w", o.notebook, err)
}
