package interp

import (
	"context"
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

var updateNative = flag.Bool("update-native", false, "rewrite the // Output: of testdata/native from this run")

// cellSeparator separates the cells of a golden file in testdata/native;
// the text before the first one describes the file and is not run.
const cellSeparator = "\n// ---\n"

// TestNativeGoldenCells runs each file of testdata/native, a sequence of
// cells (module imports, compiled cells, their errors), in one session
// that builds plugins, and compares what the cells printed, and the first
// line of each failing cell's error, with the file's // Output: comment
// (-update-native rewrites it).
func TestNativeGoldenCells(t *testing.T) {
	files, _ := filepath.Glob("testdata/native/*.cells")
	if len(files) == 0 {
		t.Fatal("no golden cells")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src, _, _ := strings.Cut(string(data), "\n// Output:\n")
			want, ok := expected(string(data))
			if !ok {
				t.Fatal("no // Output: comment")
			}
			s := newNativeSession(t)
			rec := &recorder{}
			parts := strings.Split(src, cellSeparator)
			for i, cell := range parts[1:] {
				ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
				_, err := s.Execute(ctx, strings.TrimSpace(cell)+"\n", rec)
				cancel()
				var e *Error
				if errors.As(err, &e) {
					lines := strings.SplitN(e.Traceback()[0], "\n", 3)
					first := strings.Join(lines[:min(2, len(lines))], "\n")
					rec.Stream("stdout", "error: "+first+"\n")
				} else if err != nil {
					t.Fatalf("cell %d: %v", i+1, err)
				}
			}
			got := rec.out()
			if *updateNative {
				var b strings.Builder
				b.WriteString(strings.TrimRight(src, "\n") + "\n\n// Output:\n")
				for _, l := range strings.Split(strings.TrimRight(got, "\n"), "\n") {
					b.WriteString(strings.TrimRight("// "+l, " ") + "\n")
				}
				if err := os.WriteFile(f, []byte(b.String()), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			if got != want {
				t.Errorf("the cells printed\n%s\nwant\n%s", got, want)
			}
		})
	}
}
