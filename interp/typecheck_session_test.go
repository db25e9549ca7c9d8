package interp

import "testing"

// TestCellsAreTypeChecked: go/types checks every cell before it runs. Go
// that yaegi would run wrongly or report in its own terms fails with
// go/types' messages, all of them, and a cell that fails runs nothing and
// declares nothing, while earlier declarations stay.
func TestCellsAreTypeChecked(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import (\"fmt\"; \"strconv\"; \"github.com/gofutures/gofutures/futures\")\nn := 5"},
		{name: "a value of the wrong type", cell: "var s string = n",
			err: "cell:1:16: cannot use n (variable of type int) as string value in variable declaration"},
		{name: "two results to one name", cell: "one := strconv.Atoi(\"7\")",
			err: "cell:1:8: assignment mismatch: 1 variable but strconv.Atoi returns 2 values"},
		{name: "every error, each at its line", cell: "fmt.Println(\"not run\")\nvar a int = \"x\"\nb := undefinedName",
			err: "cell:2:13: cannot use \"x\" (untyped string constant) as int value in variable declaration\ncell:3:6: undefined: undefinedName"},
		{name: "a failed cell leaves nothing behind", cell: "c2 := futures.NewClient()\nc2.Bogus()",
			err: "cell:2:4: c2.Bogus undefined (type *futures.Client has no field or method Bogus)"},
		{name: "c2 was not declared", cell: "c2", err: "cell:1:1: undefined: c2"},
		{name: "a type and method of a failed cell", cell: "type Q struct{ w int }\nfunc (q *Q) M() int { return q.w }\nfunc bad() int { return nope }",
			err: "undefined: nope"},
		{name: "are declared anew by a cell that checks", cell: "type Q struct{ w int }\nfunc (q *Q) M() int { return q.w }\nfmt.Println((&Q{1}).M())", stdout: "1\n"},
		{name: "earlier declarations stay", cell: "n + 1", result: "6"},
	})
}
