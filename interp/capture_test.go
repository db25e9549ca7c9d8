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
	t.Run("output holding sync-mark bytes passes unchanged", func(t *testing.T) {
		mark := string(s.fds[0].mark)
		for _, text := range []string{
			"\x00\x01gofutures-sync\x01\x00", // the mark of earlier versions
			mark[:len(mark)-1] + "\x01",      // the new mark, but for its last byte
			mark[:20],                        // its start, at the end of the output
			"a\x00gofutures-sync:b\x00",
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
