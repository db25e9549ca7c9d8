package tests

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
)

// These tests need no Jupyter: they pin the comparison the notebook
// suite relies on, above all that a difference is reported.

// codeCell builds a code cell with the given gofutures metadata (nil for
// none) and outputs.
func codeCell(meta map[string]any, outputs ...map[string]any) map[string]any {
	m := map[string]any{}
	if meta != nil {
		m["gofutures"] = meta
	}
	outs := []any{}
	for _, o := range outputs {
		outs = append(outs, o)
	}
	return map[string]any{"cell_type": "code", "source": "x := 1\nx", "metadata": m,
		"outputs": outs, "execution_count": 1}
}

func stdout(text string) map[string]any {
	return map[string]any{"output_type": "stream", "name": "stdout", "text": text}
}

func result(data map[string]any) map[string]any {
	return map[string]any{"output_type": "execute_result", "data": data, "metadata": map[string]any{}}
}

func display(data map[string]any) map[string]any {
	return map[string]any{"output_type": "display_data", "data": data, "metadata": map[string]any{}}
}

func errorOut(ename, evalue string, tb ...string) map[string]any {
	t := []any{}
	for _, l := range tb {
		t = append(t, l)
	}
	return map[string]any{"output_type": "error", "ename": ename, "evalue": evalue, "traceback": t}
}

func mustNotebook(t *testing.T, nbMeta map[string]any, cells ...map[string]any) *notebook {
	t.Helper()
	cs := []any{}
	for _, c := range cells {
		cs = append(cs, c)
	}
	meta := map[string]any{}
	if nbMeta != nil {
		meta["gofutures"] = nbMeta
	}
	b, err := json.Marshal(map[string]any{"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": cs})
	if err != nil {
		t.Fatal(err)
	}
	nb, err := parseNotebook(b)
	if err != nil {
		t.Fatal(err)
	}
	nb.Path = "test.ipynb"
	return nb
}

// pngBase64 encodes a white 8x8 PNG with one red dot at (dot, dot), or
// none when dot is negative.
func pngBase64(t *testing.T, dot int) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 8, 8))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	if dot >= 0 {
		img.Set(dot, dot, color.RGBA{R: 200, A: 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

func TestCompareNotebooks(t *testing.T) {
	white, drawn, drawnElsewhere := pngBase64(t, -1), pngBase64(t, 3), pngBase64(t, 5)
	tests := []struct {
		name     string
		nbMeta   map[string]any
		want     map[string]any
		got      map[string]any
		mismatch string // substring of an expected mismatch; empty for none
	}{
		{
			name: "identical outputs match",
			want: codeCell(nil, stdout("hello\n"), result(map[string]any{"text/plain": "1"})),
			got:  codeCell(nil, stdout("hello\n"), result(map[string]any{"text/plain": "1"})),
		},
		{
			name:     "a different value is reported",
			want:     codeCell(nil, result(map[string]any{"text/plain": "1"})),
			got:      codeCell(nil, result(map[string]any{"text/plain": "2"})),
			mismatch: "output 0: text/plain differs",
		},
		{
			name:     "different stdout is reported",
			want:     codeCell(nil, stdout("a\nb\n")),
			got:      codeCell(nil, stdout("a\nc\n")),
			mismatch: "stdout differs",
		},
		{
			name: "stream pieces are joined before comparing",
			want: codeCell(nil, stdout("a\nb\n")),
			got:  codeCell(nil, stdout("a\n"), stdout("b\n")),
		},
		{
			name:     "a missing output is reported",
			want:     codeCell(nil, display(map[string]any{"text/plain": "x"}), result(map[string]any{"text/plain": "1"})),
			got:      codeCell(nil, result(map[string]any{"text/plain": "1"})),
			mismatch: "a different number of displayed outputs",
		},
		{
			name: "named patterns hide keys and durations",
			want: codeCell(map[string]any{"patterns": []any{"key", "duration"}},
				stdout("inc-3f9a01bc done in 1.5ms\n")),
			got: codeCell(map[string]any{"patterns": []any{"key", "duration"}},
				stdout("inc-77aa0c2d done in 12µs\n")),
		},
		{
			name: "patterns do not hide the text around them",
			want: codeCell(map[string]any{"patterns": []any{"key"}}, stdout("inc-3f9a01bc done\n")),
			got:  codeCell(map[string]any{"patterns": []any{"key"}}, stdout("add-3f9a01bc done\n")),
			// the key pattern eats the whole key, function name included,
			// so only the surrounding text matters
		},
		{
			name:     "a value outside every pattern is still compared",
			want:     codeCell(map[string]any{"patterns": []any{"float"}}, stdout("sum 1.25 of 30\n")),
			got:      codeCell(map[string]any{"patterns": []any{"float"}}, stdout("sum 2.5 of 31\n")),
			mismatch: "stdout differs",
		},
		{
			name:   "notebook patterns apply to every cell",
			nbMeta: map[string]any{"patterns": []any{"float"}},
			want:   codeCell(nil, stdout("0.123\n")),
			got:    codeCell(nil, stdout("0.987\n")),
		},
		{
			name: "a regular expression works as a pattern",
			want: codeCell(map[string]any{"patterns": []any{`worker-\d+`}}, stdout("on worker-1\n")),
			got:  codeCell(map[string]any{"patterns": []any{`worker-\d+`}}, stdout("on worker-0\n")),
		},
		{
			name: "unordered lines match in any order",
			want: codeCell(map[string]any{"unordered": true}, stdout("1\n2\n3\n")),
			got:  codeCell(map[string]any{"unordered": true}, stdout("3\n1\n2\n")),
		},
		{
			name:     "unordered lines still need the same lines",
			want:     codeCell(map[string]any{"unordered": true}, stdout("1\n2\n3\n")),
			got:      codeCell(map[string]any{"unordered": true}, stdout("3\n1\n1\n")),
			mismatch: "stdout differs",
		},
		{
			name:     "an unexpected error fails the cell",
			want:     codeCell(nil, errorOut("panic", "boom")),
			got:      codeCell(nil, errorOut("panic", "boom")),
			mismatch: "the cell failed",
		},
		{
			name: "an expected error passes",
			want: codeCell(map[string]any{"error": `panic: boom(.|\n)*cell line 2`}, errorOut("panic", "boom", "\x1b[31mcell line 2\x1b[0m")),
			got:  codeCell(map[string]any{"error": `panic: boom(.|\n)*cell line 2`}, errorOut("panic", "boom", "\x1b[31mcell line 2\x1b[0m")),
		},
		{
			name:     "an expected error that does not happen is reported",
			want:     codeCell(map[string]any{"error": "boom"}, errorOut("panic", "boom")),
			got:      codeCell(map[string]any{"error": "boom"}),
			mismatch: "the cell did not fail",
		},
		{
			name:     "a different error is reported",
			want:     codeCell(map[string]any{"error": "line 2"}, errorOut("panic", "boom", "line 2")),
			got:      codeCell(map[string]any{"error": "line 2"}, errorOut("panic", "boom", "line 3")),
			mismatch: "the cell failed differently",
		},
		{
			name:     "a blank plot is reported",
			want:     codeCell(map[string]any{"ignore": true}, display(map[string]any{"text/plain": "plot", "image/png": drawn})),
			got:      codeCell(map[string]any{"ignore": true}, display(map[string]any{"text/plain": "plot", "image/png": white})),
			mismatch: "image/png: the 8x8 image is blank",
		},
		{
			name: "images are compared by content, not bytes",
			want: codeCell(nil, display(map[string]any{"text/plain": "plot", "image/png": drawn})),
			got:  codeCell(nil, display(map[string]any{"text/plain": "plot", "image/png": drawnElsewhere})),
		},
		{
			name:     "a missing image is reported",
			want:     codeCell(nil, display(map[string]any{"text/plain": "plot", "image/png": drawn})),
			got:      codeCell(nil, display(map[string]any{"text/plain": "plot"})),
			mismatch: "image/png missing",
		},
		{
			name:     "an unfinished progress bar is reported",
			want:     codeCell(map[string]any{"ignore": true}),
			got:      codeCell(map[string]any{"ignore": true}, display(map[string]any{"text/plain": "[#####     ] |  50% Completed | 15/30 |   0.5s"})),
			mismatch: "did not reach 100%",
		},
		{
			name: "a value that merely starts with a bracket is no progress bar",
			want: codeCell(map[string]any{"ignore": true}),
			got:  codeCell(map[string]any{"ignore": true}, result(map[string]any{"text/plain": "[1 2 3] 1/2"})),
		},
		{
			name:     "a widget's future left running is reported",
			want:     codeCell(map[string]any{"ignore": true}),
			got:      codeCell(map[string]any{"ignore": true}, display(map[string]any{"text/plain": "Future: inc status: running"})),
			mismatch: "a future did not end finished",
		},
		{
			name: "a complete progress bar passes",
			want: codeCell(map[string]any{"ignore": true}),
			got:  codeCell(map[string]any{"ignore": true}, display(map[string]any{"text/plain": "[##########] | 100% Completed | 30/30 |   1.2s"})),
		},
		{
			name:     "a future left pending is reported",
			want:     codeCell(map[string]any{"ignore": true}),
			got:      codeCell(map[string]any{"ignore": true}, result(map[string]any{"text/plain": "<Future: pending, key: inc-3f9a01>"})),
			mismatch: "a future did not end finished",
		},
		{
			name: "a future may be expected to end in error",
			want: codeCell(map[string]any{"ignore": true, "futures": "error"}),
			got:  codeCell(map[string]any{"ignore": true}, result(map[string]any{"text/plain": "Future: fail status: error, key: fail-3f9a01"})),
		},
		{
			name:     "mime selection limits what is compared",
			want:     codeCell(map[string]any{"mime": []any{"text/plain"}}, result(map[string]any{"text/plain": "1", "text/html": "<b>1</b>"})),
			got:      codeCell(map[string]any{"mime": []any{"text/plain"}}, result(map[string]any{"text/plain": "2", "text/html": "<i>1</i>"})),
			mismatch: "text/plain differs",
		},
		{
			name: "json values compare as json",
			want: codeCell(nil, result(map[string]any{"text/plain": "{}", "application/json": map[string]any{"a": 1, "b": []any{1, 2}}})),
			got:  codeCell(nil, result(map[string]any{"text/plain": "{}", "application/json": map[string]any{"b": []any{1, 2}, "a": 1}})),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := mustNotebook(t, tc.nbMeta, tc.want)
			got := mustNotebook(t, tc.nbMeta, tc.got)
			ms := compareNotebooks(want, got)
			if tc.mismatch == "" {
				for _, m := range ms {
					t.Errorf("unexpected mismatch:\n%s", m)
				}
				return
			}
			for _, m := range ms {
				if strings.Contains(m.String(), tc.mismatch) {
					return
				}
			}
			t.Errorf("no mismatch mentions %q; got %d:\n%v", tc.mismatch, len(ms), ms)
		})
	}
}

func TestMismatchNamesNotebookCellExpectedAndActual(t *testing.T) {
	want := mustNotebook(t, nil, codeCell(nil, stdout("42\n")))
	got := mustNotebook(t, nil, codeCell(nil, stdout("41\n")))
	ms := compareNotebooks(want, got)
	if len(ms) != 1 {
		t.Fatalf("got %v, want one mismatch", ms)
	}
	s := ms[0].String()
	for _, part := range []string{"test.ipynb", "cell 0", "x := 1", "--- expected\n    42", "--- actual\n    41"} {
		if !strings.Contains(s, part) {
			t.Errorf("the report lacks %q:\n%s", part, s)
		}
	}
}

func TestMarkdownCellsAreNotCompared(t *testing.T) {
	md := map[string]any{"cell_type": "markdown", "source": "# Title", "metadata": map[string]any{}}
	md2 := map[string]any{"cell_type": "markdown", "source": "# Other", "metadata": map[string]any{}}
	if ms := compareNotebooks(mustNotebook(t, nil, md), mustNotebook(t, nil, md2)); len(ms) != 0 {
		t.Errorf("got %v", ms)
	}
}

func TestMetadataErrorsAreReported(t *testing.T) {
	tests := []struct {
		name string
		meta map[string]any
	}{
		{"an unknown key is an error", map[string]any{"pattern": []any{"key"}}},
		{"a bad regular expression is an error", map[string]any{"patterns": []any{"("}}},
		{"a bad error expression is an error", map[string]any{"error": "("}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, _ := json.Marshal(map[string]any{"nbformat": 4, "metadata": map[string]any{},
				"cells": []any{codeCell(tc.meta)}})
			if _, err := parseNotebook(b); err == nil {
				t.Error("parseNotebook accepted the metadata")
			}
		})
	}
}

func TestTakeOutputsRewritesOnlyOutputs(t *testing.T) {
	committed := mustNotebook(t, map[string]any{"patterns": []any{"key"}},
		codeCell(map[string]any{"unordered": true}, stdout("old\n")))
	run := mustNotebook(t, nil, codeCell(nil, stdout("new\n")))
	if err := committed.takeOutputs(run); err != nil {
		t.Fatal(err)
	}
	b, err := committed.encode()
	if err != nil {
		t.Fatal(err)
	}
	again, err := parseNotebook(b)
	if err != nil {
		t.Fatal(err)
	}
	c := again.Cells[0]
	if got := streamText(c, "stdout"); got != "new\n" {
		t.Errorf("stdout %q, want the run's", got)
	}
	if !c.Expect.Unordered || len(c.Expect.Patterns) != 1 {
		t.Errorf("the cell lost its expectations: %+v", c.Expect)
	}
	if !strings.HasPrefix(string(b), "{\n \"cells\"") || !strings.HasSuffix(string(b), "}\n") {
		t.Errorf("not written as Jupyter writes notebooks:\n%.40s", b)
	}
}

func TestTakeOutputsRefusesADifferentNotebook(t *testing.T) {
	committed := mustNotebook(t, nil, codeCell(nil))
	other := codeCell(nil)
	other["source"] = "y := 2"
	if err := committed.takeOutputs(mustNotebook(t, nil, other)); err == nil {
		t.Error("takeOutputs accepted a run of other source")
	}
}

func FuzzParseNotebook(f *testing.F) {
	f.Add([]byte(`{"nbformat":4,"metadata":{},"cells":[{"cell_type":"code","source":["a\n","b"],"metadata":{"gofutures":{"patterns":["key"]}},"outputs":[{"output_type":"stream","name":"stdout","text":"x"}]}]}`))
	f.Add([]byte(`{"nbformat":4,"cells":[{"outputs":[{"output_type":"error","traceback":[1]}]}]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		nb, err := parseNotebook(b)
		if err != nil {
			return
		}
		// A parsed notebook compares equal to itself, apart from the
		// invariants of a run, which it may violate.
		for _, w := range nb.Cells {
			if w.Type == "code" {
				if ms := compareCell(w, w); len(ms) != 0 {
					t.Fatalf("a cell differs from itself: %v", ms)
				}
			}
		}
	})
}
