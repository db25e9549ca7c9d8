package widget

import (
	"errors"
	"sync"

	"github.com/gofutures/gofutures/display"
)

// The ipywidgets message protocol (comm target, version metadata) and the
// model versions of ipywidgets 8's controls.
const (
	WidgetTarget          = "jupyter.widget"
	WidgetProtocolVersion = "2.1.0"
	ControlsVersion       = "2.0.0"
	// MIMEWidgetView is the MIME type that places a widget in an output.
	MIMEWidgetView = "application/vnd.jupyter.widget-view+json"
)

// commProgress is a progress bar made of three ipywidgets models over
// comms: an HBox holding an IntProgress and an HTML label, as Dask's
// notebook progress bar is built.
type commProgress struct {
	mu     sync.Mutex
	comms  map[string]display.Comm   // by part: "bar", "label", "box"
	states map[string]map[string]any // full state of each part, for request_state
	pacer  *display.Pacer
	once   sync.Once
}

func modelState(model, view string) map[string]any {
	return map[string]any{
		"_model_module":         "@jupyter-widgets/controls",
		"_model_module_version": ControlsVersion,
		"_model_name":           model,
		"_view_module":          "@jupyter-widgets/controls",
		"_view_module_version":  ControlsVersion,
		"_view_name":            view,
		"_dom_classes":          []any{},
	}
}

func openCommProgress(co display.CommOpener, s ProgressState, o ProgressOptions) (*commProgress, error) {
	c := &commProgress{comms: map[string]display.Comm{}, states: map[string]map[string]any{}}
	c.pacer = display.NewPacer(display.PacerOptions{Interval: o.Interval, Clock: o.Clock, Send: c.send})
	bar := modelState("IntProgressModel", "ProgressView")
	bar["min"], bar["orientation"] = 0, "horizontal"
	for k, v := range barUpdate(s) {
		bar[k] = v
	}
	label := modelState("HTMLModel", "HTMLView")
	label["description"] = ""
	for k, v := range labelUpdate(s) {
		label[k] = v
	}
	c.states["bar"], c.states["label"] = bar, label
	for _, part := range []string{"bar", "label", "box"} {
		if part == "box" {
			box := modelState("HBoxModel", "HBoxView")
			box["box_style"] = ""
			box["children"] = []any{"IPY_MODEL_" + c.comms["bar"].ID(), "IPY_MODEL_" + c.comms["label"].ID()}
			c.mu.Lock()
			c.states["box"] = box
			c.mu.Unlock()
		}
		comm, err := co.OpenComm(WidgetTarget,
			map[string]any{"state": copyState(c.states[part]), "buffer_paths": []any{}},
			map[string]any{"version": WidgetProtocolVersion},
			func(data map[string]any) { c.onMsg(part, data) })
		if err != nil {
			c.close()
			return nil, err
		}
		c.mu.Lock()
		c.comms[part] = comm
		c.mu.Unlock()
	}
	return c, nil
}

func copyState(s map[string]any) map[string]any {
	c := make(map[string]any, len(s))
	for k, v := range s {
		c[k] = v
	}
	return c
}

func barUpdate(s ProgressState) map[string]any {
	style := ""
	switch {
	case s.Errors > 0 && s.Complete():
		style = "danger"
	case s.Errors > 0:
		style = "warning"
	case s.Complete():
		style = "success"
	}
	value, maxValue := s.Done, s.Total
	if maxValue <= 0 { // nothing to do: a full bar, not 0/0 (which the view draws as NaN%)
		value, maxValue = 1, 1
	}
	return map[string]any{"value": value, "max": maxValue, "description": s.Title, "bar_style": style}
}

func labelUpdate(s ProgressState) map[string]any {
	return map[string]any{"value": esc(s.summary())}
}

// bundle is the output that places the widget, with the text bar as the
// fallback for frontends without the widgets manager.
func (c *commProgress) bundle(s ProgressState) display.Bundle {
	c.mu.Lock()
	id := c.comms["box"].ID()
	c.mu.Unlock()
	return display.Bundle{
		Data: map[string]any{
			MIMEWidgetView:   map[string]any{"model_id": id, "version_major": 2, "version_minor": 0},
			display.MIMEText: s.String(),
		},
		Metadata: map[string]any{},
	}
}

// set records s as the latest state and offers it to the pacer.
func (c *commProgress) set(s ProgressState) {
	c.mu.Lock()
	for k, v := range barUpdate(s) {
		c.states["bar"][k] = v
	}
	for k, v := range labelUpdate(s) {
		c.states["label"][k] = v
	}
	c.mu.Unlock()
	c.pacer.Offer(s)
}

func (c *commProgress) send(v any) {
	s := v.(ProgressState)
	c.mu.Lock()
	bar, label := c.comms["bar"], c.comms["label"]
	c.mu.Unlock()
	bar.Send(map[string]any{"method": "update", "state": barUpdate(s), "buffer_paths": []any{}}, nil)
	label.Send(map[string]any{"method": "update", "state": labelUpdate(s), "buffer_paths": []any{}}, nil)
}

// onMsg answers the frontend: request_state gets the full state of that
// part. Edits ("update") and custom messages mean nothing to a progress bar.
func (c *commProgress) onMsg(part string, data map[string]any) {
	if data["method"] != "request_state" {
		return
	}
	c.mu.Lock()
	comm := c.comms[part]
	state := copyState(c.states[part])
	c.mu.Unlock()
	if comm != nil {
		comm.Send(map[string]any{"method": "update", "state": state, "buffer_paths": []any{}}, nil)
	}
}

func (c *commProgress) close() error {
	var err error
	c.once.Do(func() {
		c.mu.Lock()
		defer c.mu.Unlock()
		for _, part := range []string{"box", "bar", "label"} {
			if comm := c.comms[part]; comm != nil {
				err = errors.Join(err, comm.Close())
			}
		}
	})
	return err
}
