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
	execCell(t, s, "func useH() int { return h() }")
	_, err := s.Execute(context.Background(), "useH()", &recorder{})
	if e, ok := err.(*Error); !ok || e.Kind != "panic" || !strings.Contains(e.Msg, "h is not declared: the cell declaring it failed to compile") {
		t.Errorf("calling h: %v, want a panic saying h did not compile", err)
	}
	// Like the cell that failed, k never ran: it is not declared either.
	if _, err := s.Execute(context.Background(), "k()", &recorder{}); err == nil || !strings.Contains(err.Error(), "k is not declared") {
		t.Errorf("calling k: %v, want a panic saying k is not declared", err)
	}
	execCell(t, s, "func h() int { return 3 }")
	b, err := s.Execute(context.Background(), "useH()", &recorder{})
	if err != nil || b == nil || b.Data["text/plain"] != "3" {
		t.Errorf("after fixing h: %v, %v; want 3", b, err)
	}
}
