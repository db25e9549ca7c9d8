package widget_test

import (
	"testing"

	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/widget"
)

func TestSetCommsTakesAnUnknownModeAsAuto(t *testing.T) {
	defer widget.SetComms(widget.SetComms(widget.CommsOn))
	if prev := widget.SetComms(widget.CommsMode(7)); prev != widget.CommsOn {
		t.Fatalf("previous mode %v, want CommsOn", prev)
	}
	if got := widget.SetComms(widget.CommsAuto); got != widget.CommsAuto {
		t.Fatalf("mode after SetComms(7) is %v, want CommsAuto", got)
	}
	if widget.WantComms(&displaytest.Recorder{}) || !widget.WantComms(&displaytest.Recorder{Widgets: true}) {
		t.Fatal("CommsAuto does not follow the frontend")
	}
}
