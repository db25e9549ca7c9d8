package rt

import "testing"

func TestLines(t *testing.T) {
	t.Run("a slot keeps what was marked in it", func(t *testing.T) {
		l := NewLines()
		a, b := l.NewSlot(), l.NewSlot()
		if a == b {
			t.Fatalf("two new slots are both %d", a)
		}
		l.Mark(a, 7)
		l.Mark(b, 9)
		if l.Line(a) != 7 || l.Line(b) != 9 {
			t.Errorf("slots hold %d and %d, want 7 and 9", l.Line(a), l.Line(b))
		}
	})
	t.Run("slots are reused after len(Slots)", func(t *testing.T) {
		l := NewLines()
		first := l.NewSlot()
		for range len(l.Slots) - 1 {
			if k := l.NewSlot(); k < 0 || k >= len(l.Slots) {
				t.Fatalf("slot %d out of range", k)
			}
		}
		if k := l.NewSlot(); k != first {
			t.Errorf("slot %d after a full round, want %d again", k, first)
		}
	})
	t.Run("two Lines share no slot", func(t *testing.T) {
		a, b := NewLines(), NewLines()
		k := a.NewSlot()
		a.Mark(k, 5)
		if got := b.Line(b.NewSlot()); got != 0 {
			t.Errorf("a new Lines holds %d where another was marked", got)
		}
	})
}
