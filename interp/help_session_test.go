package interp

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/interp/exports"
)

// TestHelpThroughASession runs completion and inspection against the
// names real cells declare.
func TestHelpThroughASession(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	execCell(t, s, `import (
	"strings"

	"gonum.org/v1/gonum/floats"
)
type point struct {
	X, Y  float64
	label string
}
counter := 41
pt := point{X: 1, label: "a"}
var sb strings.Builder
total := floats.Sum([]float64{1, 2})`)

	completions := []struct {
		name, code string
		want       []string
	}{
		{"a cell's variable completes", "coun|", []string{"counter"}},
		{"an interpreted struct's fields complete", "pt.|", []string{"X", "Y", "label"}},
		{"a compiled value's methods complete", "sb.WriteS|", []string{"WriteString"}},
		{"an imported package's members complete", "floats.Su|", []string{"Sub", "SubTo", "Sum", "SumCompensated"}},
	}
	for _, tt := range completions {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := splitCursor(tt.code)
			if got, _, _ := s.Complete(code, cursor); !slices.Equal(got, tt.want) {
				t.Errorf("Complete(%q) = %q, want %q", tt.code, got, tt.want)
			}
		})
	}

	inspections := []struct {
		name, code string
		want       []string
	}{
		{"a cell's variable shows type, value and source", "counter|", []string{"counter int", "value: 41", "counter := 41"}},
		{"a gonum function shows its doc", "floats.Sum|", []string{"func Sum(s []float64) float64"}},
		{"a method of a cell's compiled value shows its doc", "sb.Len|", []string{"func (b *Builder) Len() int"}},
	}
	for _, tt := range inspections {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := splitCursor(tt.code)
			b, ok := s.Inspect(code, cursor, 0)
			text, _ := b.Data[display.MIMEText].(string)
			for _, w := range tt.want {
				if !ok || !strings.Contains(text, w) {
					t.Errorf("Inspect(%q) = %q, %v; want it to contain %q", tt.code, text, ok, w)
				}
			}
		})
	}
}

// BenchmarkHelp measures the requests a frontend sends while the user
// types, against a session with a few names.
func BenchmarkHelp(b *testing.B) {
	s, err := New(Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Execute(context.Background(), "import \"strings\"\nvar sb strings.Builder\ncounter := 1\ntype rect struct{ W, H float64 }\n// Area is the surface.\nfunc (r rect) Area() float64 { return r.W * r.H }\nr := rect{}", &displaytest.Recorder{}); err != nil {
		b.Fatal(err)
	}
	exports.Doc("") // decode the doc index outside the timings
	cases := []struct {
		name string
		fn   func()
	}{
		{"complete-package-member", func() { s.Complete("strings.Spl", 11) }},
		{"complete-value-method", func() { s.Complete("sb.Wr", 5) }},
		{"complete-name", func() { s.Complete("cou", 3) }},
		{"complete-cell-method", func() { s.Complete("r.Ar", 4) }},
		{"inspect-stdlib", func() { s.Inspect("strings.Split(", 14, 0) }},
		{"inspect-user", func() { s.Inspect("counter", 7, 0) }},
		{"inspect-cell-method", func() { s.Inspect("r.Area()", 4, 0) }},
		{"is-complete", func() { s.IsComplete("func f() {\n\tfor i := range 10 {\n") }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				c.fn()
			}
		})
	}
}

// splitCursor takes the cursor out of marked, where "|" stands for it, and
// gives its place in code points.
func splitCursor(marked string) (string, int) {
	i := strings.Index(marked, "|")
	return marked[:i] + marked[i+1:], utf8.RuneCountInString(marked[:i])
}
