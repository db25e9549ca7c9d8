package native

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// fakeGo puts on PATH a go command whose `go env` prints env.
func fakeGo(t *testing.T, env string) {
	dir := t.TempDir()
	script := "#!/bin/sh\nprintf '" + env + "'\n"
	if err := os.WriteFile(filepath.Join(dir, "go"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

func TestToolchainErrors(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the fake go command is a shell script")
	}
	for _, tc := range []struct {
		desc, env string
		want      error
	}{
		{"a go command of another version", "go1.1\\ngcc\\n1\\n", ErrNoToolchain},
		{"no C compiler", runtime.Version() + "\\nno-such-cc-here\\n1\\n", ErrNoCCompiler},
		{"cgo turned off", runtime.Version() + "\\n/bin/sh\\n0\\n", ErrNoCCompiler},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			fakeGo(t, tc.env)
			if _, err := findTools(context.Background()); !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
	t.Run("the right toolchain", func(t *testing.T) {
		fakeGo(t, runtime.Version()+"\\n/bin/sh\\n1\\n")
		if _, err := findTools(context.Background()); err != nil {
			t.Errorf("got %v", err)
		}
	})
}
