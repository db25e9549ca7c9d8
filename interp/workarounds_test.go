package interp

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// notWorkarounds are the files that mention yaegi v0.16.1 without holding
// a workaround of the table.
var notWorkarounds = map[string]string{
	"doc.go":         "describes the workarounds for the package's users",
	"workarounds.go": "the table itself",
	// A speed-up rather than a behaviour: its canary would have to count
	// yaegi's allocations for a call of a compiled variadic method.
	"bridge_submit.go": "calls of Submit with fixed arity, which yaegi calls with fewer allocations",
}

// TestWorkaroundsTable checks the table of workarounds against the files:
// every file, golden cell and test it names exists; every rewrite_*.go and
// range_*.go file, and every other file that says what yaegi v0.16.1
// does, is in it.
func TestWorkaroundsTable(t *testing.T) {
	tests := map[string]bool{}
	testFiles, _ := filepath.Glob("*_test.go")
	decl := regexp.MustCompile(`(?m)^func (Test\w+)\(t \*testing\.T\)`)
	for _, f := range testFiles {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range decl.FindAllStringSubmatch(string(src), -1) {
			tests[m[1]] = true
		}
	}
	listed := map[string]bool{}
	seen := map[string]bool{}
	for _, w := range workarounds {
		if seen[w.feature] {
			t.Errorf("%s: two rows", w.feature)
		}
		seen[w.feature] = true
		if w.yaegi == "" || len(w.files) == 0 {
			t.Errorf("%s: the row names no files or no yaegi behaviour", w.feature)
		}
		for _, f := range w.files {
			listed[f] = true
			if _, err := os.Stat(f); err != nil {
				t.Errorf("%s: %v", w.feature, err)
			}
		}
		switch {
		case w.golden != "":
			if _, err := os.Stat(filepath.Join("testdata", "cells", w.golden)); err != nil {
				t.Errorf("%s: golden cell: %v", w.feature, err)
			}
		case w.test != "":
			if !tests[w.test] {
				t.Errorf("%s: no test %s in interp", w.feature, w.test)
			}
		default:
			t.Errorf("%s: neither a golden cell nor a test pins it", w.feature)
		}
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") || listed[f] || notWorkarounds[f] != "" {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		named := strings.HasPrefix(f, "rewrite_") || strings.HasPrefix(f, "range_")
		if named || strings.Contains(string(src), "yaegi v0.16.1") {
			t.Errorf("%s works around yaegi but is not in the table of workarounds.go", f)
		}
	}
}
