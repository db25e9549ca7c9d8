package exports_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/interp/exports"
)

func ExampleDoc() {
	e, ok := exports.Doc("gonum.org/v1/gonum/floats.Sum")
	fmt.Println(ok)
	fmt.Println(e.Sig)
	// Output:
	// true
	// func Sum(s []float64) float64
}

func TestSymbolsHoldEveryGeneratedPackage(t *testing.T) {
	for _, key := range []string{
		"gonum.org/v1/gonum/floats/floats", "gonum.org/v1/gonum/stat/stat", "gonum.org/v1/gonum/mat/mat",
		"gonum.org/v1/plot/plot", "gonum.org/v1/plot/plotter/plotter", "gonum.org/v1/plot/vg/draw/draw",
		"github.com/gofutures/gofutures/futures/futures", "github.com/gofutures/gofutures/display/display",
		"github.com/gofutures/gofutures/display/plot/plot", "github.com/gofutures/gofutures/display/widget/widget",
	} {
		if len(exports.Symbols[key]) == 0 {
			t.Errorf("Symbols[%q] is empty", key)
		}
	}
}

func TestCellsCannotReplaceTheSessionsHooks(t *testing.T) {
	futures := exports.Symbols["github.com/gofutures/gofutures/futures/futures"]
	for _, name := range []string{"SetHooks", "Hooks"} {
		if _, ok := futures[name]; ok {
			t.Errorf("futures.%s is exported to cells", name)
		}
	}
	if _, ok := futures["NewClient"]; !ok {
		t.Error("futures.NewClient is not exported to cells")
	}
}

func TestDoc(t *testing.T) {
	tests := []struct {
		name, key, sig, doc string
	}{
		{"a stdlib function has its signature and comment", "strings.Cut",
			"func Cut(s, sep string) (before, after string, found bool)", "Cut slices s around"},
		{"a method is keyed by its type", "strings.Builder.WriteString",
			"func (b *Builder) WriteString(s string) (int, error)", "WriteString appends"},
		{"a package has its clause and doc", "gonum.org/v1/gonum/stat",
			`package stat // import "gonum.org/v1/gonum/stat"`, "Package stat"},
		{"a constant in an iota group keeps the group's type", "time.March",
			"const March Month", ""},
		{"a generic package yaegi interprets from source is documented", "slices.Contains",
			"func Contains[S ~[]E, E comparable](s S, v E) bool", "Contains reports"},
		{"a plot type is documented", "gonum.org/v1/plot.Plot", "type Plot struct {", "Plot is the basic"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e, ok := exports.Doc(tt.key)
			if !ok {
				t.Fatalf("Doc(%q) found nothing", tt.key)
			}
			if !strings.HasPrefix(e.Sig, tt.sig) {
				t.Errorf("Doc(%q).Sig = %q, want prefix %q", tt.key, e.Sig, tt.sig)
			}
			if !strings.HasPrefix(e.Doc, tt.doc) {
				t.Errorf("Doc(%q).Doc = %q, want prefix %q", tt.key, e.Doc, tt.doc)
			}
		})
	}
	if _, ok := exports.Doc("strings.NoSuchThing"); ok {
		t.Error(`Doc("strings.NoSuchThing") found something`)
	}
}
