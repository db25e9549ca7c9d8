package assist

import (
	"go/parser"
	"go/token"
	"testing"
)

func TestIsComplete(t *testing.T) {
	tests := []struct {
		name, code, status, indent string
	}{
		{"an empty cell is complete", "", "complete", ""},
		{"a statement is complete", "x := 1", "complete", ""},
		{"a closed function is complete", "func f() {\n\treturn\n}", "complete", ""},
		{"a trailing semicolon is complete", "f();", "complete", ""},
		{"a trailing comment is complete", "x := 1 // one", "complete", ""},
		{"an increment is complete", "i++", "complete", ""},
		{"an open brace is incomplete", "func f() {", "incomplete", "\t"},
		{"two open braces indent twice", "func f() {\n\tfor {", "incomplete", "\t\t"},
		{"an open paren is incomplete", "fmt.Println(1,", "incomplete", "\t"},
		{"an open bracket is incomplete", "x := []int{1, 2}[", "incomplete", "\t"},
		{"an open import group is incomplete", "import (\n\t\"fmt\"", "incomplete", "\t"},
		{"an open raw string is incomplete", "s := `line one", "incomplete", ""},
		{"an open block comment is incomplete", "/* note", "incomplete", ""},
		{"a trailing plus is incomplete", "x := 1 +", "incomplete", "\t"},
		{"a trailing and is incomplete", "ok := a &&", "incomplete", "\t"},
		{"a trailing assignment is incomplete", "x :=", "incomplete", "\t"},
		{"a trailing dot is incomplete", "fmt.", "incomplete", "\t"},
		{"a trailing else is incomplete", "if x {\n} else", "incomplete", "\t"},
		{"a lone func keyword is incomplete", "func", "incomplete", "\t"},
		{"an open interpreted string is invalid", `s := "abc`, "invalid", ""},
		{"an open rune is invalid", "r := 'a", "invalid", ""},
		{"an unmatched closing brace is invalid", "}", "invalid", ""},
		{"a mismatched bracket is invalid", "f(]", "invalid", ""},
		{"an illegal character is invalid", "x := 1 # 2", "invalid", ""},
		{"multi-byte text in a string is complete", `s := "héllo, 世界"`, "complete", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, indent := IsComplete(tt.code)
			if status != tt.status || indent != tt.indent {
				t.Errorf("IsComplete(%q) = %q, %q; want %q, %q", tt.code, status, indent, tt.status, tt.indent)
			}
		})
	}
}

// FuzzIsComplete checks IsComplete against go/parser: code that parses as
// one function body is complete, and code said to be incomplete does not
// parse.
func FuzzIsComplete(f *testing.F) {
	for _, s := range []string{"x := 1", "func f() {", "s := `a", "x := 1 +", "}", `"a`, "if x {\n} else {\n}", "/* a"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, code string) {
		status, _ := IsComplete(code)
		switch status {
		case StatusComplete, StatusIncomplete, StatusInvalid:
		default:
			t.Fatalf("IsComplete(%q) = %q", code, status)
		}
		parses := parsesAsBody(code)
		if parses && status == StatusInvalid {
			t.Errorf("IsComplete(%q) = invalid, but it parses as a function body", code)
		}
		if parses && status == StatusIncomplete {
			t.Errorf("IsComplete(%q) = incomplete, but it parses as a function body", code)
		}
	})
}

func parsesAsBody(code string) bool {
	f, err := parser.ParseFile(token.NewFileSet(), "", "package p; func _() {\n"+code+"\n}", 0)
	return err == nil && len(f.Decls) == 1
}
