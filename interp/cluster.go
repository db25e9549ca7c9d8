package interp

import (
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/traefik/yaegi/interp"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/widget"
	"github.com/gofutures/gofutures/futures"
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

// of returns the open cluster whose client is fc, or nil.
func (c *clusters) of(fc *futures.Client) *cluster.Cluster {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, cl := range c.open {
		if cl.Client() == fc {
			return cl
		}
	}
	return nil
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

// showCluster shows cl's card and redraws it as its workers change and
// its client's tasks move, until stop is called.
func showCluster(cl *cluster.Cluster, out display.Sink) (stop func()) {
	h := display.NewHandle(display.HandleOptions{Sink: out})
	h.Show(clusterCard{cl})
	redraw := func() { h.Update(clusterCard{cl}) }
	unwatch := cl.Watch(redraw)
	stops := []func(){unwatch}
	if c := cl.Client(); c != nil {
		stops = append(stops, c.Subscribe(func(futures.Event) { redraw() }))
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// clusterCard renders the cluster's workers and its client's counts when
// the handle sends it, so that coalesced updates cost nothing until then.
type clusterCard struct{ cl *cluster.Cluster }

func (c clusterCard) Bundle() display.Bundle {
	s := widget.ClusterSummary{Address: publicAddress(c.cl.URL())}
	for _, w := range c.cl.Workers() {
		s.Workers = append(s.Workers, widget.ClusterWorker{Name: w.Name, Host: w.Host, PID: w.PID, Slots: w.Slots,
			Running: w.Running, Memory: int64(w.Memory), Resources: resourceList(w.Resources)})
	}
	if fc := c.cl.Client(); fc != nil {
		n := fc.Counts()
		// Not fc.ResultBytes: a cluster's results stay on its workers (their
		// Memory), and the client's handles to them refer to its connection.
		s.Tasks = widget.ClientSummary{Pending: n.Pending, Running: n.Running,
			Finished: n.Finished, Errors: n.Errors, Cancelled: n.Cancelled}
	}
	return s.Bundle()
}

// publicAddress is a server's URL without its credentials, fit to show.
func publicAddress(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	u.User = nil
	return u.String()
}

// resourceList is "GPU=1, mem=4e+09", sorted by name.
func resourceList(rs map[string]float64) string {
	var parts []string
	for _, k := range slices.Sorted(maps.Keys(rs)) {
		parts = append(parts, fmt.Sprintf("%s=%g", k, rs[k]))
	}
	return strings.Join(parts, ", ")
}

// TaskHooks are the hooks by which a cluster worker runs the functions of
// the session's journal (Options.Journals) as the kernel runs its tasks:
// on a task of the session, so that a panic's frames are kept for its
// traceback rather than printed, and cancelling the task's context stops
// the interpreted code at its next checkpoint; Traceback names where a
// task panicked in cell terms (see futures.Hooks).
func (s *Session) TaskHooks() futures.Hooks {
	return futures.Hooks{RunTask: s.runTask, Traceback: s.taskFrames}
}
