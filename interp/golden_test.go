package interp

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/gofutures/gofutures/display"
)

// recorder is a display.Sink that keeps what a cell wrote.
type recorder struct {
	mu     sync.Mutex
	stdout strings.Builder
	stderr strings.Builder
	shown  []display.Bundle
}

func (r *recorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name == "stderr" {
		r.stderr.WriteString(text)
	} else {
		r.stdout.WriteString(text)
	}
}
func (r *recorder) Display(b display.Bundle, id string) {
	r.mu.Lock()
	r.shown = append(r.shown, b)
	r.mu.Unlock()
}
func (r *recorder) Update(b display.Bundle, id string) {}
func (r *recorder) Clear(bool)                         {}

func (r *recorder) out() string { r.mu.Lock(); defer r.mu.Unlock(); return r.stdout.String() }

// expected returns the text after "// Output:" in a golden cell.
func expected(src string) (string, bool) {
	_, after, ok := strings.Cut(src, "// Output:\n")
	if !ok {
		return "", false
	}
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(after), "\n") {
		lines = append(lines, strings.TrimPrefix(strings.TrimPrefix(l, "//"), " "))
	}
	return strings.Join(lines, "\n") + "\n", true
}

// TestGoldenCells runs every cell in testdata/cells (*.go whole programs,
// *.cell notebook cells) in a fresh session
// (with "fmt" imported, as a notebook's first cell would) and compares its
// output with its // Output: comment, and, for cells that are whole
// programs, unless -short, with what `go run` prints for the same file.
func TestGoldenCells(t *testing.T) {
	files, _ := filepath.Glob("testdata/cells/*.go")   // whole programs
	cells, _ := filepath.Glob("testdata/cells/*.cell") // notebook cells, not Go files
	files = append(files, cells...)
	if len(files) == 0 {
		t.Fatal("no golden cells")
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			want, ok := expected(string(b))
			if !ok {
				t.Fatal("no // Output: comment")
			}
			s, err := New(Options{})
			if err != nil {
				t.Fatal(err)
			}
			rec := &recorder{}
			if _, err := s.Execute(context.Background(), `import "fmt"`, rec); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Execute(context.Background(), string(b), rec); err != nil {
				t.Fatalf("cell failed: %v", err)
			}
			if got := rec.out(); got != want {
				t.Errorf("session printed\n%s\nwant\n%s", got, want)
			}
			if testing.Short() || !strings.Contains(string(b), "\npackage main\n") {
				return
			}
			out, err := exec.Command("go", "run", f).CombinedOutput()
			if err != nil {
				t.Fatalf("go run: %v\n%s", err, out)
			}
			if string(out) != want {
				t.Errorf("go run printed\n%s\nwant\n%s", out, want)
			}
		})
	}
}
