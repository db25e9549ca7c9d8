package interp

import (
	"context"
	"strings"
	"testing"
)

// TestAFailedDeclarationLeavesTheEarlierOne: after a cell's declaration of
// a function fails to compile, the function an earlier cell declared still
// runs, for new callers and old; a function no earlier cell declared says
// it did not compile; and a fixed declaration then reaches every caller.
func TestAFailedDeclarationLeavesTheEarlierOne(t *testing.T) {
	s := newSession(t)
	execCell(t, s, "func f(x int) int { return x + 1 }\nfunc g() int { return f(1) }")
	if _, err := s.Execute(context.Background(), "func f(x int) int { return x + nope }", &recorder{}); err == nil {
		t.Fatal("the failed declaration compiled")
	}
	for _, tc := range []struct{ cell, want string }{
		{"g()", "2"},
		{"f(5)", "6"},
	} {
		b, err := s.Execute(context.Background(), tc.cell, &recorder{})
		if err != nil || b == nil || b.Data["text/plain"] != tc.want {
			t.Errorf("%s after the failed cell: %v, %v; want %s", tc.cell, b, err, tc.want)
		}
	}

	if _, err := s.Execute(context.Background(), "func h() int { return nope }\nfunc k() int { return 7 }", &recorder{}); err == nil {
		t.Fatal("the failed declaration compiled")
	}
	// The cell that failed declared nothing: neither h nor k exists.
	_, err := s.Execute(context.Background(), "func useH() int { return h() }", &recorder{})
	if e, ok := err.(*Error); !ok || e.Kind != "CompileError" || !strings.Contains(e.Msg, "undefined: h") {
		t.Errorf("calling h: %v, want undefined: h", err)
	}
	if _, err := s.Execute(context.Background(), "k()", &recorder{}); err == nil || !strings.Contains(err.Error(), "undefined: k") {
		t.Errorf("calling k: %v, want undefined: k", err)
	}
	execCell(t, s, "func h() int { return 3 }")
	execCell(t, s, "func useH() int { return h() }")
	b, err := s.Execute(context.Background(), "useH()", &recorder{})
	if err != nil || b == nil || b.Data["text/plain"] != "3" {
		t.Errorf("after fixing h: %v, %v; want 3", b, err)
	}
}
