package assist_test

import (
	"fmt"

	"github.com/gofutures/gofutures/interp/internal/assist"
)

func ExampleIsComplete() {
	for _, code := range []string{"x := 1", "func f() {", `s := "abc`} {
		status, indent := assist.IsComplete(code)
		fmt.Printf("%q %q\n", status, indent)
	}
	// Output:
	// "complete" ""
	// "incomplete" "\t"
	// "invalid" ""
}
