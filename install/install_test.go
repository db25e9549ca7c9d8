package install

import (
	"bytes"
	"encoding/json"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestInstallWritesSpecAndLogos(t *testing.T) {
	data := t.TempDir()
	dir, err := Install(data, "/opt/bin/gofutures")
	if err != nil {
		t.Fatal(err)
	}
	if dir != filepath.Join(data, "kernels", "gofutures") {
		t.Errorf("dir %s", dir)
	}
	b, err := os.ReadFile(filepath.Join(dir, "kernel.json"))
	if err != nil {
		t.Fatal(err)
	}
	var spec map[string]any
	if err := json.Unmarshal(b, &spec); err != nil {
		t.Fatal(err)
	}
	argv := spec["argv"].([]any)
	if argv[0] != "/opt/bin/gofutures" || argv[1] != "kernel" || argv[2] != "{connection_file}" ||
		spec["display_name"] != "Go (gofutures)" || spec["language"] != "go" || spec["interrupt_mode"] != "message" {
		t.Errorf("kernel.json: %s", b)
	}
	js, err := os.ReadFile(filepath.Join(dir, "kernel.js"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"define(", "onload", "indentWithTabs: true", "indentUnit: 4", "tabSize: 4"} {
		if !bytes.Contains(js, []byte(want)) {
			t.Errorf("kernel.js lacks %q", want)
		}
	}
	for _, size := range []int{32, 64} {
		f, err := os.ReadFile(filepath.Join(dir, "logo-"+itoa(size)+"x"+itoa(size)+".png"))
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(f))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != size || b.Dy() != size {
			t.Errorf("logo %d: bounds %v", size, b)
		}
	}
}

func itoa(n int) string { return string(rune('0'+n/10)) + string(rune('0'+n%10)) }

func TestInstallRejectsRelativeBinary(t *testing.T) {
	if _, err := Install(t.TempDir(), "bin/gofutures"); err == nil {
		t.Error("a relative binary path must be refused")
	}
}

func TestUninstall(t *testing.T) {
	data := t.TempDir()
	if _, err := Uninstall(data); !errors.Is(err, ErrNotInstalled) {
		t.Errorf("uninstall before install: got %v, want ErrNotInstalled", err)
	}
	dir, _ := Install(data, "/bin/gofutures")
	if _, err := Uninstall(data); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s still exists", dir)
	}
}

func TestUserDataDirHonoursJupyterDataDir(t *testing.T) {
	t.Setenv("JUPYTER_DATA_DIR", "/tmp/somewhere")
	if d, _ := UserDataDir(); d != "/tmp/somewhere" {
		t.Errorf("got %s", d)
	}
}
