package rt

import "testing"

func TestRedirect(t *testing.T) {
	a, b := NewGuard(), NewGuard()
	if a == b {
		t.Fatalf("two guards numbered %d", a)
	}
	if Redirected(a) || Redirect(a) != nil {
		t.Fatalf("a new guard is set")
	}
	SetRedirected(a)
	SetRedirect(b, func() int { return 7 })
	if !Redirected(a) || Redirected(b) {
		t.Fatalf("Redirected: %v %v, want true false", Redirected(a), Redirected(b))
	}
	if f, ok := Redirect(b).(func() int); !ok || f() != 7 {
		t.Errorf("Redirect(b) = %v, want the function set", Redirect(b))
	}
}
