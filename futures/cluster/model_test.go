package cluster

import (
	"math/rand"
	"reflect"
	"testing"

	"github.com/gofutures/gofutures/futures"
)

// A random graph of inc, add and sum tasks gives the same results on a
// cluster as on a local client.
func TestRandomGraphsMatchLocalExecution(t *testing.T) {
	cl := newLocal(t, 2)
	local := futures.NewClient(futures.Workers(2))
	defer local.Close()
	for seed := int64(1); seed <= 5; seed++ {
		remote := build(cl.Client(), seed)
		want := build(local, seed)
		got, err := cl.Client().Gather(remote)
		if err != nil {
			t.Fatalf("seed %d: %v", seed, err)
		}
		exp, err := local.Gather(want)
		if err != nil {
			t.Fatalf("seed %d locally: %v", seed, err)
		}
		if !reflect.DeepEqual(got, exp) {
			t.Fatalf("seed %d: cluster %v, local %v", seed, got, exp)
		}
	}
}

// build submits a random graph of 60 tasks to c.
func build(c *futures.Client, seed int64) []*futures.Future {
	r := rand.New(rand.NewSource(seed))
	var fs []*futures.Future
	pick := func() any {
		if len(fs) == 0 || r.Intn(4) == 0 {
			return r.Intn(100)
		}
		return fs[r.Intn(len(fs))]
	}
	for i := 0; i < 60; i++ {
		switch r.Intn(3) {
		case 0:
			fs = append(fs, c.Submit(fn("inc"), pick()))
		case 1:
			fs = append(fs, c.Submit(fn("add"), pick(), pick()))
		default:
			n := r.Intn(4)
			xs := make([]*futures.Future, 0, n)
			for j := 0; j < n && len(fs) > 0; j++ {
				xs = append(xs, fs[r.Intn(len(fs))])
			}
			fs = append(fs, c.Submit(fn("sum"), xs))
		}
	}
	return fs
}
