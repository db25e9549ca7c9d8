// Package load holds the workloads the benchmark programs share.
package load

import (
	"time"

	"github.com/gofutures/gofutures/futures"
)

// SubmitGather submits n tasks fn(base+i) one by one, gathers them, releases
// them and returns the time from the first submit to the gathered results.
// base makes the tasks' keys new, so that no run reuses another's results.
func SubmitGather(c *futures.Client, fn any, n, base int) (time.Duration, error) {
	start := time.Now()
	fs := make([]*futures.Future, n)
	for i := range fs {
		fs[i] = c.Submit(fn, base+i)
	}
	_, err := c.Gather(fs)
	d := time.Since(start)
	for _, f := range fs {
		f.Release()
	}
	return d, err
}
