package install_test

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/gofutures/gofutures/install"
)

func ExampleInstall() {
	data, _ := os.MkdirTemp("", "jupyter-data")
	defer os.RemoveAll(data)
	dir, err := install.Install(data, "/usr/local/bin/gofutures")
	fmt.Println(filepath.Base(dir), err)
	files, _ := os.ReadDir(dir)
	for _, f := range files {
		fmt.Println(f.Name())
	}
	// Output:
	// gofutures <nil>
	// kernel.js
	// kernel.json
	// logo-32x32.png
	// logo-64x64.png
}

func ExampleNewSpec() {
	spec, _ := install.NewSpec("/usr/local/bin/gofutures")
	fmt.Println(spec.Argv, spec.DisplayName, spec.Language, spec.InterruptMode)
	// Output: [/usr/local/bin/gofutures kernel {connection_file}] Go (gofutures) go message
}
