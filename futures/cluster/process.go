package cluster

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"strconv"
	"strings"
	"sync/atomic"
	"syscall"
	"time"
)

// Worker processes: started by NewLocal and Scale, run by WorkerMain.

// urlEnv carries the server's address, credentials included, to workers
// NewLocal starts, so that the password is not on their command line.
const urlEnv = "GOFUTURES_NATS"

// process is a worker process NewLocal started.
type process struct {
	name string
	cmd  *exec.Cmd
	done chan struct{}
}

// PIDs returns the process ids of the local workers, in start order.
func (cl *Cluster) PIDs() []int {
	cl.mu.Lock()
	defer cl.mu.Unlock()
	out := make([]int, len(cl.procs))
	for i, p := range cl.procs {
		out[i] = p.cmd.Process.Pid
	}
	return out
}

// Scale starts or stops local worker processes until there are n; workers
// that died are not counted, so Scale(n) also replaces them. Stopped
// workers finish their running tasks first. It returns ErrLocalOnly for a
// cluster that Connect opened. The client keeps the number of slots it
// started with.
func (cl *Cluster) Scale(n int) error {
	if cl.broker == nil {
		return ErrLocalOnly
	}
	cl.mu.Lock()
	if cl.closed {
		cl.mu.Unlock()
		return fmt.Errorf("cluster: closed")
	}
	live := cl.procs[:0]
	for _, p := range cl.procs {
		select {
		case <-p.done:
		default:
			live = append(live, p)
		}
	}
	cl.procs = live
	var stop []*process
	for len(cl.procs) > n {
		stop = append(stop, cl.procs[len(cl.procs)-1])
		cl.procs = cl.procs[:len(cl.procs)-1]
	}
	var err error
	for len(cl.procs) < n && err == nil {
		var p *process
		if p, err = cl.spawn(); err == nil {
			cl.procs = append(cl.procs, p)
		}
	}
	cl.mu.Unlock()
	stopAll(stop)
	return err
}

var workerSeq atomic.Int64

// spawn starts one worker; cl.mu is held.
func (cl *Cluster) spawn() (*process, error) {
	argv := cl.cfg.command
	if len(argv) == 0 {
		exe, err := os.Executable()
		if err != nil {
			return nil, fmt.Errorf("cluster: finding this program to start workers: %w", err)
		}
		argv = []string{exe, "worker"}
	}
	name := fmt.Sprintf("local-%d-%d", os.Getpid(), workerSeq.Add(1))
	args := append(append([]string(nil), argv[1:]...), "--name", name, "--slots", strconv.Itoa(cl.cfg.slots))
	cmd := exec.Command(argv[0], args...)
	cmd.Env = append(os.Environ(), urlEnv+"="+cl.url)
	cmd.Stdout = os.Stderr
	cmd.Stderr = os.Stderr
	cmd.SysProcAttr = childAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("cluster: starting a worker: %w", err)
	}
	p := &process{name: name, cmd: cmd, done: make(chan struct{})}
	go func() {
		_ = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// stopAll asks workers to stop, and kills those still running after 10 s.
func stopAll(ps []*process) {
	for _, p := range ps {
		_ = p.cmd.Process.Signal(syscall.SIGTERM)
	}
	deadline := time.After(10 * time.Second)
	for _, p := range ps {
		select {
		case <-p.done:
		case <-deadline:
			_ = p.cmd.Process.Kill()
			<-p.done
		}
	}
}

// WorkerMain runs a worker as `gofutures worker` does, with the flags
// --nats URL (default: $GOFUTURES_NATS), --slots N, --name NAME and
// --resources GPU=1,MEM=4e9. It returns when SIGTERM or SIGINT arrives and
// the running tasks have ended, or when the flags are wrong.
func WorkerMain(args []string, resolver Resolver, stderr io.Writer) error {
	fs := flag.NewFlagSet("worker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	url := fs.String("nats", os.Getenv(urlEnv), "the NATS server's URL")
	slots := fs.Int("slots", 1, "tasks run at once")
	name := fs.String("name", "", "the worker's name (default host-pid)")
	res := fs.String("resources", "", "resources advertised for placement, as GPU=1,MEM=4e9")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *url == "" {
		return fmt.Errorf("cluster: worker needs --nats URL")
	}
	resources, err := parseResources(*res)
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	return RunWorker(ctx, WorkerConfig{URL: *url, Name: *name, Slots: *slots, Resources: resources, Resolver: resolver})
}

func parseResources(s string) (map[string]float64, error) {
	if s == "" {
		return nil, nil
	}
	out := map[string]float64{}
	for _, kv := range strings.Split(s, ",") {
		k, v, ok := strings.Cut(kv, "=")
		if !ok {
			return nil, fmt.Errorf("cluster: resource %q is not NAME=AMOUNT", kv)
		}
		f, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, fmt.Errorf("cluster: resource %q: %w", kv, err)
		}
		out[strings.TrimSpace(k)] = f
	}
	return out, nil
}

// ServeWorker makes a program that uses a cluster its own worker: called
// first thing in main (or TestMain), it runs a worker and exits when the
// program was started as one by NewLocal (`prog worker --name ...` with
// the server's address in the environment), and returns at once otherwise.
// The program's registered functions are what such a worker runs.
func ServeWorker() {
	if len(os.Args) < 2 || os.Args[1] != "worker" || os.Getenv(urlEnv) == "" {
		return
	}
	if err := WorkerMain(os.Args[2:], nil, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Exit(0)
}
