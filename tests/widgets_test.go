package tests

import (
	"encoding/json"
	"fmt"
	"strings"
)

// mimeWidgetView places a widget in an output by model id.
const mimeWidgetView = "application/vnd.jupyter.widget-view+json"

// checkWidgets checks the widgets of an executed notebook the way a
// widgets manager restoring it would need them: every widget an output
// places has its state in the notebook metadata that nbclient stores
// (application/vnd.jupyter.widget-state+json, version 2), each model names
// its module, version and model, every IPY_MODEL_ reference in a state
// resolves, and a progress bar ends full.
func checkWidgets(nb *notebook) []mismatch {
	var placed []string
	for _, c := range nb.Cells {
		for k, o := range c.Outputs {
			v, ok := o.Data[mimeWidgetView]
			if !ok {
				continue
			}
			var view struct {
				ModelID      string  `json:"model_id"`
				VersionMajor float64 `json:"version_major"`
			}
			if err := json.Unmarshal([]byte(v), &view); err != nil || view.ModelID == "" || view.VersionMajor != 2 {
				return []mismatch{{Notebook: nb.Path, Cell: c.Index, What: fmt.Sprintf("output %d: a bad widget view", k), Actual: v}}
			}
			placed = append(placed, view.ModelID)
		}
	}
	if len(placed) == 0 {
		return nil
	}
	fail := func(what, actual string) []mismatch {
		return []mismatch{{Notebook: nb.Path, Cell: -1, What: what, Actual: actual}}
	}
	meta, _ := nb.raw["metadata"].(map[string]any)
	widgets, _ := meta["widgets"].(map[string]any)
	doc, _ := widgets["application/vnd.jupyter.widget-state+json"].(map[string]any)
	if doc == nil || doc["version_major"] != 2.0 {
		return fail("the notebook places widgets but stores no widget state (version 2)", fmt.Sprint(meta["widgets"]))
	}
	models, _ := doc["state"].(map[string]any)
	var ms []mismatch
	var check func(id, from string)
	seen := map[string]bool{}
	check = func(id, from string) {
		if seen[id] {
			return
		}
		seen[id] = true
		m, _ := models[id].(map[string]any)
		if m == nil {
			ms = append(ms, fail("widget model "+id+" ("+from+") has no stored state", "")...)
			return
		}
		for _, key := range []string{"model_name", "model_module", "model_module_version"} {
			if s, _ := m[key].(string); s == "" {
				ms = append(ms, fail("widget model "+id+" lacks "+key, fmt.Sprint(m))...)
			}
		}
		state, _ := m["state"].(map[string]any)
		if state == nil {
			ms = append(ms, fail("widget model "+id+" has no state", fmt.Sprint(m))...)
			return
		}
		if m["model_name"] == "IntProgressModel" && (state["value"] != state["max"] || state["max"] == nil) {
			ms = append(ms, fail("the progress widget did not end full", fmt.Sprintf("value %v of %v", state["value"], state["max"]))...)
		}
		for _, v := range state {
			for _, ref := range references(v) {
				check(ref, "referred to by "+id)
			}
		}
	}
	for _, id := range placed {
		check(id, "placed in an output")
	}
	return ms
}

// references returns the model ids a state value refers to.
func references(v any) []string {
	switch v := v.(type) {
	case string:
		if id, ok := strings.CutPrefix(v, "IPY_MODEL_"); ok {
			return []string{id}
		}
	case []any:
		var ids []string
		for _, e := range v {
			ids = append(ids, references(e)...)
		}
		return ids
	}
	return nil
}
