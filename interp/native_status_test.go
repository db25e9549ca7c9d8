package interp

import (
	"strings"
	"testing"

	"github.com/gofutures/gofutures/display/displaytest"
)

func TestNativeStatusLine(t *testing.T) {
	for _, tc := range []struct {
		name  string
		end   func(*status)
		final string
	}{
		{"ends with what was done and its time", func(st *status) { st.done("compiled the cell") }, "native: compiled the cell in "},
		{"ends with what failed alone", func(st *status) { st.failed("could not compile the cell") }, "native: could not compile the cell"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &displaytest.Recorder{}
			st := newStatus(rec)
			st.line("building the cell")
			st.line("loading the cell")
			tc.end(st)
			tc.end(st) // ending twice changes nothing
			st.line("late")
			evs := rec.Events()
			if len(evs) < 3 || evs[0].Kind != "display" || !strings.Contains(evs[0].String(), "native: building the cell ... 0 s") {
				t.Fatalf("events:\n%s", rec)
			}
			last := evs[len(evs)-1]
			if !last.Settled || !strings.Contains(last.String(), tc.final) || strings.Contains(last.String(), "...") {
				t.Errorf("the line ends as %s, want settled %q", last, tc.final)
			}
			if n := len(rec.Events()); n != len(evs) {
				t.Errorf("%d events after the end", n-len(evs))
			}
		})
	}
	t.Run("shows nothing when no step began", func(t *testing.T) {
		rec := &displaytest.Recorder{}
		newStatus(rec).done("imported x")
		if n := len(rec.Events()); n != 0 {
			t.Errorf("%d events:\n%s", n, rec)
		}
	})
}
