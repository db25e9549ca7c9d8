package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofutures/gofutures/install"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// TestKernelCommand runs `gofutures kernel -f FILE` in-process with the
// real interpreter: a cell runs, SIGINT does not kill the kernel, and
// shutdown_request ends the command with status 0.
func TestKernelCommand(t *testing.T) {
	conn, err := kerneltest.LoopbackConnection("test-key")
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "kernel.json")
	b, _ := json.Marshal(conn)
	if err := os.WriteFile(file, b, 0o600); err != nil {
		t.Fatal(err)
	}
	code := make(chan int, 1)
	go func() { code <- run([]string{"kernel", "-f", file}) }()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a deadlock guard
	defer cancel()
	// zmq4's own dialer, used by the test client, retries a refused dial
	// and then sometimes loses a connection; jupyter_client (libzmq) does
	// not. So wait for the kernel to bind its last socket, the heartbeat.
	for {
		c, err := net.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", conn.HBPort))
		if err == nil {
			c.Close()
			break
		}
		if ctx.Err() != nil {
			t.Fatal("kernel never listened")
		}
		time.Sleep(5 * time.Millisecond)
	}
	f, err := kerneltest.DialZMQ(conn)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := kerneltest.NewClient(f, []byte(conn.Key))
	if err := c.WaitIOPub(ctx); err != nil {
		t.Fatal(err)
	}
	r, err := c.Execute(ctx, "1 + 1")
	if err != nil {
		t.Fatal(err)
	}
	res := r.Of("execute_result")
	if r.Status() != "ok" || len(res) != 1 || kerneltest.Content(res[0])["data"].(map[string]any)["text/plain"] != "2" {
		t.Fatalf("1 + 1: status %q, iopub %v", r.Status(), r.Types())
	}

	r, err = c.Execute(ctx, "!echo from the shell\n%env GOFUTURES_CMD_TEST=1\n!echo $GOFUTURES_CMD_TEST")
	if err != nil || r.Status() != "ok" || r.Stdout() != "from the shell\nenv: GOFUTURES_CMD_TEST=1\n1\n" {
		t.Errorf("magic cell: status %q, stdout %q, err %v", r.Status(), r.Stdout(), err)
	}
	os.Unsetenv("GOFUTURES_CMD_TEST")

	if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	if r, err := c.Call(ctx, kernel.Control, "kernel_info_request", map[string]any{}); err != nil || r.Status() != "ok" {
		t.Fatalf("kernel_info after SIGINT: %v %v", r.Status(), err)
	}
	info, err := c.Call(ctx, kernel.Shell, "kernel_info_request", map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	links, _ := json.Marshal(kerneltest.Content(info.Reply)["help_links"])
	for _, want := range []string{"/gofutures/futures", "/gofutures/display", "/notebooks", "magics"} {
		if !strings.Contains(string(links), want) {
			t.Errorf("help_links %s lack %q", links, want)
		}
	}

	req, err := c.Request(kernel.Control, "shutdown_request", map[string]any{"restart": false})
	if err != nil {
		t.Fatal(err)
	}
	if r, err := c.Reply(ctx, kernel.Control, req); err != nil || kerneltest.Content(r)["status"] != "ok" {
		t.Fatalf("shutdown_reply: %v", err)
	}
	select {
	case got := <-code:
		if got != 0 {
			t.Errorf("exit status %d, want 0", got)
		}
	case <-ctx.Done():
		t.Fatal("kernel command did not return after shutdown_request")
	}
}

func TestInstallCommands(t *testing.T) {
	cases := []struct {
		name string
		args []string
		dir  func(tmp string) string
	}{
		{"--user installs under JUPYTER_DATA_DIR", []string{"--user"}, func(tmp string) string { return filepath.Join(tmp, "data") }},
		{"no flag means --user", nil, func(tmp string) string { return filepath.Join(tmp, "data") }},
		{"--prefix installs under PREFIX/share/jupyter", []string{"--prefix", "PREFIX"}, func(tmp string) string {
			return filepath.Join(tmp, "prefix", "share", "jupyter")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tmp := t.TempDir()
			t.Setenv("JUPYTER_DATA_DIR", filepath.Join(tmp, "data"))
			args := append([]string(nil), tc.args...)
			for i, a := range args {
				if a == "PREFIX" {
					args[i] = filepath.Join(tmp, "prefix")
				}
			}
			if code := run(append([]string{"install"}, args...)); code != 0 {
				t.Fatalf("install exited %d", code)
			}
			spec := filepath.Join(tc.dir(tmp), "kernels", "gofutures", "kernel.json")
			b, err := os.ReadFile(spec)
			if err != nil {
				t.Fatal(err)
			}
			var s struct{ Argv []string }
			if err := json.Unmarshal(b, &s); err != nil || !filepath.IsAbs(s.Argv[0]) {
				t.Errorf("argv %v (%v)", s.Argv, err)
			}
			if code := run(append([]string{"uninstall"}, args...)); code != 0 {
				t.Fatalf("uninstall exited %d", code)
			}
			if _, err := os.Stat(spec); !os.IsNotExist(err) {
				t.Errorf("%s survived uninstall", spec)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{nil, {"frobnicate"}, {"kernel"}, {"install", "--user", "--prefix", "/x"}} {
		if code := run(args); code == 0 {
			t.Errorf("run(%q) exited 0, want an error", args)
		}
	}
}

// stdoutOf returns what f writes to os.Stdout.
func stdoutOf(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	saved := os.Stdout
	os.Stdout = w
	defer func() { os.Stdout = saved }()
	got := make(chan string)
	go func() {
		b, _ := io.ReadAll(r)
		got <- string(b)
	}()
	f()
	w.Close()
	return <-got
}

func TestInstallSaysWhichBinaryTheKernelspecRuns(t *testing.T) {
	data := t.TempDir()
	t.Setenv("JUPYTER_DATA_DIR", data)
	if _, err := install.Install(data, "/elsewhere/gofutures"); err != nil {
		t.Fatal(err)
	}
	out := stdoutOf(t, func() {
		if code := run([]string{"install", "--user"}); code != 0 {
			t.Errorf("install exited %d", code)
		}
	})
	exe, _ := os.Executable()
	exe, _ = filepath.EvalSymlinks(exe)
	if !strings.Contains(out, "it runs "+exe) || !strings.Contains(out, "it ran /elsewhere/gofutures before") {
		t.Errorf("install printed %q; want the binary it runs now and the one it ran before", out)
	}
	out = stdoutOf(t, func() { run([]string{"install", "--user"}) })
	if strings.Contains(out, "before") {
		t.Errorf("installing the same binary again printed %q", out)
	}
}
