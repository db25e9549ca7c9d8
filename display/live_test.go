package display_test

import (
	"strings"
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

func TestShowConsultsLiveShowers(t *testing.T) {
	type live struct{}
	var calls []string
	shower := func(name string, takes bool) func(v any, out display.Sink) bool {
		return func(v any, out display.Sink) bool {
			if _, ok := v.(live); !ok {
				return false
			}
			calls = append(calls, name)
			if takes {
				out.Display(display.TextBundle("live by "+name), "id")
			}
			return takes
		}
	}
	defer display.RegisterLive(shower("declines", false))()
	removed := display.RegisterLive(shower("removed", true))
	defer display.RegisterLive(shower("first", true))()
	defer display.RegisterLive(shower("second", true))()
	removed()

	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	display.Show(live{})
	display.Show(42)
	if got, want := strings.Join(calls, " "), "declines first"; got != want {
		t.Errorf("showers called: %q, want %q", got, want)
	}
	if got, want := rec.String(), "display id live by first\ndisplay  42"; got != want {
		t.Errorf("events:\n%s\nwant:\n%s", got, want)
	}
}
