// Cells use the kernel process's environment (env.go): what os.Setenv
// sets, os.Getenv, os.LookupEnv and os.Environ see.
package main

import (
	"fmt"
	"os"
	"strings"
)

func main() {
	os.Setenv("GOFUTURES_GOLDEN_ENV", "seen")
	fmt.Println(os.Getenv("GOFUTURES_GOLDEN_ENV"))
	n := 0
	for _, e := range os.Environ() {
		if strings.HasPrefix(e, "GOFUTURES_GOLDEN_ENV=") {
			n++
		}
	}
	v, ok := os.LookupEnv("GOFUTURES_GOLDEN_UNSET")
	fmt.Printf("%d %q %v\n", n, v, ok)
	os.Unsetenv("GOFUTURES_GOLDEN_ENV")
	fmt.Printf("%q\n", os.Getenv("GOFUTURES_GOLDEN_ENV"))
}

// Output:
// seen
// 1 "" false
// ""
