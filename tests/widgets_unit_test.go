package tests

import (
	"strings"
	"testing"
)

// widgetNotebook is a notebook with one output placing model "box", and
// the given widget state stored as nbclient stores it (nil for none).
func widgetNotebook(t *testing.T, state map[string]any) *notebook {
	t.Helper()
	nb := mustNotebook(t, nil, codeCell(nil, display(map[string]any{
		mimeWidgetView: map[string]any{"model_id": "box", "version_major": 2, "version_minor": 0},
		"text/plain":   "progress",
	})))
	if state != nil {
		nb.raw["metadata"].(map[string]any)["widgets"] = map[string]any{
			"application/vnd.jupyter.widget-state+json": map[string]any{"state": state, "version_major": 2.0, "version_minor": 0.0},
		}
	}
	return nb
}

func model(name string, state map[string]any) map[string]any {
	return map[string]any{"model_name": name, "model_module": "@jupyter-widgets/controls", "model_module_version": "2.0.0", "state": state}
}

func TestCheckWidgets(t *testing.T) {
	good := func() map[string]any {
		return map[string]any{
			"box":   model("HBoxModel", map[string]any{"children": []any{"IPY_MODEL_bar", "IPY_MODEL_label"}}),
			"bar":   model("IntProgressModel", map[string]any{"value": 3.0, "max": 3.0}),
			"label": model("HTMLModel", map[string]any{"value": "3/3"}),
		}
	}
	tests := []struct {
		name  string
		state func() map[string]any
		want  string // "" for no mismatch
	}{
		{"a restorable finished bar", good, ""},
		{"no stored state", func() map[string]any { return nil }, "stores no widget state"},
		{"a child without state", func() map[string]any { s := good(); delete(s, "label"); return s }, "model label (referred to by box) has no stored state"},
		{"the placed model without state", func() map[string]any { s := good(); delete(s, "box"); return s }, "model box (placed in an output)"},
		{"a bar short of full", func() map[string]any {
			s := good()
			s["bar"] = model("IntProgressModel", map[string]any{"value": 2.0, "max": 3.0})
			return s
		}, "did not end full"},
		{"a model without its module", func() map[string]any {
			s := good()
			delete(s["label"].(map[string]any), "model_module")
			return s
		}, "lacks model_module"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := checkWidgets(widgetNotebook(t, tt.state()))
			switch {
			case tt.want == "" && len(ms) > 0:
				t.Fatalf("mismatches: %v", ms)
			case tt.want != "" && (len(ms) == 0 || !strings.Contains(ms[0].What, tt.want)):
				t.Fatalf("mismatches %v, want one saying %q", ms, tt.want)
			}
		})
	}
}

func TestCheckWidgetsIgnoresNotebooksWithoutWidgets(t *testing.T) {
	nb := mustNotebook(t, nil, codeCell(nil, stdout("hello\n")))
	if ms := checkWidgets(nb); len(ms) != 0 {
		t.Fatal(ms)
	}
}
