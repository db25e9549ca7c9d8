package interp

import (
	"context"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/display/widget"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// progressCell waits on a progress bar over ten futures.
const progressCell = `import (
	"strings"

	"github.com/gofutures/gofutures/futures"
)
client := futures.NewClient(futures.Workers(2))
fs := client.Map(strings.ToUpper, []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
futures.ProgressWait(fs...)`

// openWidgetControl does what JupyterLab's widgets manager does when it
// connects: it opens the control comm (which the kernel closes, sending
// the manager to its comm_info fallback).
func openWidgetControl(ctx context.Context, t *testing.T, c *kerneltest.Client) {
	t.Helper()
	req, err := c.Request(kernel.Shell, "comm_open", map[string]any{"comm_id": "control-1", "target_name": "jupyter.widget.control", "data": map[string]any{}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.IOPub(ctx, req); err != nil {
		t.Fatal(err)
	}
}

// widgetBar returns the progress widget's comms from a cell's iopub, by
// model name, and the model id the cell's display_data places.
func widgetBar(t *testing.T, r kerneltest.Result) (models map[string]string, placed string) {
	t.Helper()
	models = map[string]string{}
	for _, m := range r.Of("comm_open") {
		c := kerneltest.Content(m)
		if c["target_name"] != widget.WidgetTarget || m.Metadata["version"] != widget.WidgetProtocolVersion {
			t.Errorf("comm_open %v metadata %v", c, m.Metadata)
		}
		state := c["data"].(map[string]any)["state"].(map[string]any)
		models[state["_model_name"].(string)] = c["comm_id"].(string)
	}
	for _, m := range r.Of("display_data") {
		data := kerneltest.Content(m)["data"].(map[string]any)
		if view, ok := data[widget.MIMEWidgetView].(map[string]any); ok {
			placed, _ = view["model_id"].(string)
			if !strings.Contains(data["text/plain"].(string), "/10 done") {
				t.Errorf("text fallback %q", data["text/plain"])
			}
		}
	}
	return models, placed
}

func TestKernelProgressIsAWidgetWhenTheFrontendRunsAWidgetsManager(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	openWidgetControl(ctx, t, c)
	r, err := c.Execute(ctx, progressCell)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	models, placed := widgetBar(t, r)
	if len(models) != 3 || placed == "" || placed != models["HBoxModel"] {
		t.Fatalf("models %v, display places %q; iopub %v", models, placed, r.Types())
	}
	// The bar's last state before idle is its final one: the state it
	// opened with when the tasks were over by then, or its last update.
	var last map[string]any
	for _, m := range r.Of("comm_open") {
		c := kerneltest.Content(m)
		if c["comm_id"] == models["IntProgressModel"] {
			last = c["data"].(map[string]any)["state"].(map[string]any)
		}
	}
	for _, m := range r.Of("comm_msg") {
		c := kerneltest.Content(m)
		if c["comm_id"] == models["IntProgressModel"] {
			last = c["data"].(map[string]any)["state"].(map[string]any)
		}
	}
	if last == nil || last["value"] != 10.0 || last["max"] != 10.0 || last["bar_style"] != "success" {
		t.Errorf("last bar update %v, want 10 of 10, success", last)
	}
}

func TestKernelProgressWidgetModeIsTheUsersChoice(t *testing.T) {
	t.Run("CommsOff keeps HTML under a widgets manager", func(t *testing.T) {
		c, _, ctx := startBridgedKernel(t)
		openWidgetControl(ctx, t, c)
		r, err := c.Execute(ctx, `import "github.com/gofutures/gofutures/display/widget"
widget.SetComms(widget.CommsOff)
`+progressCell+`
widget.SetComms(widget.CommsAuto)`)
		if err != nil || r.Status() != "ok" {
			t.Fatalf("cell: %v, %v", r.Types(), err)
		}
		if n := len(r.Of("comm_open")); n != 0 {
			t.Errorf("%d comms opened under CommsOff", n)
		}
		finalHTMLBar(t, r, "100% 10/10 done")
	})
	t.Run("CommsOn draws a widget without one", func(t *testing.T) {
		c, _, ctx := startBridgedKernel(t)
		r, err := c.Execute(ctx, `import "github.com/gofutures/gofutures/display/widget"
widget.SetComms(widget.CommsOn)
`+progressCell+`
widget.SetComms(widget.CommsAuto)`)
		if err != nil || r.Status() != "ok" {
			t.Fatalf("cell: %v, %v", r.Types(), err)
		}
		if models, placed := widgetBar(t, r); len(models) != 3 || placed == "" {
			t.Errorf("models %v, placed %q", models, placed)
		}
	})
	t.Run("no widgets manager, no widget", func(t *testing.T) {
		c, _, ctx := startBridgedKernel(t)
		r, err := c.Execute(ctx, progressCell)
		if err != nil || r.Status() != "ok" {
			t.Fatalf("cell: %v, %v", r.Types(), err)
		}
		if n := len(r.Of("comm_open")); n != 0 {
			t.Errorf("%d comms opened for a frontend without a widgets manager", n)
		}
	})
}

// finalHTMLBar checks that a cell showed one HTML bar, updated only in
// place, whose last state (its first, when the tasks were over before it
// was made) contains want.
func finalHTMLBar(t *testing.T, r kerneltest.Result, want string) {
	t.Helper()
	shown := r.Of("display_data")
	if len(shown) != 1 {
		t.Fatalf("iopub %v, want one display_data", r.Types())
	}
	id, last := displayOf(t, shown[0])
	for _, u := range r.Of("update_display_data") {
		uid, text := displayOf(t, u)
		if uid != id {
			t.Errorf("update of display %q, want %q", uid, id)
		}
		last = text
	}
	if !strings.Contains(last, want) {
		t.Errorf("final state %q, want %q", last, want)
	}
}
