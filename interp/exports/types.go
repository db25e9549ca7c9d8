package exports

import (
	"archive/zip"
	"bytes"
	_ "embed"
	"fmt"
	"io"
	"sync"
)

// typesZip holds the compiler's export data of every package a cell can
// import, one deflated member per import path (see gentypes).
//
//go:embed types.zip
var typesZip []byte

var (
	typesOnce  sync.Once
	typesFiles map[string]*zip.File
	typesErr   error
)

// ExportData returns the compiler's export data of the package at path, as
// go/importer's "gc" importer reads it from a lookup function. It
// decompresses only that package. It is safe for concurrent use.
func ExportData(path string) (io.ReadCloser, error) {
	typesOnce.Do(func() {
		zr, err := zip.NewReader(bytes.NewReader(typesZip), int64(len(typesZip)))
		if err != nil {
			typesErr = fmt.Errorf("exports: reading types.zip: %w", err)
			return
		}
		typesFiles = make(map[string]*zip.File, len(zr.File))
		for _, f := range zr.File {
			typesFiles[f.Name] = f
		}
	})
	if typesErr != nil {
		return nil, typesErr
	}
	f, ok := typesFiles[path]
	if !ok {
		return nil, fmt.Errorf("exports: no type information for package %q", path)
	}
	return f.Open()
}
