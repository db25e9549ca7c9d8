package interp

import (
	"slices"
	"strings"
	"testing"
)

func TestAvailablePackages(t *testing.T) {
	got := availablePackages()
	for _, want := range []string{
		"fmt", "slices", "gonum.org/v1/gonum/floats", "gonum.org/v1/gonum/mat",
		"gonum.org/v1/plot", "gonum.org/v1/plot/plotter", "gonum.org/v1/plot/vg/draw",
	} {
		if !slices.Contains(got, want) {
			t.Errorf("availablePackages() lacks %q", want)
		}
	}
	for _, p := range got {
		if strings.Contains(p, "traefik/yaegi") || p == "." {
			t.Errorf("availablePackages() lists yaegi's own entry %q", p)
		}
	}
	if !slices.IsSorted(got) {
		t.Errorf("availablePackages() is not sorted")
	}
}

func TestUnavailableImport(t *testing.T) {
	tests := []struct {
		name, path string
		want       []string
	}{
		{"a short name suggests the full path", "plot", []string{`"plot" is not available`, `did you mean "github.com/gofutures/gofutures/display/plot" or "gonum.org/v1/plot"?`}},
		{"an unknown module lists the extra packages", "github.com/x/y", []string{"standard library", "gonum.org/v1/gonum/stat", "github.com/gofutures/gofutures/futures"}},
		{"a unique name suggests one path", "floats", []string{`did you mean "gonum.org/v1/gonum/floats"?`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg := unavailableImport(tt.path)
			for _, w := range tt.want {
				if !strings.Contains(msg, w) {
					t.Errorf("unavailableImport(%q) = %q, want it to contain %q", tt.path, msg, w)
				}
			}
		})
	}
}
