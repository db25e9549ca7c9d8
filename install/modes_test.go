package install

import (
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// mode returns the permission bits of path, not following a symlink.
func mode(t *testing.T, path string) fs.FileMode {
	t.Helper()
	fi, err := os.Lstat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		t.Fatalf("%s is still a symlink", path)
	}
	return fi.Mode().Perm()
}

func TestInstallModes(t *testing.T) {
	t.Run("a fresh install gets 0755 and 0644 whatever the umask", func(t *testing.T) {
		old := syscall.Umask(0o077)
		defer syscall.Umask(old)
		dir, err := Install(t.TempDir(), "/bin/gofutures")
		if err != nil {
			t.Fatal(err)
		}
		checkModes(t, dir)
	})
	t.Run("existing 0777 and 0666 modes are reset", func(t *testing.T) {
		data := t.TempDir()
		dir := Dir(data)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{"kernel.json", "logo-32x32.png"} {
			if err := os.WriteFile(filepath.Join(dir, name), []byte("old"), 0o666); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(filepath.Join(dir, name), 0o666); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.Chmod(dir, 0o777); err != nil {
			t.Fatal(err)
		}
		if _, err := Install(data, "/bin/gofutures"); err != nil {
			t.Fatal(err)
		}
		checkModes(t, dir)
	})
}

func checkModes(t *testing.T, dir string) {
	t.Helper()
	if got := mode(t, dir); got != 0o755 {
		t.Errorf("%s: mode %v, want 0755", dir, got)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 4 { // kernel.json, kernel.js and two logos
		t.Errorf("%d files in %s, want 4 (no temporary file left)", len(entries), dir)
	}
	for _, e := range entries {
		if got := mode(t, filepath.Join(dir, e.Name())); got != 0o644 {
			t.Errorf("%s: mode %v, want 0644", e.Name(), got)
		}
	}
}

func TestInstallReplacesSymlinks(t *testing.T) {
	t.Run("a symlinked kernel.json is replaced, its target untouched", func(t *testing.T) {
		data, elsewhere := t.TempDir(), t.TempDir()
		target := filepath.Join(elsewhere, "precious")
		if err := os.WriteFile(target, []byte("precious"), 0o600); err != nil {
			t.Fatal(err)
		}
		dir := Dir(data)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(target, filepath.Join(dir, "kernel.json")); err != nil {
			t.Fatal(err)
		}
		if _, err := Install(data, "/bin/gofutures"); err != nil {
			t.Fatal(err)
		}
		checkModes(t, dir)
		if b, _ := os.ReadFile(target); string(b) != "precious" {
			t.Errorf("symlink target was written through: %q", b)
		}
		if got := mode(t, target); got != 0o600 {
			t.Errorf("symlink target's mode changed to %v", got)
		}
	})
	t.Run("a symlinked kernelspec directory is replaced, its target untouched", func(t *testing.T) {
		data, elsewhere := t.TempDir(), t.TempDir()
		if err := os.MkdirAll(filepath.Join(data, "kernels"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(elsewhere, Dir(data)); err != nil {
			t.Fatal(err)
		}
		if _, err := Install(data, "/bin/gofutures"); err != nil {
			t.Fatal(err)
		}
		checkModes(t, Dir(data))
		if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
			t.Errorf("files written through the directory symlink: %v", entries)
		}
	})
}
