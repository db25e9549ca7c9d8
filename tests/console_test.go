package tests

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"
)

// TestJupyterConsoleShowsTheFinalStateOfAProgressBar runs a real `jupyter
// console`, which ignores display updates, on the kernel: a non-blocking
// futures.Progress whose futures end after its cell must still show its
// final state there. Skipped when jupyter-console or pexpect is missing.
func TestJupyterConsoleShowsTheFinalStateOfAProgressBar(t *testing.T) {
	e := need(t)
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import pexpect, jupyter_console").Run(); err != nil {
		t.Skip("needs Python's pexpect and jupyter_console")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute) // a hang guard
	defer cancel()
	cmd := exec.CommandContext(ctx, py, filepath.Join("testdata", "console_progress.py"), jupyterBin)
	cmd.Env = append(e.jupyterEnv(), "JUPYTER_CONSOLE_TEST=1", "TERM=dumb")
	cmd.Dir, _ = os.Getwd()
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Errorf("the console did not show the bar's final state after its first frame (%v):\n%s", err, out)
	}
}
