package assist

import (
	"strings"
	"testing"

	"github.com/gofutures/gofutures/display"
)

func TestInspect(t *testing.T) {
	tests := []struct {
		name   string
		code   string // the cursor is at "|"
		detail int
		want   []string // substrings of the text/plain help
	}{
		{name: "a stdlib function shows its signature and doc", code: "strings.Sp|lit(s, \",\")",
			want: []string{"func Split(s, sep string) []string", "Split slices s into all substrings"}},
		{name: "the cursor at the end of a name finds it", code: "strings.Split|",
			want: []string{"func Split(s, sep string) []string"}},
		{name: "the cursor inside a call's parentheses explains the call", code: `strings.Split("a,b", |`,
			want: []string{"func Split(s, sep string) []string"}},
		{name: "the cursor in a string argument explains the call", code: `strings.Split("a|,b", ",")`,
			want: []string{"func Split(s, sep string) []string"}},
		{name: "a gonum function shows its doc", code: "fl.Sum|(xs)",
			want: []string{"func Sum(s []float64) float64", "Sum returns the sum"}},
		{name: "a plot constructor shows its doc", code: "import \"gonum.org/v1/plot\"\np := plot.New|()",
			want: []string{"func New() *Plot", "New returns a new plot"}},
		{name: "a package shows its doc", code: "strings|",
			want: []string{`package strings // import "strings"`, "Package strings implements"}},
		{name: "a builtin shows its doc", code: "len|(x)",
			want: []string{"func len(v Type) int", "The len built-in function"}},
		{name: "a method of a user value shows the method's doc", code: "builder.WriteSt|ring(\"x\")",
			want: []string{"func (b *Builder) WriteString(s string) (int, error)", "WriteString appends"}},
		{name: "a method of a typed constant shows its doc", code: "time.Second.Minutes|()",
			want: []string{"func (d Duration) Minutes() float64"}},
		{name: "a method expression shows its doc", code: "strings.Builder.Len|",
			want: []string{"func (b *Builder) Len() int"}},
		{name: "a user variable shows its type, value and source", code: "counter|",
			want: []string{"counter int", "value: 3", "counter := 3"}},
		{name: "a user string value is quoted", code: "όνομα|",
			want: []string{"όνομα string", `value: "name"`}},
		{name: "a field of an interpreted struct shows its type", code: "pt.label|",
			want: []string{"field label string"}},
		{name: "a detail level above zero links to the full doc", code: "strings.Split|", detail: 1,
			want: []string{"https://pkg.go.dev/strings#Split"}},
		{name: "the cursor after multi-byte text still finds the name", code: "s := \"é世\"; strings.Split|",
			want: []string{"func Split(s, sep string) []string"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := splitCursor(tt.code)
			b, ok := Inspect(testScope, code, cursor, tt.detail)
			if !ok {
				t.Fatalf("inspect(%q) found nothing", tt.code)
			}
			text, _ := b.Data[display.MIMEText].(string)
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("inspect(%q) = %q, want it to contain %q", tt.code, text, w)
				}
			}
			if md, _ := b.Data[display.MIMEMarkdown].(string); !strings.Contains(md, "```go") {
				t.Errorf("inspect(%q) markdown = %q, want a Go code block", tt.code, md)
			}
		})
	}
}

func TestInspectFindsNothing(t *testing.T) {
	tests := []struct{ name, code string }{
		{"an empty cell has nothing", "|"},
		{"an unknown name has nothing", "nosuch|"},
		{"a member of an unknown value has nothing", "nosuch.Field|"},
		{"an unknown member of a package has nothing", "strings.NoSuch|"},
		{"a keyword has nothing", "func|"},
		{"space outside any call has nothing", "x := 1 |"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := splitCursor(tt.code)
			if b, ok := Inspect(testScope, code, cursor, 0); ok {
				t.Errorf("inspect(%q) = %v, want nothing", tt.code, b.Data[display.MIMEText])
			}
		})
	}
}
