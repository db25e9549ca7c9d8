package interp

import (
	"context"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/interp/internal/assist"
)

// shapesCell declares types with methods, and values that reach them
// directly, through pointers, fields, calls and chains.
const shapesCell = `// rect is a rectangle.
type rect struct {
	W, H float64
	name string
}

// Area is the rectangle's surface.
func (r rect) Area() float64 { return r.W * r.H }

// Scale grows the rectangle by f.
// It changes r in place.
func (r *rect) Scale(f float64) { r.W *= f; r.H *= f }

// Grow returns a rectangle one unit larger each way.
func (r rect) Grow() rect { return rect{W: r.W + 1, H: r.H + 1} }

type Celsius float64

// F converts to Fahrenheit.
func (c Celsius) F() float64 { return float64(c)*9/5 + 32 }

type frame struct {
	Inner rect
	Tag   string
}
type box struct{ frame *frame }
type labelled struct {
	rect
	Label string
}

func newRect() rect { return rect{W: 1, H: 2} }
func newFrame() *frame { return &frame{} }

r := rect{W: 2, H: 3}
rp := &r
var c Celsius = 20
fr := frame{Inner: r}
bx := box{frame: &fr}
lb := labelled{rect: r}
cs := []Celsius{1}`

func shapesSession(t *testing.T) *Session {
	t.Helper()
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	execCell(t, s, shapesCell)
	return s
}

func TestCompleteListsMethodsCellsDeclare(t *testing.T) {
	s := shapesSession(t)
	all := []string{"Area", "Grow", "H", "Scale", "W", "name"}
	valueOnly := []string{"Area", "Grow", "H", "W", "name"} // no pointer methods: not addressable
	tests := []struct {
		name, code string
		want       []string
	}{
		{"a variable lists its fields and methods", "r.|", all},
		{"a pointer to it lists the same", "rp.|", all},
		{"a prefix picks a method", "r.Ar|", []string{"Area"}},
		{"a type that is no struct lists its methods", "c.|", []string{"F"}},
		{"a field of such a type lists its members", "fr.Inner.|", all},
		{"a chain through a pointer field lists its members", "bx.frame.Inner.|", all},
		{"a call returning such a type lists its value methods", "newRect().|", valueOnly},
		{"a field of a returned pointer is addressable", "newFrame().Inner.|", all},
		{"a method returning such a type chains", "r.Grow().Grow().|", valueOnly},
		{"an embedded type's methods and fields are promoted", "lb.|", []string{"Area", "Grow", "H", "Label", "Scale", "W", "name", "rect"}},
		{"a type lists its method expressions", "rect.|", []string{"Area", "Grow"}},
		{"a type that is no struct lists its method expressions", "Celsius.|", []string{"F"}},
		{"a method value is not a value of the type", "r.Area.|", nil},
		{"methods complete after multi-byte text", "s := \"é世😀\"; r.Sc|", []string{"Scale"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := splitCursor(tt.code)
			got, start, end := s.Complete(code, cursor)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Complete(%q) = %q, want %q", tt.code, got, tt.want)
			}
			at := assist.ByteOffset(code, cursor)
			word := strings.LastIndexFunc(code[:at], func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' }) + 1
			if want := utf8.RuneCountInString(code[:word]); start != want || end != cursor {
				t.Errorf("Complete(%q) range = %d, %d; want %d, %d", tt.code, start, end, want, cursor)
			}
		})
	}
}

func TestInspectExplainsMethodsCellsDeclare(t *testing.T) {
	s := shapesSession(t)
	tests := []struct {
		name, code string
		want       []string
		not        []string
	}{
		{"a method call shows its signature and doc", "r.Ar|ea()",
			[]string{"func (r rect) Area() float64", "Area is the rectangle's surface."}, nil},
		{"a pointer method shows its whole doc", "rp.Sca|le(2)",
			[]string{"func (r *rect) Scale(f float64)", "Scale grows the rectangle by f.\nIt changes r in place."}, nil},
		{"a method of a type that is no struct", "c.F|()",
			[]string{"func (c Celsius) F() float64", "F converts to Fahrenheit."}, nil},
		{"a method reached through a chain", "bx.frame.Inner.Grow|()",
			[]string{"func (r rect) Grow() rect", "Grow returns"}, nil},
		{"a promoted method", "lb.Area|()", []string{"func (r rect) Area() float64"}, nil},
		{"the cursor inside the call's parentheses explains the method", "r.Scale(|",
			[]string{"func (r *rect) Scale(f float64)"}, nil},
		{"a method expression", "rect.Area|", []string{"func (r rect) Area() float64"}, nil},
		{"the name in a method's declaration", "func (r rect) Ar|ea() float64 { return 0 }",
			[]string{"func (r rect) Area() float64", "Area is the rectangle's surface."}, nil},
		{"the name in a pointer method's declaration", "func (r *rect) Scale|(f float64) {}",
			[]string{"func (r *rect) Scale(f float64)", "Scale grows"}, nil},
		{"a field of a cell type shows its declared type", "fr.Inn|er", []string{"field Inner rect"}, nil},
		{"a cell type shows its doc and lists its methods", "rect|", []string{
			"rect is a rectangle.", "methods:", "func (r rect) Area() float64", "func (r rect) Grow() rect", "func (r *rect) Scale(f float64)"}, nil},
		{"a type that is no struct lists its methods", "Celsius|", []string{"func (c Celsius) F() float64"}, nil},
		{"a type without methods lists none", "box|", []string{"type box struct"}, []string{"methods:"}},
		{"a method after multi-byte text", "s := \"é世😀\"; r.Ar|ea()", []string{"func (r rect) Area() float64"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, cursor := splitCursor(tt.code)
			b, ok := s.Inspect(code, cursor, 0)
			text, _ := b.Data[display.MIMEText].(string)
			if !ok {
				t.Fatalf("Inspect(%q) found nothing", tt.code)
			}
			for _, w := range tt.want {
				if !strings.Contains(text, w) {
					t.Errorf("Inspect(%q) = %q, want it to contain %q", tt.code, text, w)
				}
			}
			for _, w := range tt.not {
				if strings.Contains(text, w) {
					t.Errorf("Inspect(%q) = %q, want it without %q", tt.code, text, w)
				}
			}
		})
	}
}

func TestMethodRecordsFollowRedefinitions(t *testing.T) {
	s, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	complete := func(code string) []string {
		got, _, _ := s.Complete(code, utf8.RuneCountInString(code))
		return got
	}
	help := func(code string) string {
		b, _ := s.Inspect(code, utf8.RuneCountInString(code), 0)
		text, _ := b.Data[display.MIMEText].(string)
		return text
	}
	execCell(t, s, "type T struct{ A int }\n// M is the first M.\nfunc (t T) M() int { return 1 }\nv := T{}")
	if got := help("v.M"); !strings.Contains(got, "func (t T) M() int") || !strings.Contains(got, "the first M") {
		t.Fatalf("before redefining: %q", got)
	}

	t.Run("a method redefined in a later cell replaces its record", func(t *testing.T) {
		execCell(t, s, "// M is the second M.\nfunc (u T) M() int { return 2 }")
		got := help("v.M")
		if !strings.Contains(got, "func (u T) M() int") || !strings.Contains(got, "the second M") || strings.Contains(got, "first") {
			t.Errorf("help = %q, want only the second M", got)
		}
	})
	t.Run("a method whose signature changes is refused and keeps its record", func(t *testing.T) {
		if _, err := s.Execute(context.Background(), "func (t *T) M() string { return \"3\" }", &displaytest.Recorder{}); err == nil {
			t.Fatal("a method changed its receiver and result")
		}
		if got := help("v.M"); !strings.Contains(got, "func (u T) M() int") {
			t.Errorf("help = %q, want the second M still", got)
		}
	})
	t.Run("a type declared again alike keeps its methods", func(t *testing.T) {
		execCell(t, s, "type T struct{ A int }\nfunc (t T) N() {}")
		if got := complete("v."); !slices.Equal(got, []string{"A", "M", "N"}) {
			t.Errorf("v. = %q, want A, M, N", got)
		}
	})
	t.Run("a cell that fails records none of its methods", func(t *testing.T) {
		if _, err := s.Execute(context.Background(), "func (t T) Bad() int { return \"x\" }", &displaytest.Recorder{}); err == nil {
			t.Fatal("a method returning a string as int compiled")
		}
		if got := complete("v.B"); len(got) != 0 {
			t.Errorf("v.B = %q, want nothing", got)
		}
	})
	t.Run("a name declared as a value forgets the type's methods", func(t *testing.T) {
		execCell(t, s, "T := 3")
		if got := complete("T."); len(got) != 0 {
			t.Errorf("T. = %q, want nothing", got)
		}
		execCell(t, s, "type T struct{ A int }\nw := T{}")
		if got := complete("w."); !slices.Equal(got, []string{"A"}) {
			t.Errorf("w. = %q, want only A: the new type has no methods", got)
		}
	})
}
