package decls

import "testing"

func TestDocBefore(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"comment lines just above are the doc", "x := 1\n// A does a.\n// Twice.\nfunc (T) A() {}", "A does a.\nTwice."},
		{"a blank line ends the doc", "// not doc\n\nfunc (T) A() {}", ""},
		{"a comment after code is no doc", "x := 1 // note\nfunc (T) A() {}", ""},
		{"a declaration after a semicolon has no doc", "// not doc\nx := 1; func (T) A() {}", ""},
		{"indented comment lines count", "\t// A does a.\n\tfunc (T) A() {}", "A does a."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := len(tt.src) - len("func (T) A() {}")
			if got := docBefore(tt.src, start); got != tt.want {
				t.Errorf("docBefore = %q, want %q", got, tt.want)
			}
		})
	}
}
