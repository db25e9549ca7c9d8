package interp

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

// richMethods are rendering methods a cell type may have, with the MIME
// type each adds.
var richMethods = []struct{ decl, mime string }{
	{`func (T) HTML() string { return "<b>t</b>" }`, display.MIMEHTML},
	{`func (T) Markdown() string { return "**t**" }`, display.MIMEMarkdown},
	{`func (T) SVG() string { return "<svg></svg>" }`, display.MIMESVG},
	{`func (T) PNG() []byte { return []byte("\x89PNG\r\n\x1a\n") }`, display.MIMEPNG},
	{`func (T) LaTeX() string { return "$t$" }`, display.MIMELaTeX},
	{`func (T) JSON() any { return map[string]int{"t": 1} }`, display.MIMEJSON},
}

// mimes lists the MIME types of b but text/plain.
func mimes(b display.Bundle) []string {
	return slices.Sorted(maps.Keys(b.Data))
}

// TestCellTypesShowRichly: a cell type with rendering methods shows in
// their MIME types as a cell's value, through display.Show and through a
// handle's Update, with and without a String method, which gives
// text/plain.
func TestCellTypesShowRichly(t *testing.T) {
	for _, m := range richMethods {
		for _, str := range []bool{false, true} {
			name := strings.TrimPrefix(m.mime, "text/")
			if str {
				name += " and String"
			}
			t.Run(name, func(t *testing.T) {
				s := newSession(t)
				decl := "import \"github.com/gofutures/gofutures/display\"\ntype T struct{ n int }\n" + m.decl
				text := "{1}"
				if str {
					decl += "\nfunc (T) String() string { return \"a T\" }"
					text = "a T"
				}
				execCell(t, s, decl)
				want := []string{m.mime, display.MIMEText}
				slices.Sort(want)

				b, err := s.Execute(context.Background(), "T{1}", &recorder{})
				if err != nil || b == nil {
					t.Fatalf("T{1}: %v, %v", b, err)
				}
				if got := mimes(*b); !slices.Equal(got, want) || b.Data[display.MIMEText] != text {
					t.Errorf("as the cell's value: %v, text %q; want %v, text %q", got, b.Data[display.MIMEText], want, text)
				}

				// A handle's first frame is a display, later ones updates.
				rec := execCell(t, s, "display.Show(T{1})\nh := display.New()\nh.Update(T{0})\nh.Flush()\nh.Update(T{1})\nh.Flush()")
				var kinds []string
				for _, e := range rec.Events() {
					if e.Kind != "display" && e.Kind != "update" {
						continue
					}
					kinds = append(kinds, e.Kind)
					if str {
						text = "a T"
					} else {
						text = fmt.Sprintf("{%d}", len(kinds)%2) // {1}, {0}, {1}
					}
					if got := mimes(e.Bundle); !slices.Equal(got, want) || e.Bundle.Data[display.MIMEText] != text {
						t.Errorf("%s: %v, text %q; want %v, text %q", e.Kind, got, e.Bundle.Data[display.MIMEText], want, text)
					}
				}
				if !slices.Equal(kinds, []string{"display", "display", "update"}) {
					t.Errorf("events %v, want display.Show's, the handle's first frame and its update", rec.Events())
				}
			})
		}
	}
}

// TestCellTypesThatLookAlikeShowTheirOwnMethods: yaegi gives types of the
// same shape one reflect type; each still shows its own methods, and a
// value of another type of that shape shows none of them.
func TestCellTypesThatLookAlikeShowTheirOwnMethods(t *testing.T) {
	s := newSession(t)
	execCell(t, s, `import "github.com/gofutures/gofutures/display"
type S struct{}
func (S) String() string { return "an S" }
type E struct{}
func (E) Error() string { return "an E" }
type Q struct{ a int }
func (Q) HTML() string { return "<q>" }
type U struct{ a int }
func (U) Markdown() string { return "*u*" }
type C float64
func (c C) String() string { return "C" }
type P struct{ p, q int }
func (p *P) SVG() string { return "<svg/>" }`)
	for _, tc := range []struct{ cell, text, mime string }{
		{"S{}", "an S", ""},
		{"E{}", "an E", ""},
		{"Q{1}", "{1}", display.MIMEHTML},
		{"U{2}", "{2}", display.MIMEMarkdown},
		{"struct{ a int }{3}", "{3}", ""},
		{"C(4)", "C", ""},
		{"4.5", "4.5", ""},
		{"&P{5, 6}", "&{5 6}", display.MIMESVG},
		{"P{5, 6}", "{5 6}", ""},
	} {
		b, err := s.Execute(context.Background(), tc.cell, &recorder{})
		if err != nil || b == nil {
			t.Fatalf("%s: %v, %v", tc.cell, b, err)
		}
		want := []string{display.MIMEText}
		if tc.mime != "" {
			want = append(want, tc.mime)
			slices.Sort(want)
		}
		if got := mimes(*b); !slices.Equal(got, want) || b.Data[display.MIMEText] != tc.text {
			t.Errorf("%s: %v, text %q; want %v, text %q", tc.cell, got, b.Data[display.MIMEText], want, tc.text)
		}
	}
	rec := execCell(t, s, "display.Show(S{})\ndisplay.Show(E{})\ndisplay.Show(C(1))")
	var texts []string
	for _, e := range rec.Events() {
		texts = append(texts, e.String())
	}
	if want := []string{"display  an S", "display  an E", "display  C"}; !slices.Equal(texts, want) {
		t.Errorf("display.Show gave %q, want %q", texts, want)
	}
}

// TestAHandleUpdatedFromAFunctionShowsCellTypes: the rewrite recognises a
// handle passed to a function, one declared with var, and one an earlier
// cell made, and a handle updated on another goroutine renders there.
func TestAHandleUpdatedFromAFunctionShowsCellTypes(t *testing.T) {
	s := newSession(t)
	first := execCell(t, s, "import \"github.com/gofutures/gofutures/display\"\ntype T struct{ n int }\nfunc (t T) HTML() string { return \"<i>t</i>\" }\nh := display.New()")
	// The goroutine ends before the step that started it: goroutines
	// reading globals while a later step declares some race (see the
	// package doc).
	rec := execCell(t, s, `func paint(g *display.Handle, n int) { g.Update(T{n}) }
func run() {
	var k *display.Handle = display.New()
	done := make(chan bool)
	go func() { paint(k, 1); k.Flush(); h.Update(T{2}); h.Flush(); close(done) }()
	<-done
}
run()`)
	// Each handle's first frame is a display, on the sink of the cell
	// that made the handle.
	n := 0
	for _, e := range append(first.Events(), rec.Events()...) {
		if e.Kind == "display" {
			n++
			if e.Bundle.Data[display.MIMEHTML] != "<i>t</i>" {
				t.Errorf("frame %v, want text/html", e)
			}
		}
	}
	if n != 2 {
		t.Errorf("%d frames, want 2: %v %v", n, first.Events(), rec.Events())
	}
}

// TestShowArgLeavesOtherCallsAlone: only display's Show and a handle's
// Show and Update are rewritten; a user's own Update keeps its types.
func TestShowArgLeavesOtherCallsAlone(t *testing.T) {
	s := newSession(t)
	execCell(t, s, "import \"fmt\"\ntype box struct{ v int }\nfunc (b *box) Update(v int) { b.v = v }\nfunc (b *box) Show(s string) string { return s }")
	b, err := s.Execute(context.Background(), "x := &box{}\nx.Update(3)\nx.Show(\"s\") + fmt.Sprint(x.v)", &recorder{})
	if err != nil || b == nil || b.Data[display.MIMEText] != "s3" {
		t.Fatalf("got %v, %v; want s3", b, err)
	}
	rec := &displaytest.Recorder{}
	if _, err := s.Execute(context.Background(), "import \"github.com/gofutures/gofutures/display\"\ndisplay.Show(nil)", rec); err != nil {
		t.Fatalf("display.Show(nil): %v", err)
	}
}
