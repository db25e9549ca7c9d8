package interp

import (
	"context"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/display/displaytest"
)

// TestExportedPackagesWorkInCells runs cells against the generated symbol
// tables: compiled gonum and plot code, an interpreted type implementing a
// plot interface through its generated wrapper, and the project's packages.
func TestExportedPackagesWorkInCells(t *testing.T) {
	tests := []struct {
		name, code, want string
	}{
		{"gonum mat and stat compute", `import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)
m := mat.NewDense(2, 2, []float64{1, 2, 3, 4})
fmt.Println(mat.Det(m), stat.Mean([]float64{1, 2, 3}, nil))`, "stream stdout \"-2 2\\n\""},
		{"a plot gets a line, a grid and points", `import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
)
p := plot.New()
pts := make(plotter.XYs, 10)
for i := range pts {
	pts[i].X, pts[i].Y = float64(i), float64(i*i)
}
l, err := plotter.NewLine(pts)
p.Add(l, plotter.NewGrid())
fmt.Println(err, plotutil.AddLinePoints(p, "a", pts), vg.Inch)`, "stream stdout \"<nil> <nil> 72\\n\""},
		{"an interpreted type is a plotter.XYer", `import (
	"fmt"

	"gonum.org/v1/plot/plotter"
)
type squares struct{ n int }
func (s squares) Len() int { return s.n }
func (s squares) XY(i int) (float64, float64) { return float64(i), float64(i * i) }
sc, err := plotter.NewScatter(squares{5})
fmt.Println(err, len(sc.XYs), sc.XYs[4].Y)`, "stream stdout \"<nil> 5 16\\n\""},
		{"a widget shows through a display handle", `import (
	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/widget"
)
h := display.New()
h.Show(widget.Status{Func: "f", Status: "pending"})`, "<Future: pending>"},
		{"an unavailable package names what is", `import "gonum.org/v1/gonum/graph"`, "gonum.org/v1/gonum/floats"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Without native code: with it, any module on the proxy imports.
			s, err := New(Options{NoNative: true})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			rec := &displaytest.Recorder{}
			_, err = s.Execute(context.Background(), tt.code, rec)
			got := strings.Join(rec.Lines(), "\n")
			if err != nil {
				got += "\nerror: " + err.Error()
			}
			if !strings.Contains(got, tt.want) {
				t.Errorf("cell output:\n%s\nwant it to contain %q", got, tt.want)
			}
		})
	}
}
