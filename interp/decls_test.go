package interp

import (
	"fmt"
	"slices"
	"testing"

	"github.com/gofutures/gofutures/interp/internal/decls"
)

// declsOf records cells as a session does when each runs without error.
func declsOf(t *testing.T, cells ...string) *decls.Index {
	t.Helper()
	d, err := recordCells(cells...)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func recordCells(cells ...string) (*decls.Index, error) {
	var d *decls.Index
	for _, src := range cells {
		c, err := parseCell(src)
		if err != nil {
			return nil, fmt.Errorf("cell %q: %w", src, err)
		}
		var items []*item
		for i := range c.items {
			items = append(items, &c.items[i])
		}
		d = d.Record(c.declItems(items))
	}
	return d, nil
}

func TestDeclRecords(t *testing.T) {
	tests := []struct {
		name  string
		cells []string
		typ   string
		addr  bool
		want  []string // sorted members of typ
	}{
		{"a type declared again with another shape forgets its methods",
			[]string{"type T struct{ A int }\nfunc (T) M() {}", "type T struct{ B string }"}, "T", true, []string{"B"}},
		{"a type declared again alike keeps its methods",
			[]string{"type T struct{ A int }\nfunc (T) M() {}", "type T struct{  A   int }"}, "T", true, []string{"A", "M"}},
		{"a method declared before its type in the same cell is recorded",
			[]string{"func (t *T) M() {}\ntype T int"}, "*T", false, []string{"M"}},
		{"a value that is not addressable has no pointer methods",
			[]string{"type T int\nfunc (t *T) M() {}\nfunc (t T) N() {}"}, "T", false, []string{"N"}},
		{"an embedded pointer brings its pointer methods",
			[]string{"type A int\nfunc (a *A) M() {}\ntype B struct{ *A }"}, "B", false, []string{"A", "M"}},
		{"a generic receiver is recorded under its type",
			[]string{"type L[T any] struct{ xs []T }\nfunc (l *L[T]) Push(x T) {}"}, "*L[int]", false, []string{"Push", "xs"}},
		{"an interface lists its methods",
			[]string{"type Shape interface {\n\tArea() float64\n\tfmt.Stringer\n}"}, "Shape", false, []string{"Area"}},
		{"a method on a type no cell declared is not recorded",
			[]string{"func (t T) M() {}"}, "T", true, nil},
		{"a function of the type's name forgets the type",
			[]string{"type T int\nfunc (T) M() {}", "func T() {}"}, "T", true, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := declsOf(t, tt.cells...).Members(tt.typ, tt.addr)
			slices.Sort(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("members(%q) = %q, want %q", tt.typ, got, tt.want)
			}
		})
	}
}

func TestDeclRecordsTypeGlobals(t *testing.T) {
	d := declsOf(t, `type T struct{ Next *T }
func (t T) Self() T { return t }
func mk() *T { return nil }
func two() (T, int) { return T{}, 0 }
a := &T{}
var b T
c := new(T)
e := mk()
f, g := two()
h := a.Self()
i := (*T)(nil)
j := b.Next
k, l := T{}, 1
var m, n = e, 2.5`)
	want := map[string]string{"a": "*T", "b": "T", "c": "*T", "e": "*T", "f": "T", "g": "int", "h": "T",
		"i": "*T", "j": "*T", "k": "T", "l": "", "m": "*T", "n": ""}
	for name, typ := range want {
		if got, ok := d.Var(name); !ok || got != typ {
			t.Errorf("type of %s = %q, %v; want %q", name, got, ok, typ)
		}
	}
}
