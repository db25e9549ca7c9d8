package interp

import (
	"strings"
	"testing"
)

// A cell that updates one display ten thousand times sends a handful of
// update_display_data messages through the protocol, all for that display,
// and the last one carries the final state.
func TestKernelCoalescesUpdatesOfOneDisplay(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	r, err := c.Execute(ctx, `import (
	"fmt"

	"github.com/gofutures/gofutures/display"
)
h := display.New()
h.Show("start")
for i := 1; i <= 10000; i++ {
	h.Update(fmt.Sprintf("step %d", i))
}`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	updates := updatesOfOneDisplay(t, r)
	if len(updates) > 50 {
		t.Fatalf("%d update_display_data messages for 10,000 updates, want at most 50", len(updates))
	}
	if _, text := displayOf(t, updates[len(updates)-1]); !strings.Contains(text, "step 10000") {
		t.Errorf("final state %q, want step 10000", text)
	}
}
