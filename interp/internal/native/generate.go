package native

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// The symbol tables of imported packages come from yaegi's extract
// package, the same code `make generate` runs for the bundled packages,
// compiled once per cache into a small command in the workspace (yaegi is
// one of the kernel's own modules, so the workspace has it at the
// kernel's version).

const generatorMain = `package main

import (
	"fmt"
	"os"

	"github.com/traefik/yaegi/extract"
)

func main() {
	e := extract.Extractor{Dest: "main"}
	if _, err := e.Extract(os.Args[1], "", os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
`

// generator returns the path of the symbol generator, building it when
// the cache has none; the caller holds b.mu and the workspace lock.
func (b *Builder) generator(ctx context.Context) (string, error) {
	bin := filepath.Join(b.root, "bin", "extract")
	if _, err := os.Stat(bin); err == nil {
		return bin, nil
	}
	if err := writeFiles(filepath.Join(b.ws, "internal", "extract"), map[string]string{"main.go": generatorMain}); err != nil {
		return "", err
	}
	if out, err := b.goRun(ctx, "build", "-o", bin, "./internal/extract"); err != nil {
		return "", &BuildError{What: "the symbol generator", Output: strings.TrimSpace(string(out))}
	}
	return bin, nil
}

// generate writes the symbol table of package importPath into
// dir/symbols.go.
func (b *Builder) generate(ctx context.Context, importPath, dir string) error {
	gen, err := b.generator(ctx)
	if err != nil {
		return err
	}
	cmd := execIn(ctx, b.ws, gen, importPath)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("native: reading the symbols of %s: %v\n%s", importPath, err, stderr.String())
	}
	return writeFiles(dir, map[string]string{
		"symbols.go": string(out),
		"main.go":    "package main\n\nimport \"reflect\"\n\n// Symbols is the table the kernel loads.\nvar Symbols = map[string]map[string]reflect.Value{}\n",
	})
}
