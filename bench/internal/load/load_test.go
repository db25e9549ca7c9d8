package load_test

import (
	"fmt"

	"github.com/gofutures/gofutures/bench/internal/load"
	"github.com/gofutures/gofutures/futures"
)

func ExampleSubmitGather() {
	c := futures.NewClient(futures.Workers(2))
	defer c.Close()
	d, err := load.SubmitGather(c, func(x int) int { return x + 1 }, 100, 0)
	fmt.Println(d > 0, err)
	// Output: true <nil>
}
