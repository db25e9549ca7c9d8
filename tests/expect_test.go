package tests

import (
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"
)

// expectation is what a cell's metadata.gofutures says about its outputs.
// The notebook's own metadata.gofutures gives defaults: its patterns apply
// to every cell, and it may set the per-cell timeout in seconds and
// interrupt_on_timeout (nbclient then interrupts a cell that runs too long
// instead of failing the notebook).
type expectation struct {
	Patterns  []pattern // applied in order to expected and actual text
	Unordered bool      // streams compared as sets of lines
	Ignore    bool      // outputs not compared; invariants still hold
	Error     *regexp.Regexp
	Futures   string   // final status of future widgets; "finished" when empty
	MIME      []string // MIME types compared; defaultMIME when empty

	Timeout            time.Duration // notebook level only
	InterruptOnTimeout bool          // notebook level only
}

// cellMeta is the JSON shape of metadata.gofutures.
type cellMeta struct {
	Patterns           []string `json:"patterns"`
	Unordered          bool     `json:"unordered"`
	Ignore             bool     `json:"ignore"`
	Error              string   `json:"error"`
	Futures            string   `json:"futures"`
	MIME               []string `json:"mime"`
	Timeout            float64  `json:"timeout"`
	InterruptOnTimeout bool     `json:"interrupt_on_timeout"`
}

// defaultMIME are the MIME types compared as text. Images are checked for
// content (not blank), never byte for byte; widget views carry fresh ids.
var defaultMIME = []string{
	"text/plain", "text/html", "text/markdown", "text/latex",
	"application/json", "image/svg+xml",
}

// pattern replaces the parts of a text that vary between runs by a
// placeholder naming the pattern, so "inc-3f9a01" reads "‹key›".
type pattern struct {
	Name string
	Re   *regexp.Regexp
}

// namedPatterns are the patterns a notebook can name instead of writing a
// regular expression.
var namedPatterns = map[string]string{
	// a task key as the runtime prints it: name, dash, hex token
	"key": `\b[A-Za-z_][\w.]*-[0-9a-f]{6,}(?:…)?`,
	// a Go time.Duration, including compound ones such as 1m2.5s
	"duration": `\b(?:\d+(?:\.\d+)?(?:ns|µs|μs|us|ms|s|m|h))+\b`,
	// a throughput such as a progress bar's "479110.8/s"
	"rate":  `\b\d+(?:\.\d+)?/s\b`,
	"float": `-?\b\d+\.\d+(?:[eE][-+]?\d+)?`,
	"int":   `-?\b\d+\b`,
	// a wall clock time or an RFC 3339 timestamp
	"time": `\b(?:\d{4}-\d\d-\d\dT)?\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[-+]\d\d:\d\d)?`,
	"hex":  `\b0x[0-9a-fA-F]+\b`,
	// a temporary path
	"tmp": `/tmp/[\w./-]+`,
}

func compilePatterns(specs []string) ([]pattern, error) {
	var ps []pattern
	for _, s := range specs {
		expr, name := s, s
		if named, ok := namedPatterns[s]; ok {
			expr = named
		} else {
			name = fmt.Sprintf("/%s/", s)
		}
		re, err := regexp.Compile(expr)
		if err != nil {
			return nil, fmt.Errorf("pattern %q: %w", s, err)
		}
		ps = append(ps, pattern{Name: name, Re: re})
	}
	return ps, nil
}

func decodeMeta(meta map[string]any) (cellMeta, error) {
	var cm cellMeta
	v, ok := meta["gofutures"]
	if !ok {
		return cm, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return cm, err
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&cm); err != nil {
		return cm, fmt.Errorf("metadata.gofutures: %w", err)
	}
	return cm, nil
}

func notebookExpectation(raw map[string]any) (expectation, error) {
	meta, _ := raw["metadata"].(map[string]any)
	cm, err := decodeMeta(meta)
	if err != nil {
		return expectation{}, err
	}
	e := expectation{
		Timeout:            time.Duration(cm.Timeout * float64(time.Second)),
		InterruptOnTimeout: cm.InterruptOnTimeout,
	}
	e.Patterns, err = compilePatterns(cm.Patterns)
	return e, err
}

func cellExpectation(meta map[string]any, defaults expectation) (expectation, error) {
	cm, err := decodeMeta(meta)
	if err != nil {
		return expectation{}, err
	}
	e := defaults
	own, err := compilePatterns(cm.Patterns)
	if err != nil {
		return e, err
	}
	e.Patterns = append(own, defaults.Patterns...)
	e.Unordered, e.Ignore, e.Futures, e.MIME = cm.Unordered, cm.Ignore, cm.Futures, cm.MIME
	if cm.Error != "" {
		if e.Error, err = regexp.Compile(cm.Error); err != nil {
			return e, fmt.Errorf("error pattern: %w", err)
		}
	}
	return e, nil
}

// normalize replaces every match of the patterns, in order, by its
// placeholder, and drops trailing spaces on each line.
func (e expectation) normalize(s string) string {
	for _, p := range e.Patterns {
		s = p.Re.ReplaceAllLiteralString(s, "‹"+p.Name+"›")
	}
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " \t\r")
	}
	return strings.Join(lines, "\n")
}

// normalizeStream is normalize for stream text, whose lines are sorted
// when the cell declares them unordered.
func (e expectation) normalizeStream(s string) string {
	s = e.normalize(s)
	if !e.Unordered {
		return s
	}
	lines := strings.Split(strings.TrimSuffix(s, "\n"), "\n")
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

func (e expectation) mimeTypes() []string {
	if len(e.MIME) > 0 {
		return e.MIME
	}
	return defaultMIME
}
