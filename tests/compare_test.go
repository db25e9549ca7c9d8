package tests

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// mismatch is one way an executed notebook differs from what it expects.
type mismatch struct {
	Notebook string
	Cell     int
	Source   string // the cell's first source line
	What     string
	Expected string
	Actual   string
}

func (m mismatch) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s: cell %d (%s): %s", m.Notebook, m.Cell, m.Source, m.What)
	if m.Expected != "" || m.Actual != "" {
		fmt.Fprintf(&sb, "\n--- expected\n%s\n--- actual\n%s", indent(m.Expected), indent(m.Actual))
	}
	return sb.String()
}

func indent(s string) string {
	if s == "" {
		return "    (nothing)"
	}
	return "    " + strings.ReplaceAll(strings.TrimSuffix(s, "\n"), "\n", "\n    ")
}

// compareNotebooks compares the run of a notebook with the notebook as
// committed: outputs as the committed cells expect them, then the
// invariants of a finished run.
func compareNotebooks(want, got *notebook) []mismatch {
	var ms []mismatch
	if len(want.Cells) != len(got.Cells) {
		return []mismatch{{Notebook: want.Path, Cell: -1, What: "the run has a different number of cells",
			Expected: fmt.Sprint(len(want.Cells)), Actual: fmt.Sprint(len(got.Cells))}}
	}
	for i, w := range want.Cells {
		if w.Type != "code" {
			continue
		}
		g := got.Cells[i]
		for _, m := range compareCell(w, g) {
			ms = append(ms, m.at(want.Path, w))
		}
	}
	return append(ms, checkRun(want, got)...)
}

// checkRun checks what every run must satisfy whatever was committed:
// errors only where expected, images not blank, progress complete, futures
// in their expected final status, widgets restorable.
func checkRun(want, got *notebook) []mismatch {
	ms := checkWidgets(got)
	for i, g := range got.Cells {
		if g.Type != "code" || i >= len(want.Cells) {
			continue
		}
		for _, m := range checkCell(want.Cells[i].Expect, g) {
			ms = append(ms, m.at(want.Path, want.Cells[i]))
		}
	}
	return ms
}

func (m mismatch) at(path string, c cell) mismatch {
	m.Notebook, m.Cell = path, c.Index
	m.Source, _, _ = strings.Cut(strings.TrimSpace(c.Source), "\n")
	return m
}

func compareCell(want, got cell) []mismatch {
	e := want.Expect
	if e.Ignore {
		return nil
	}
	var ms []mismatch
	for _, name := range []string{"stdout", "stderr"} {
		w, g := e.normalizeStream(streamText(want, name)), e.normalizeStream(streamText(got, name))
		if w != g {
			ms = append(ms, mismatch{What: name + " differs", Expected: w, Actual: g})
		}
	}
	wr, gr := richOutputs(want), richOutputs(got)
	if len(wr) != len(gr) {
		return append(ms, mismatch{What: "a different number of displayed outputs",
			Expected: summarize(wr), Actual: summarize(gr)})
	}
	for k := range wr {
		ms = append(ms, compareOutput(e, k, wr[k], gr[k])...)
	}
	return ms
}

func compareOutput(e expectation, k int, want, got output) []mismatch {
	where := fmt.Sprintf("output %d", k)
	if want.Type != got.Type {
		return []mismatch{{What: where + " has a different type", Expected: want.Type, Actual: got.Type}}
	}
	if want.Type == "error" {
		w := want.Ename + ": " + e.normalize(want.Evalue)
		g := got.Ename + ": " + e.normalize(got.Evalue)
		if w != g {
			return []mismatch{{What: where + ": a different error", Expected: w, Actual: g}}
		}
		return nil
	}
	var ms []mismatch
	for _, mime := range e.mimeTypes() {
		w, wok := want.Data[mime]
		g, gok := got.Data[mime]
		switch {
		case !wok && !gok:
		case wok != gok:
			ms = append(ms, mismatch{What: fmt.Sprintf("%s: %s present in only one", where, mime),
				Expected: mimeList(want), Actual: mimeList(got)})
		case e.normalize(w) != e.normalize(g):
			ms = append(ms, mismatch{What: fmt.Sprintf("%s: %s differs", where, mime),
				Expected: e.normalize(w), Actual: e.normalize(g)})
		}
	}
	for _, img := range []string{"image/png", "image/jpeg"} {
		if _, w := want.Data[img]; w {
			if _, g := got.Data[img]; !g {
				ms = append(ms, mismatch{What: fmt.Sprintf("%s: %s missing", where, img),
					Expected: mimeList(want), Actual: mimeList(got)})
			}
		}
	}
	return ms
}

// checkCell checks the invariants of one executed cell.
func checkCell(e expectation, got cell) []mismatch {
	var ms []mismatch
	var errs []string
	for _, o := range got.Outputs {
		if o.Type == "error" {
			errs = append(errs, errorText(o))
		}
	}
	switch {
	case e.Error == nil && len(errs) > 0:
		ms = append(ms, mismatch{What: "the cell failed", Expected: "no error", Actual: strings.Join(errs, "\n")})
	case e.Error != nil && len(errs) == 0:
		ms = append(ms, mismatch{What: "the cell did not fail", Expected: "an error matching /" + e.Error.String() + "/"})
	case e.Error != nil && !slices.ContainsFunc(errs, e.Error.MatchString):
		ms = append(ms, mismatch{What: "the cell failed differently",
			Expected: "an error matching /" + e.Error.String() + "/", Actual: strings.Join(errs, "\n")})
	}
	wantStatus := e.Futures
	if wantStatus == "" {
		wantStatus = "finished"
	}
	for k, o := range got.Outputs {
		where := fmt.Sprintf("output %d", k)
		for _, img := range []string{"image/png", "image/jpeg"} {
			if d, ok := o.Data[img]; ok {
				if err := notBlank(d); err != nil {
					ms = append(ms, mismatch{What: fmt.Sprintf("%s: %s: %v", where, img, err)})
				}
			}
		}
		if done, total, ok := progressOf(o); ok && (done != total || total == 0) {
			ms = append(ms, mismatch{What: where + ": the progress bar did not reach 100%",
				Expected: fmt.Sprintf("%d/%d", total, total), Actual: fmt.Sprintf("%d/%d", done, total)})
		}
		if status, ok := futureStatusOf(o); ok && status != wantStatus {
			ms = append(ms, mismatch{What: where + ": a future did not end " + wantStatus,
				Expected: wantStatus, Actual: status + "\n" + o.Data["text/plain"]})
		}
	}
	return ms
}

var ansi = regexp.MustCompile(`\x1b\[[0-9;]*[A-Za-z]`)

// errorText is an error output as a person reads it: ename, evalue, then
// the traceback without terminal colours.
func errorText(o output) string {
	head := o.Ename + ": " + o.Evalue
	s := head
	for i, l := range o.Traceback {
		l = ansi.ReplaceAllString(l, "")
		if i == 0 && strings.TrimSpace(l) == head {
			continue // most kernels repeat the head as the first line
		}
		s += "\n" + l
	}
	return s
}

func streamText(c cell, name string) string {
	var sb strings.Builder
	for _, o := range c.Outputs {
		if o.Type == "stream" && o.Name == name {
			sb.WriteString(o.Text)
		}
	}
	return sb.String()
}

func richOutputs(c cell) []output {
	var rs []output
	for _, o := range c.Outputs {
		if o.Type != "stream" {
			rs = append(rs, o)
		}
	}
	return rs
}

func summarize(os []output) string {
	var lines []string
	for _, o := range os {
		if o.Type == "error" {
			lines = append(lines, "error "+o.Ename+": "+o.Evalue)
			continue
		}
		lines = append(lines, o.Type+" "+mimeList(o))
	}
	return strings.Join(lines, "\n")
}

func mimeList(o output) string {
	var ks []string
	for k := range o.Data {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return strings.Join(ks, ", ")
}
