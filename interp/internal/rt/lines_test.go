package rt

import "testing"

func TestLines(t *testing.T) {
	t.Run("a slot keeps what was marked in it", func(t *testing.T) {
		a, b := NewSlot(), NewSlot()
		if a == b {
			t.Fatalf("two new slots are both %d", a)
		}
		Mark(a, 7)
		Mark(b, 9)
		if Line(a) != 7 || Line(b) != 9 {
			t.Errorf("slots hold %d and %d, want 7 and 9", Line(a), Line(b))
		}
	})
	t.Run("slots are reused after len(Lines)", func(t *testing.T) {
		first := NewSlot()
		for range len(Lines) - 1 {
			if k := NewSlot(); k < 0 || k >= len(Lines) {
				t.Fatalf("slot %d out of range", k)
			}
		}
		if k := NewSlot(); k != first {
			t.Errorf("slot %d after a full round, want %d again", k, first)
		}
	})
}
