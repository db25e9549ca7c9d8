// Command gentypes writes the type information that interp's type checker
// reads (interp/internal/typecheck): for every package a cell can import,
// the compiler's export data, so that go/types can check cells without
// Go's source tree or a build cache at run time.
//
// Usage (see interp/generate.go):
//
//	go run ./exports/gentypes -o exports/types.zip importpath...
//
// The packages are those of yaegi's standard library tables, the generic
// ones yaegi runs from source (cmp, maps, slices), and the arguments. Each
// becomes one deflated member of the zip, named by import path, holding the
// package definition of the archive that `go list -export` names: the
// archive signature, the __.PKGDEF header and its contents, which is what
// go/importer's "gc" importer reads from a lookup function. The compiler's
// export data of a package is self-contained (it carries what it needs of
// the packages it depends on), so one member serves one import. Members are
// sorted and carry a fixed time, so that the output changes only when a
// package's types do.
package main

import (
	"archive/zip"
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/traefik/yaegi/stdlib"
)

func main() {
	out := flag.String("o", "types.zip", "output file")
	flag.Parse()
	if err := run(*out, flag.Args()); err != nil {
		fmt.Fprintln(os.Stderr, "gentypes:", err)
		os.Exit(1)
	}
}

func run(out string, extra []string) error {
	set := map[string]bool{"cmp": true, "maps": true, "slices": true}
	for key := range stdlib.Symbols {
		if p := path.Dir(key); p != "." { // keys are "importpath/name"
			set[p] = true
		}
	}
	for _, p := range extra {
		set[p] = true
	}
	var pkgs []string
	for p := range set {
		pkgs = append(pkgs, p)
	}
	sort.Strings(pkgs)
	cmd := exec.Command("go", append([]string{"list", "-export", "-f", "{{.ImportPath}}\t{{.Export}}"}, pkgs...)...)
	cmd.Stderr = os.Stderr
	listed, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list -export: %w", err)
	}
	files := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(listed)), "\n") {
		p, file, ok := strings.Cut(line, "\t")
		if ok && file != "" {
			files[p] = file
		}
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range pkgs {
		file, ok := files[p]
		if !ok {
			return fmt.Errorf("%s: go list gave no export data", p)
		}
		def, err := packageDefinition(file)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p, Method: zip.Deflate, Modified: time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)})
		if err != nil {
			return err
		}
		if _, err := w.Write(def); err != nil {
			return err
		}
	}
	if err := zw.Close(); err != nil {
		return err
	}
	return os.WriteFile(out, buf.Bytes(), 0o644)
}

// packageDefinition returns the start of the archive in file up to the end
// of its first member, which must be __.PKGDEF.
func packageDefinition(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	const sig, hdr = 8, 60
	head := make([]byte, sig+hdr)
	if _, err := io.ReadFull(f, head); err != nil {
		return nil, err
	}
	if string(head[:sig]) != "!<arch>\n" || !strings.HasPrefix(string(head[sig:]), "__.PKGDEF") {
		return nil, fmt.Errorf("%s: not an archive starting with __.PKGDEF", file)
	}
	size, err := strconv.Atoi(strings.TrimSpace(string(head[sig+48 : sig+58])))
	if err != nil {
		return nil, fmt.Errorf("%s: archive member size: %w", file, err)
	}
	body := make([]byte, size)
	if _, err := io.ReadFull(f, body); err != nil {
		return nil, err
	}
	return append(head, body...), nil
}
