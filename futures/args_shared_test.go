package futures

import "testing"

// fan is a slice that may hold one value many times.
type fan []any

// TestArgumentsWhoseSlicesShare: the search for futures among a task's
// arguments walks each shared part once. It walked every path, which for
// 20 levels of slices holding one slice six times (or an interpreter's
// syntax graph, which a cell's function held in an interface is) does not
// end. (Pure(false): a pure key hashes the values, path by path.)
func TestArgumentsWhoseSlicesShare(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	var last any = fan{1}
	for range 20 {
		last = fan{last, last, last, last, last, last}
	}
	f := c.Submit(func(x fan, y int) int { return len(x) + y }, fan{last}, 7, Pure(false))
	if v, err := f.Result(); err != nil || v != 8 {
		t.Fatalf("got %v, %v; want 8, nil", v, err)
	}
}

// TestSlicesAndMapsInsideAnyArguments: a []any argument holding slices
// and maps, with or without a Delayed among them, reaches the task; Submit
// panicked comparing a slice it holds ("comparing uncomparable type").
func TestSlicesAndMapsInsideAnyArguments(t *testing.T) {
	c := NewClient(Workers(1))
	defer c.Close()
	size := func(xs []any) int {
		n := 0
		for _, x := range xs {
			switch x := x.(type) {
			case []int:
				n += len(x)
			case map[string]int:
				n += len(x)
			case int:
				n += x
			}
		}
		return n
	}
	for _, args := range [][]any{
		{[]int{1, 2}, map[string]int{"a": 1}},
		{[]int{1, 2}, Delay(func() int { return 10 }), map[string]int{"a": 1}},
	} {
		if v, err := c.Submit(size, args).Result(); err != nil || v != 3+10*(len(args)-2) {
			t.Errorf("Submit(size, %v): got %v, %v", args, v, err)
		}
	}
}
