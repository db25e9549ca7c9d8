package interp

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"github.com/gofutures/gofutures/display"
)

func TestCaptureFD(t *testing.T) {
	s, err := New(Options{CaptureFD: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	t.Run("a second capturing session is refused", func(t *testing.T) {
		if _, err := New(Options{CaptureFD: true}); err == nil {
			t.Error("two sessions capture the process's output")
		}
	})
	// yaegi leaves os.Stdout and os.Stderr the process's files (it swaps
	// them only for writers that are files), so these writes go to the
	// descriptors, as a compiled package's do.
	t.Run("compiled writes to os.Stdout and os.Stderr reach the cell", func(t *testing.T) {
		rec := &recorder{}
		if _, err := s.Execute(context.Background(), "import \"os\"\nos.Stdout.WriteString(\"to fd 1\\n\")\nos.Stderr.WriteString(\"to fd 2\\n\")", rec); err != nil {
			t.Fatal(err)
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if !strings.Contains(rec.stdout.String(), "to fd 1\n") || !strings.Contains(rec.stderr.String(), "to fd 2\n") {
			t.Errorf("stdout %q, stderr %q", rec.stdout.String(), rec.stderr.String())
		}
	})
	t.Run("characters split by pipe reads reach the cell whole", func(t *testing.T) {
		rec := &chunkRecorder{}
		s.syncStdio() // what the test framework wrote to fd 1 is not the cell's
		if _, err := s.Execute(context.Background(), "import \"os\"\nimport \"strings\"\nos.Stdout.WriteString(strings.Repeat(\"€\", 100000))", rec); err != nil {
			t.Fatal(err)
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		if got := rec.stdout.String(); got != strings.Repeat("€", 100000) {
			t.Errorf("stdout has %d bytes, %d runes, want 100000 €", len(got), utf8.RuneCountInString(got))
		}
		if rec.invalid > 0 || rec.chunks < 2 {
			t.Errorf("%d of %d chunks are not valid UTF-8; want none of several", rec.invalid, rec.chunks)
		}
	})
	t.Run("output with NUL and control bytes passes unchanged", func(t *testing.T) {
		for _, text := range []string{
			"\x00\x01gofutures-sync\x01\x00", // the sync mark of earlier versions
			"a\x00gofutures-sync:b\x00",
			"\x00",
		} {
			rec := &recorder{}
			s.syncStdio()
			code := fmt.Sprintf("import \"os\"\nos.Stdout.WriteString(%q)\nos.Stderr.WriteString(%q)", text, text)
			if _, err := s.Execute(context.Background(), code, rec); err != nil {
				t.Fatal(err)
			}
			if got, gotErr := rec.out(), rec.errOut(); got != text || gotErr != text {
				t.Errorf("wrote %q: stdout %q, stderr %q", text, got, gotErr)
			}
		}
	})
	t.Run("every write of a cell reaches it before the cell ends", func(t *testing.T) {
		for i := range 50 {
			rec := &recorder{}
			code := fmt.Sprintf("import \"os\"\nfor i := 0; i < %d; i++ { os.Stdout.WriteString(\"x\") }\nos.Stderr.WriteString(\"end\")", i*37)
			if _, err := s.Execute(context.Background(), code, rec); err != nil {
				t.Fatal(err)
			}
			if got, gotErr := rec.out(), rec.errOut(); got != strings.Repeat("x", i*37) || gotErr != "end" {
				t.Fatalf("cell %d: stdout has %d bytes, want %d; stderr %q", i, len(got), i*37, gotErr)
			}
		}
	})
	t.Run("a goroutine that never stops writing does not hold the cell", func(t *testing.T) {
		rec := &recorder{}
		code := "import \"os\"\nimport \"strings\"\nstopWriting := make(chan bool)\nline := strings.Repeat(\"y\", 4096)\ngo func() {\n\tfor {\n\t\tselect {\n\t\tcase <-stopWriting:\n\t\t\treturn\n\t\tdefault:\n\t\t\tos.Stdout.WriteString(line)\n\t\t}\n\t}\n}()"
		if _, err := s.Execute(context.Background(), code, rec); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Execute(context.Background(), "close(stopWriting)", &recorder{}); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("Close gives the descriptors back", func(t *testing.T) {
		s.Close()
		s2, err := New(Options{CaptureFD: true})
		if err != nil {
			t.Fatalf("after Close: %v", err)
		}
		s2.Close()
	})
}

func TestIncompleteRune(t *testing.T) {
	euro := []byte("€") // 3 bytes
	for _, c := range []struct {
		data string
		want int
	}{
		{"", 0}, {"abc", 0}, {"a€", 0}, {"a" + string(euro[:1]), 1}, {"a" + string(euro[:2]), 2},
		{"\x80\x80\x80", 0}, {"😀"[:3], 3}, {"😀", 0},
	} {
		if got := incompleteRune([]byte(c.data)); got != c.want {
			t.Errorf("incompleteRune(%q) = %d, want %d", c.data, got, c.want)
		}
	}
}

// chunkRecorder records stdout and counts the chunks that are not valid
// UTF-8 on their own.
type chunkRecorder struct {
	mu              sync.Mutex
	stdout          strings.Builder
	chunks, invalid int
}

func (r *chunkRecorder) Stream(name, text string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if name != "stdout" {
		return
	}
	r.chunks++
	if !utf8.ValidString(text) {
		r.invalid++
	}
	r.stdout.WriteString(text)
}
func (r *chunkRecorder) Display(display.Bundle, string) {}
func (r *chunkRecorder) Update(display.Bundle, string)  {}
func (r *chunkRecorder) Clear(bool)                     {}
