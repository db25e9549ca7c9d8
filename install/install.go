package install

import (
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Names the kernelspec uses.
const (
	KernelName  = "gofutures"
	DisplayName = "Go (gofutures)"
	Language    = "go"
)

// kernelJS is the kernelspec's kernel.js, which Notebook 6 runs: it makes
// the code cells' editors indent with tabs, as gofmt does.
//
//go:embed kernel.js
var kernelJS []byte

// Spec is the content of kernel.json.
type Spec struct {
	Argv          []string          `json:"argv"`
	DisplayName   string            `json:"display_name"`
	Language      string            `json:"language"`
	InterruptMode string            `json:"interrupt_mode"`
	Env           map[string]string `json:"env"`
	Metadata      map[string]any    `json:"metadata"`
}

// NewSpec returns the kernelspec for the binary at path, which must be
// absolute so that Jupyter finds it whatever its PATH.
func NewSpec(binary string) (Spec, error) {
	if !filepath.IsAbs(binary) {
		return Spec{}, fmt.Errorf("install: binary path %q is not absolute", binary)
	}
	return Spec{
		Argv:          []string{binary, "kernel", "{connection_file}"},
		DisplayName:   DisplayName,
		Language:      Language,
		InterruptMode: "message",
		Env:           map[string]string{},
		Metadata:      map[string]any{"kernel_protocol_version": "5.4"},
	}, nil
}

// UserDataDir is Jupyter's per-user data directory, found as jupyter_core
// finds it: $JUPYTER_DATA_DIR, else the platform's user data location.
func UserDataDir() (string, error) {
	if d := os.Getenv("JUPYTER_DATA_DIR"); d != "" {
		return d, nil
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return "", fmt.Errorf("install: no home directory: %w", err)
	}
	switch runtime.GOOS {
	case "darwin":
		return filepath.Join(home, "Library", "Jupyter"), nil
	case "windows":
		if d := os.Getenv("APPDATA"); d != "" {
			return filepath.Join(d, "jupyter"), nil
		}
	}
	if x := os.Getenv("XDG_DATA_HOME"); x != "" {
		return filepath.Join(x, "jupyter"), nil
	}
	return filepath.Join(home, ".local", "share", "jupyter"), nil
}

// PrefixDataDir is the data directory of an installation prefix, as
// `jupyter kernelspec install --prefix` uses it.
func PrefixDataDir(prefix string) string {
	return filepath.Join(prefix, "share", "jupyter")
}

// Dir is where the kernelspec lives under a Jupyter data directory.
func Dir(dataDir string) string {
	return filepath.Join(dataDir, "kernels", KernelName)
}

// Modes of what Install writes, whatever the umask or the modes of an
// earlier installation: Jupyter and every user may read the spec, only
// its owner may change it.
const (
	fileMode os.FileMode = 0o644
	dirMode  os.FileMode = 0o755
)

// Install writes the kernelspec for binary under dataDir, replacing any
// earlier one, and returns its directory.
//
// The kernelspec directory gets mode 0755 and each file 0644, also when
// they existed with other modes. Each file is written to a temporary file
// and renamed into place, so a symlink standing where a file goes is
// replaced, never written through, and a reader never sees half a file.
// A symlink standing where the directory goes is replaced by a directory;
// what it pointed to is left alone.
func Install(dataDir, binary string) (string, error) {
	spec, err := NewSpec(binary)
	if err != nil {
		return "", err
	}
	dir := Dir(dataDir)
	if err := makeDir(dir); err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	b, err := json.MarshalIndent(spec, "", "  ")
	if err != nil {
		return "", fmt.Errorf("install: %w", err)
	}
	files := map[string][]byte{"kernel.json": append(b, '\n'), "kernel.js": kernelJS}
	for _, size := range []int{32, 64} {
		png, err := Logo(size)
		if err != nil {
			return "", err
		}
		files[fmt.Sprintf("logo-%dx%d.png", size, size)] = png
	}
	for name, data := range files {
		if err := replaceFile(filepath.Join(dir, name), data); err != nil {
			return "", fmt.Errorf("install: %w", err)
		}
	}
	return dir, nil
}

// ErrNotInstalled is returned by Uninstall when there is no kernelspec.
var ErrNotInstalled = errors.New("install: kernelspec not installed")

// Uninstall removes the kernelspec under dataDir and returns the directory
// it removed.
func Uninstall(dataDir string) (string, error) {
	dir := Dir(dataDir)
	if _, err := os.Stat(filepath.Join(dir, "kernel.json")); err != nil {
		return dir, fmt.Errorf("%w in %s", ErrNotInstalled, dir)
	}
	if err := os.RemoveAll(dir); err != nil {
		return dir, fmt.Errorf("install: %w", err)
	}
	return dir, nil
}
