package tests

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
)

// notebook is an .ipynb file (nbformat 4) kept as generic JSON, so that
// rewriting its outputs with -update preserves everything else verbatim.
type notebook struct {
	Path  string
	raw   map[string]any
	Cells []cell
}

// cell is a view of one notebook cell.
type cell struct {
	Index   int
	Type    string // "code", "markdown" or "raw"
	Source  string
	Outputs []output
	Expect  expectation
	raw     map[string]any
}

// output is one cell output, with multi-line strings joined and every MIME
// value as a string (JSON values in canonical JSON).
type output struct {
	Type      string            // "stream", "display_data", "execute_result" or "error"
	Name      string            // stream name
	Text      string            // stream text
	Data      map[string]string // MIME type -> content
	Ename     string
	Evalue    string
	Traceback []string
}

func readNotebook(path string) (*notebook, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	nb, err := parseNotebook(b)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	nb.Path = path
	return nb, nil
}

func parseNotebook(b []byte) (*notebook, error) {
	var raw map[string]any
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("not a notebook: %w", err)
	}
	if v, _ := raw["nbformat"].(float64); v != 4 {
		return nil, fmt.Errorf("nbformat %v, want 4", raw["nbformat"])
	}
	rawCells, _ := raw["cells"].([]any)
	nb := &notebook{raw: raw}
	defaults, err := notebookExpectation(raw)
	if err != nil {
		return nil, err
	}
	for i, rc := range rawCells {
		m, ok := rc.(map[string]any)
		if !ok {
			return nil, fmt.Errorf("cell %d is not an object", i)
		}
		c := cell{Index: i, raw: m}
		c.Type, _ = m["cell_type"].(string)
		c.Source = joinText(m["source"])
		for j, ro := range asSlice(m["outputs"]) {
			o, err := parseOutput(ro)
			if err != nil {
				return nil, fmt.Errorf("cell %d output %d: %w", i, j, err)
			}
			c.Outputs = append(c.Outputs, o)
		}
		meta, _ := m["metadata"].(map[string]any)
		if c.Expect, err = cellExpectation(meta, defaults); err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		nb.Cells = append(nb.Cells, c)
	}
	return nb, nil
}

func parseOutput(v any) (output, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return output{}, fmt.Errorf("not an object")
	}
	o := output{}
	o.Type, _ = m["output_type"].(string)
	switch o.Type {
	case "stream":
		o.Name, _ = m["name"].(string)
		o.Text = joinText(m["text"])
	case "display_data", "execute_result":
		data, _ := m["data"].(map[string]any)
		o.Data = make(map[string]string, len(data))
		for mime, d := range data {
			if strings.HasSuffix(mime, "json") {
				b, err := json.Marshal(d)
				if err != nil {
					return o, err
				}
				o.Data[mime] = string(b)
				continue
			}
			o.Data[mime] = joinText(d)
		}
	case "error":
		o.Ename, _ = m["ename"].(string)
		o.Evalue, _ = m["evalue"].(string)
		for _, l := range asSlice(m["traceback"]) {
			s, _ := l.(string)
			o.Traceback = append(o.Traceback, s)
		}
	default:
		return o, fmt.Errorf("unknown output_type %q", o.Type)
	}
	return o, nil
}

// joinText reads nbformat's multiline strings: one string, or a list of
// strings to be concatenated.
func joinText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case []any:
		var sb strings.Builder
		for _, s := range t {
			str, _ := s.(string)
			sb.WriteString(str)
		}
		return sb.String()
	}
	return ""
}

func asSlice(v any) []any {
	s, _ := v.([]any)
	return s
}

// takeOutputs replaces the outputs and execution counts of nb's code cells
// with those of run, which must be an execution of the same cells.
func (nb *notebook) takeOutputs(run *notebook) error {
	if len(run.Cells) != len(nb.Cells) {
		return fmt.Errorf("%s: the run has %d cells, the notebook %d", nb.Path, len(run.Cells), len(nb.Cells))
	}
	for i, c := range nb.Cells {
		if c.Type != "code" {
			continue
		}
		if run.Cells[i].Source != c.Source {
			return fmt.Errorf("%s: cell %d: the run executed different source", nb.Path, i)
		}
		c.raw["outputs"] = run.Cells[i].raw["outputs"]
		c.raw["execution_count"] = run.Cells[i].raw["execution_count"]
	}
	return nil
}

// encode writes the notebook as Jupyter does: one-space indent, sorted
// keys, no HTML escaping, a final newline.
func (nb *notebook) encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(nb.raw); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
