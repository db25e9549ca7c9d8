package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestMain lets the test binary serve as the kernel that `gofutures run`
// starts (nbclient runs it as `BINARY kernel CONNECTION_FILE`), and as the
// workers cluster.NewLocal starts in a cell (`BINARY worker ...`).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && (os.Args[1] == "kernel" || os.Args[1] == "worker") {
		os.Exit(run(os.Args[1:]))
	}
	os.Exit(m.Run())
}

func TestParseRunArgs(t *testing.T) {
	o, err := parseRunArgs([]string{"nb.ipynb", "-p", "n=5", "--parameters", "name", "gopher", "-o", "out.ipynb", "-timeout", "30"})
	if err != nil {
		t.Fatal(err)
	}
	if o.notebook != "nb.ipynb" || o.out != "out.ipynb" || o.timeout != 30 ||
		!slices.Equal(o.params, []param{{"n", "5"}, {"name", "gopher"}}) {
		t.Errorf("parsed %+v", o)
	}
	if o, _ := parseRunArgs([]string{"dir/nb.ipynb"}); o.out != "dir/nb.out.ipynb" {
		t.Errorf("default output %q", o.out)
	}
	for _, bad := range [][]string{nil, {"a.ipynb", "b.ipynb"}, {"nb.ipynb", "-p"}, {"nb.ipynb", "-p", "1x=2"}, {"nb.ipynb", "-x"}} {
		if _, err := parseRunArgs(bad); err == nil {
			t.Errorf("parseRunArgs(%q) accepted", bad)
		}
	}
}

func TestGoLiteralFollowsTheDefaultsType(t *testing.T) {
	kinds := paramKinds("n := 2\nrate := 0.5\nname := \"x\"\nverbose := false\nvar label string\nvar k int64 = 3\nf := float64(1)\nm := map[string]int{}")
	want := map[string]string{"n": "int", "rate": "float", "name": "string", "verbose": "bool", "label": "string", "k": "int", "f": "float", "m": ""}
	for n, k := range want {
		if got, ok := kinds[n]; !ok || got != k {
			t.Errorf("kind of %s = %q (%v), want %q", n, got, ok, k)
		}
	}
	for _, tc := range []struct{ kind, value, want string }{
		{"string", "1", `"1"`},
		{"string", `say "hi"`, `"say \"hi\""`},
		{"int", "-3", "-3"},
		{"float", "2", "2"},
		{"float", "1e-3", "1e-3"},
		{"bool", "True", "true"},
		{"", "true", "true"},
		{"", "0.25", "0.25"},
		{"", "NaN", `"NaN"`},
		{"", "gopher", `"gopher"`},
	} {
		if got, err := goLiteral(tc.kind, tc.value); err != nil || got != tc.want {
			t.Errorf("goLiteral(%q, %q) = %s, %v; want %s", tc.kind, tc.value, got, err, tc.want)
		}
	}
	for _, tc := range []struct{ kind, value string }{{"int", "1.5"}, {"float", "x"}, {"bool", "maybe"}} {
		if _, err := goLiteral(tc.kind, tc.value); err == nil {
			t.Errorf("goLiteral(%q, %q) accepted", tc.kind, tc.value)
		}
	}
}

// writeNotebook writes a notebook of Go code cells; a cell source starting
// with "#parameters\n" is tagged parameters.
func writeNotebook(t *testing.T, path string, sources ...string) {
	t.Helper()
	var cells []any
	for _, src := range sources {
		meta := map[string]any{}
		if rest, ok := strings.CutPrefix(src, "#parameters\n"); ok {
			src, meta["tags"] = rest, []any{"parameters"}
		}
		cells = append(cells, map[string]any{"cell_type": "code", "execution_count": nil, "metadata": meta, "outputs": []any{}, "source": src})
	}
	nb := map[string]any{"cells": cells, "nbformat": 4, "nbformat_minor": 4, "metadata": map[string]any{
		"kernelspec": map[string]any{"name": "gofutures", "display_name": "Go (gofutures)", "language": "go"}}}
	b, _ := json.Marshal(nb)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestInjectParameters(t *testing.T) {
	path := filepath.Join(t.TempDir(), "nb.ipynb")
	writeNotebook(t, path, "import \"fmt\"", "#parameters\nn := 2\nname := \"x\"", "fmt.Println(name, n)")
	nb, err := readNotebookJSON(path)
	if err != nil {
		t.Fatal(err)
	}
	warnings, err := nb.injectParameters([]param{{"n", "5"}, {"name", "7"}, {"extra", "on"}})
	if err != nil {
		t.Fatal(err)
	}
	cells := nb.cells()
	if len(cells) != 4 || !slices.Equal(cellTags(cells[2]), []string{"injected-parameters"}) {
		t.Fatalf("cells %v", cells)
	}
	if got, want := cellSource(cells[2]), "// Parameters\nn = 5\nname = \"7\"\nextra := \"on\""; got != want {
		t.Errorf("injected cell %q, want %q", got, want)
	}
	if len(warnings) != 1 || !strings.Contains(warnings[0], "extra") {
		t.Errorf("warnings %q", warnings)
	}
	// Running the output again replaces the injected cell.
	if _, err := nb.injectParameters([]param{{"n", "6"}}); err != nil {
		t.Fatal(err)
	}
	if cells := nb.cells(); len(cells) != 4 || cellSource(cells[2]) != "// Parameters\nn = 6" {
		t.Errorf("after a second injection: %v", cells)
	}
	if _, err := nb.injectParameters([]param{{"n", "five"}}); err == nil {
		t.Error("a non-integer for an int parameter was accepted")
	}
}

// needNbclient skips a test when Python's nbclient is missing.
func needNbclient(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("runs Jupyter's nbclient; skipped under -short")
	}
	if err := exec.Command(pythonBin(), "-c", "import nbclient").Run(); err != nil {
		t.Skipf("%s has no nbclient: %v", pythonBin(), err)
	}
}

// outputsText joins the stream texts, results and errors of a notebook.
func outputsText(t *testing.T, path string) string {
	t.Helper()
	nb, err := readNotebookJSON(path)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	for _, c := range nb.cells() {
		outs, _ := c.(map[string]any)["outputs"].([]any)
		for _, o := range outs {
			m := o.(map[string]any)
			switch m["output_type"] {
			case "stream":
				b.WriteString(cellSource(map[string]any{"source": m["text"]}))
			case "execute_result":
				data := m["data"].(map[string]any)
				b.WriteString(cellSource(map[string]any{"source": data["text/plain"]}) + "\n")
			case "error":
				b.WriteString("ERROR " + m["ename"].(string) + ": " + m["evalue"].(string) + "\n")
			}
		}
	}
	return b.String()
}

func TestRunNotebook(t *testing.T) {
	needNbclient(t)
	dir := t.TempDir()
	in, out := filepath.Join(dir, "report.ipynb"), filepath.Join(dir, "done.ipynb")
	writeNotebook(t, in, "import \"fmt\"", "#parameters\nn := 2\nname := \"x\"", "fmt.Println(name, n*10)", "!pwd")
	if code := run([]string{"run", in, "-p", "n=5", "-p", "name=gopher", "-o", out}); code != 0 {
		t.Fatalf("run exited %d", code)
	}
	if got, want := outputsText(t, out), "gopher 50\n"+dir+"\n"; got != want {
		t.Errorf("outputs %q, want %q", got, want)
	}
	nb, _ := readNotebookJSON(out)
	if cells := nb.cells(); len(cells) != 5 || !slices.Contains(cellTags(cells[2]), "injected-parameters") {
		t.Errorf("executed copy's cells: %v", cells)
	}

	t.Run("a failing cell makes the exit status 1 and the copy stops there", func(t *testing.T) {
		bad := filepath.Join(dir, "bad.ipynb")
		writeNotebook(t, bad, "#parameters\nn := 0", "x := 10 / n\nx", "println(\"not reached\")")
		if code := run([]string{"run", bad, "-o", out}); code != 1 {
			t.Errorf("run exited %d, want 1", code)
		}
		if got := outputsText(t, out); !strings.HasPrefix(got, "ERROR panic") || strings.Contains(got, "not reached") {
			t.Errorf("outputs %q, want the panic and nothing after it", got)
		}
	})
	t.Run("without nbclient the error says what to install", func(t *testing.T) {
		t.Setenv("GOFUTURES_PYTHON", filepath.Join(dir, "no-python"))
		if err := runNotebook([]string{in, "-o", out}); err == nil || !strings.Contains(err.Error(), "nbclient") {
			t.Errorf("run without Python: %v", err)
		}
	})
	t.Run("a parameter of the wrong type fails before running", func(t *testing.T) {
		if code := run([]string{"run", in, "-p", "n=many", "-o", out}); code != 1 {
			t.Errorf("run exited %d, want 1", code)
		}
	})
}
