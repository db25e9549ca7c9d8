package interp

import "testing"

func TestGlobalDeclaredAgainReachesEarlierCode(t *testing.T) {
	runCells(t, []cellCase{
		{cell: "x := 1\nfunc getX() int { return x }\nget := func() int { return x }"},
		{cell: "x := 2"},
		{cell: "getX()", result: "2"},
		{cell: "get()", result: "2"},
		{cell: "x := getX() + 40\nx", result: "42"},
		{cell: "var y = 1\nfunc getY() int { return y }"},
		{cell: "var y = 5\ngetY()", result: "5"},
		{cell: "var y int = 6\ngetY()", result: "6"},
		{cell: "z := 1.5\nfunc getZ() float64 { return z }"},
		{cell: "z := 2\ngetZ()", result: "0"}, // another type: a new variable; earlier code sees the old one, zeroed
		{cell: "z + 1", result: "3"},
		{cell: "var w any = 1\nfunc getW() any { return w }"},
		{cell: "w := \"s\"\nw + \"!\"", result: "s!"}, // an interface-typed global given a string: w is a string now
	})
}
