package interp

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
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
// *.cell notebook cells, *.cells several notebook cells separated by lines
// "// ----") in a fresh session (with "fmt" imported, as a notebook's
// first cell would, so that the first golden cell is In [2]), whose
// frontend allows no input, and compares what it printed with its //
// Output: comment: the cells' output, a cell's result as "Out: " and its
// text, and after a cell that fails, its traceback (the error's kind and
// message, then the frames). For cells
// that are whole programs, unless -short, it also compares with what the
// Go toolchain does with the same file: what `go run` prints; the errors
// of `go build`, for a program that does not compile ("cell:L:C: msg"
// lines); and the output up to the panic message, for one that panics.
func TestGoldenCells(t *testing.T) {
	var files []string
	for _, pattern := range []string{"*.go", "*.cell", "*.cells"} {
		m, _ := filepath.Glob(filepath.Join("testdata", "cells", pattern))
		files = append(files, m...)
	}
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
			got := runGolden(t, string(b), strings.HasSuffix(f, ".cells"))
			if got != want {
				t.Errorf("session printed\n%s\nwant\n%s", got, want)
			}
			if testing.Short() || !strings.Contains(string(b), "\npackage main\n") {
				return
			}
			compareWithGo(t, f, want)
		})
	}
}

// runGolden runs src, as several cells when split, and returns what they
// printed, each failed cell followed by its traceback.
func runGolden(t *testing.T, src string, split bool) string {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	rec := &recorder{}
	sink := refusingSink{rec}
	if _, err := s.Execute(context.Background(), `import "fmt"`, sink); err != nil {
		t.Fatal(err)
	}
	cells := []string{src}
	if split {
		cells = strings.Split(src, "\n// ----\n")
	}
	var out strings.Builder
	for _, c := range cells {
		b, err := s.Execute(context.Background(), c, sink)
		rec.mu.Lock()
		out.WriteString(rec.stdout.String())
		rec.stdout.Reset()
		rec.mu.Unlock()
		if b != nil {
			out.WriteString(strings.TrimRight("Out: "+fmt.Sprint(b.Data[display.MIMEText]), " ") + "\n")
		}
		var e *Error
		switch {
		case errors.As(err, &e):
			out.WriteString(strings.Join(e.Traceback(), "\n") + "\n")
		case err != nil:
			out.WriteString("error: " + err.Error() + "\n")
		}
	}
	return out.String()
}

// goPos matches the position go build gives an error in a file.
var goPos = regexp.MustCompile(`^\S+\.go:(\d+:\d+: .*)$`)

// cellPosLine matches a compile error's line in a golden's output.
var cellPosLine = regexp.MustCompile(`^(?:CompileError: )?cell:(\d+:\d+: .*)$`)

// compareWithGo compares the golden whole program f, whose output in the
// session is want, with what the Go toolchain makes of it.
func compareWithGo(t *testing.T, f, want string) {
	t.Helper()
	var wantErrs []string
	for _, l := range strings.Split(want, "\n") {
		if m := cellPosLine.FindStringSubmatch(l); m != nil {
			wantErrs = append(wantErrs, m[1])
		}
	}
	if strings.HasPrefix(want, "CompileError: ") {
		out, err := exec.Command("go", "build", "-o", os.DevNull, f).CombinedOutput()
		if err == nil {
			t.Fatalf("go build compiled it, the session printed\n%s", want)
		}
		var got []string
		for _, l := range strings.Split(string(out), "\n") {
			if m := goPos.FindStringSubmatch(l); m != nil {
				got = append(got, m[1])
			}
		}
		if strings.Join(got, "\n") != strings.Join(wantErrs, "\n") {
			t.Errorf("go build reports\n%s\nthe session\n%s", strings.Join(got, "\n"), strings.Join(wantErrs, "\n"))
		}
		return
	}
	out, err := exec.Command("go", "run", f).CombinedOutput()
	if i := strings.Index(want, "panic: "); i >= 0 && (i == 0 || want[i-1] == '\n') {
		// Up to and with the panic's message: the frames differ.
		end := strings.IndexByte(want[i:], '\n')
		wantRun := want[:i+end+1]
		gotRun := string(out)
		if j := strings.Index(gotRun, "\ngoroutine "); j >= 0 {
			gotRun = strings.TrimRight(gotRun[:j], "\n") + "\n"
		}
		if err == nil || gotRun != wantRun {
			t.Errorf("go run printed\n%s\nwant\n%s", gotRun, wantRun)
		}
		return
	}
	if err != nil {
		t.Fatalf("go run: %v\n%s", err, out)
	}
	if string(out) != want {
		t.Errorf("go run printed\n%s\nwant\n%s", out, want)
	}
}
