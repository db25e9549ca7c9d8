package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
)

// TestNotebookPathsAreTheTrackedOnes: a notebook of the user's own in
// notebooks/, where `make notebook` serves, is not run by the suite.
func TestNotebookPathsAreTheTrackedOnes(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git")
	}
	root := t.TempDir()
	for _, f := range []string{"notebooks/tutorial.ipynb", "notebooks/mine.ipynb", "tests/notebooks/case.ipynb", "tests/notebooks/scratch.ipynb", "notebooks/sub/deep.ipynb"} {
		p := filepath.Join(root, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("{}"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, args := range [][]string{{"init", "-q"}, {"add", "notebooks/tutorial.ipynb", "tests/notebooks/case.ipynb", "notebooks/sub/deep.ipynb"}} {
		cmd := exec.Command("git", args...)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	got, err := notebookPaths(root)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{filepath.Join(root, "notebooks", "tutorial.ipynb"), filepath.Join(root, "tests", "notebooks", "case.ipynb")}
	if !slices.Equal(got, want) {
		t.Errorf("notebookPaths = %v, want %v", got, want)
	}
}
