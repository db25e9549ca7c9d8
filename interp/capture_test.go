package interp

import (
	"context"
	"strings"
	"testing"
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
	t.Run("Close gives the descriptors back", func(t *testing.T) {
		s.Close()
		s2, err := New(Options{CaptureFD: true})
		if err != nil {
			t.Fatalf("after Close: %v", err)
		}
		s2.Close()
	})
}
