package interp

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/gofutures/gofutures/futures/cluster"
	"github.com/gofutures/gofutures/kernel"
)

// TestKernelClusterCardIsLive: a cluster a cell shows is a card that the
// kernel redraws in place: when a worker joins, when one leaves, and as
// the client's tasks finish; its address has no credentials. The server
// listens on 127.0.0.1 and the workers run on goroutines of this process.
func TestKernelClusterCardIsLive(t *testing.T) {
	b, err := cluster.StartBroker(cluster.BrokerConfig{Listen: "127.0.0.1:0", User: "u", Password: "secret-pass"})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	url := strings.Replace(b.URL(), "nats://", "nats://u:secret-pass@", 1)
	cluster.Register("strings.ToUpper", strings.ToUpper)
	var wg sync.WaitGroup
	defer wg.Wait()
	startWorker := func(name string) (stop func()) {
		ctx, cancel := context.WithCancel(context.Background())
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := cluster.RunWorker(ctx, cluster.WorkerConfig{URL: url, Name: name, Slots: 2}); err != nil {
				t.Error(err)
			}
		}()
		return cancel
	}
	stopA := startWorker("wa")
	defer stopA()

	k, _, ctx := startBridgedKernel(t)
	r, err := k.Execute(ctx, `import (
	"context"
	"strings"

	"github.com/gofutures/gofutures/futures/cluster"
)
cl, err := cluster.Connect(`+"`"+url+"`"+`)
if err != nil {
	panic(err)
}
if err := cl.WaitForWorkers(context.Background(), 1); err != nil {
	panic(err)
}
cl`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v %s", r.Types(), err, r.Stderr())
	}
	id, text := liveDisplay(t, r)
	if id == "" || !strings.HasPrefix(text, "<Cluster: 1 worker, 2 threads") || !strings.Contains(text, "wa (") {
		t.Fatalf("display %q: %q, want a card of one worker with a display id", id, text)
	}
	if strings.Contains(text, "secret-pass") || !strings.Contains(text, "address nats://127.0.0.1:") {
		t.Errorf("card %q: want the address without its password", text)
	}
	waitCard := func(what string, ok func(string) bool) {
		t.Helper()
		if _, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
			if m.Header.MsgType != "update_display_data" {
				return false
			}
			uid, text := displayOf(t, m)
			return uid == id && ok(text)
		}); err != nil {
			t.Fatalf("the card never showed %s: %v", what, err)
		}
	}

	stopB := startWorker("wb")
	defer stopB()
	waitCard("a second worker", func(s string) bool {
		return strings.HasPrefix(s, "<Cluster: 2 workers, 4 threads") && strings.Contains(s, "wb (")
	})

	r, err = k.Execute(ctx, `c := cl.Client()
if _, err := c.Gather(c.Map(strings.ToUpper, []string{"a", "b", "c"})); err != nil {
	panic(err)
}`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v %s", r.Types(), err, r.Stderr())
	}
	waitCard("the finished tasks", func(s string) bool { return strings.Contains(s, "3 finished") })

	stopA()
	waitCard("the first worker gone", func(s string) bool {
		return strings.HasPrefix(s, "<Cluster: 1 worker, 2 threads") && !strings.Contains(s, "wa (")
	})

	// The cluster's client shows the cluster's card too.
	r, err = k.Execute(ctx, "c")
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	if _, text := liveDisplay(t, r); !strings.HasPrefix(text, "<Cluster: 1 worker") {
		t.Errorf("the cluster's client shows %q, want the cluster's card", text)
	}
	if r, err := k.Execute(ctx, "cl.Close()"); err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
}
