package cluster

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/gofutures/gofutures/futures"
)

// startWorker starts a worker process of this test binary on cl, with
// worker flags args (--name, --resources, --slots), and waits until the
// cluster has want workers. Cleanup kills it.
func startWorker(t *testing.T, cl *Cluster, want int, args ...string) int {
	t.Helper()
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(exe, append([]string{"worker"}, args...)...)
	cmd.Env = append(os.Environ(), urlEnv+"="+cl.URL())
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-done
	})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	if err := cl.WaitForWorkers(ctx, want); err != nil {
		t.Fatal(err)
	}
	return cmd.Process.Pid
}

func TestPlacementRoutesToMatchingWorkers(t *testing.T) {
	cl := newLocal(t, 1, AckWait(time.Second))
	plain := cl.PIDs()[0]
	gpu := startWorker(t, cl, 2, "--name", "gpu-0", "--resources", "GPU=2", "--slots", "2")
	c := cl.Client()
	many := func(opts ...any) []*futures.Future {
		xs := make([]int, 12)
		for i := range xs {
			xs[i] = i
		}
		return c.Map(fn("pid"), append([]any{xs, futures.Pure(false)}, opts...)...)
	}
	onlyOn := func(name string, fs []*futures.Future, want int) {
		t.Helper()
		for _, f := range fs {
			v, err := f.Result()
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if v != want {
				t.Fatalf("%s: a task ran in process %v, want %d", name, v, want)
			}
		}
	}
	onlyOn("Resources(GPU=1)", many(futures.Resources(map[string]float64{"GPU": 1})), gpu)
	onlyOn("OnWorkers(gpu-0)", many(futures.OnWorkers("gpu-0")), gpu)
	for _, w := range cl.Workers() {
		if w.PID == plain {
			onlyOn("OnWorkers("+w.Name+")", many(futures.OnWorkers(w.Name)), plain)
		}
	}
	host, _ := os.Hostname()
	onlyOn("OnWorkers(host) Resources(GPU=2)", many(futures.OnWorkers(host), futures.Resources(map[string]float64{"GPU": 2})), gpu)

	t.Run("no worker matches", func(t *testing.T) {
		_, err := c.Submit(fn("pid"), 1, futures.Resources(map[string]float64{"GPU": 4})).Result()
		if !errors.Is(err, ErrNoWorker) || !strings.Contains(err.Error(), "Resources(GPU=4)") || !strings.Contains(err.Error(), "gpu-0 (GPU=2)") {
			t.Fatalf("err = %v, want ErrNoWorker naming the placement and the live workers", err)
		}
		_, err = c.Submit(fn("pid"), 2, futures.OnWorkers("nowhere")).Result()
		if !errors.Is(err, ErrNoWorker) {
			t.Fatalf("err = %v, want ErrNoWorker", err)
		}
	})
	t.Run("AllowOtherWorkers runs it elsewhere", func(t *testing.T) {
		v, err := c.Submit(fn("pid"), 3, futures.OnWorkers("nowhere"), futures.AllowOtherWorkers()).Result()
		if err != nil || (v != plain && v != gpu) {
			t.Fatalf("got %v, %v", v, err)
		}
	})
	t.Run("resources are held while a task runs", func(t *testing.T) {
		// gpu-0 has 2 slots and GPU=2: tasks asking GPU=2 run one at a time.
		ms := []int{150, 150, 150, 150}
		fs := c.Map(fn("sleep"), ms, futures.Pure(false), futures.Resources(map[string]float64{"GPU": 2}))
		if _, err := c.Gather(fs); err != nil {
			t.Fatal(err)
		}
		for i, a := range fs {
			for _, b := range fs[i+1:] {
				ai, bi := a.Info(), b.Info()
				if ai.Started.Before(bi.Stopped) && bi.Started.Before(ai.Stopped) {
					t.Fatalf("%s [%v, %v] and %s [%v, %v] ran together", a.Key(), ai.Started, ai.Stopped, b.Key(), bi.Started, bi.Stopped)
				}
			}
		}
	})
	t.Run("a placed task moves to another matching worker when its worker dies", func(t *testing.T) {
		startWorker(t, cl, 3, "--name", "gpu-1", "--resources", "GPU=1")
		ms := make([]int, 40)
		for i := range ms {
			ms[i] = 50
		}
		fs := c.Map(fn("sleep"), ms, futures.Pure(false), futures.Resources(map[string]float64{"GPU": 1}))
		for deadline := time.Now().Add(60 * time.Second); ; time.Sleep(5 * time.Millisecond) {
			done := 0
			for _, f := range fs {
				if f.Done() {
					done++
				}
			}
			if done >= 2 {
				break
			}
			if time.Now().After(deadline) {
				t.Fatal("no placed task finished")
			}
		}
		if err := syscall.Kill(gpu, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		if _, err := c.Gather(fs); err != nil {
			t.Fatal(err)
		}
	})
}
