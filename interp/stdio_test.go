package interp

import (
	"context"
	"strings"
	"testing"
	"time"
)

// waitFor polls until cond holds or a generous deadline passes.
func waitFor(cond func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return true
		}
	}
	return cond()
}

// gate makes a channel global named name and returns a function that
// closes it from the test.
func gate(t *testing.T, s *Session, name string) func() {
	t.Helper()
	if _, err := s.Execute(context.Background(), name+" := make(chan bool)", &recorder{}); err != nil {
		t.Fatal(err)
	}
	v, ok := s.Value(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	return func() { v.Close() }
}

func TestOutputStreamsWhileTheCellRuns(t *testing.T) {
	s := newSession(t)
	open := gate(t, s, "gate")
	rec := &recorder{}
	done := make(chan error, 1)
	go func() {
		_, err := s.Execute(context.Background(), "import \"fmt\"\nfmt.Println(\"first\")\n<-gate\nfmt.Println(\"second\")", rec)
		done <- err
	}()
	if !waitFor(func() bool { return rec.out() == "first\n" }) {
		t.Fatalf("before the cell ended, stdout was %q, want \"first\\n\"", rec.out())
	}
	open()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if rec.out() != "first\nsecond\n" {
		t.Errorf("stdout %q", rec.out())
	}
}

func TestGoroutinesKeepWritingToTheirCell(t *testing.T) {
	s := newSession(t)
	open := gate(t, s, "later")
	first, second := &recorder{}, &recorder{}
	// The goroutine touches no global once it runs: one read beside the
	// next cell's evaluation is the race the package doc accepts.
	if _, err := s.Execute(context.Background(), "import \"fmt\"\nfunc wait(c chan bool) { <-c; fmt.Println(\"from the first cell\") }\ngo wait(later)", first); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Execute(context.Background(), "fmt.Println(\"second cell\")", second); err != nil {
		t.Fatal(err)
	}
	open()
	if !waitFor(func() bool { return strings.Contains(first.out(), "from the first cell") }) {
		t.Errorf("first cell's stdout %q, second's %q: the goroutine's line belongs to the first", first.out(), second.out())
	}
	if strings.Contains(second.out(), "first cell") {
		t.Errorf("second cell got %q", second.out())
	}
}
