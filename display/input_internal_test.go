package display

import (
	"strings"
	"testing"
)

// Without a prompting sink, successive calls read successive lines of
// standard input, even when one read buffers all of them.
func TestInputReadsSuccessiveLinesOfStdin(t *testing.T) {
	stdinFile, stdin.r = strings.NewReader("first\nsecond\r\n"), nil
	defer Use(&TextSink{Stdout: &strings.Builder{}})()
	for _, want := range []string{"first", "second"} {
		if got, err := Input("? "); got != want || err != nil {
			t.Fatalf("Input = %q, %v; want %q", got, err, want)
		}
	}
	if _, err := Input("? "); err == nil {
		t.Error("Input after the last line returned no error")
	}
}
