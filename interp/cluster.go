package interp

import (
	"reflect"
	"sync"

	"github.com/traefik/yaegi/interp"

	"github.com/gofutures/gofutures/futures/cluster"
)

// Cells start clusters with cluster.NewLocal and cluster.Connect (package
// futures/cluster): the session gives each one its declarations
// (journal.go), so that the functions the cells declare run on the
// cluster's workers, and closes the clusters the cells left open when it
// closes, which stops the worker processes a local one started.

// clusterPath is the import path of package cluster.
const clusterPath = "github.com/gofutures/gofutures/futures/cluster"

// clusters are the clusters the session's cells opened.
type clusters struct {
	mu   sync.Mutex
	open []*cluster.Cluster
}

func (c *clusters) add(cl *cluster.Cluster) {
	c.mu.Lock()
	c.open = append(c.open, cl)
	c.mu.Unlock()
}

func (c *clusters) closeAll() {
	c.mu.Lock()
	open := c.open
	c.open = nil
	c.mu.Unlock()
	for _, cl := range open {
		_ = cl.Close() // idempotent: a cell may have closed it
	}
}

// clusterSymbols are NewLocal and Connect with the session's declarations
// and its futures hooks (an option the cell passes comes after, and so
// wins; client options add up).
func (s *Session) clusterSymbols() interp.Exports {
	withDecls := func(opts []cluster.Option) []cluster.Option {
		return append([]cluster.Option{cluster.Declarations(s), cluster.ClientOptions(s.clientHooks()...)}, opts...)
	}
	return interp.Exports{clusterPath + "/cluster": {
		"NewLocal": reflect.ValueOf(func(n int, opts ...cluster.Option) (*cluster.Cluster, error) {
			cl, err := cluster.NewLocal(n, withDecls(opts)...)
			if err == nil {
				s.clusters.add(cl)
			}
			return cl, err
		}),
		"Connect": reflect.ValueOf(func(url string, opts ...cluster.Option) (*cluster.Cluster, error) {
			cl, err := cluster.Connect(url, withDecls(opts)...)
			if err == nil {
				s.clusters.add(cl)
			}
			return cl, err
		}),
	}}
}

var _ cluster.JournalSource = (*Session)(nil)

var _ cluster.JournalFiles = (*Session)(nil)
