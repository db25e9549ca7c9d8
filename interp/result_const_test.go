package interp

import (
	"context"
	"testing"

	"github.com/gofutures/gofutures/display"
)

// TestConstantResults shows final constant expressions as Go prints the
// value of the constant in its default type; the same value reached
// through a variable, which the interpreter shows, prints alike.
func TestConstantResults(t *testing.T) {
	s := newSession(t)
	if _, err := s.Execute(context.Background(), "import \"math\"\nconst big = 1 << 40\ntype Celsius float64", &recorder{}); err != nil {
		t.Fatal(err)
	}
	tests := []struct{ expr, want string }{
		{"1 + 1", "2"},
		{"7 / 2", "3"},
		{"7.0 / 2", "3.5"},
		{"0.1 + 0.2", "0.3"}, // exact constant arithmetic, as Go does it
		{"big * 2", "2199023255552"},
		{"-big", "-1099511627776"},
		{"'a'", "97"},
		{`"go" + "pher"`, "gopher"},
		{`""`, ""},
		{"true && !false", "true"},
		{"math.Pi", "3.141592653589793"},
		{"math.MaxInt64", "9223372036854775807"},
		{"int8(-5)", "-5"},
		{"uint8(200)", "200"},
		{"uint64(math.MaxUint64)", "18446744073709551615"},
		{"float32(0.1)", "0.1"},
		{"1e100", "1e+100"},
		{`len("héllo")`, "6"},
		{"Celsius(21.5)", "21.5"}, // a named type: through the interpreter
		{"2i * 2i", "(-4+0i)"},    // a complex constant: through the interpreter
	}
	for _, tt := range tests {
		t.Run(tt.expr, func(t *testing.T) {
			for _, cell := range []string{tt.expr, "v := " + tt.expr + "\nv"} {
				b, err := s.Execute(context.Background(), cell, &recorder{})
				if err != nil {
					t.Fatalf("%q: %v", cell, err)
				}
				if b == nil {
					t.Fatalf("%q shows nothing, want %q", cell, tt.want)
				}
				if got := b.Data[display.MIMEText]; got != tt.want {
					t.Errorf("%q shows %q, want %q", cell, got, tt.want)
				}
			}
		})
	}
}
