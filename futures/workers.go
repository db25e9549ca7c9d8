package futures

import (
	"context"
	"fmt"
	"reflect"
	"sort"
	"sync"
	"time"
)

// What a client knows of its workers, in Dask's terms. Workers are named
// worker-0, worker-1, ... by slot; a task's result is held by the worker
// that ran it, a scattered value by the worker it was placed on (every
// worker, with Broadcast).

// WorkerNames returns the names of the client's workers, in slot order.
func (c *Client) WorkerNames() []string {
	out := make([]string, c.workers)
	for i := range out {
		out[i] = workerName(i)
	}
	return out
}

// holders returns the workers holding t's result; c.mu is held.
func (c *Client) holders(t *task) []string {
	switch {
	case t.state != Finished:
		return []string{}
	case t.flags&flagBroadcast != 0:
		return c.WorkerNames()
	case t.ext != nil && t.ext.remote != "":
		return []string{t.ext.remote} // a remote worker's thread, which keeps it
	case t.flags&flagScattered != 0 || t.started != 0:
		return []string{workerName(int(t.worker))}
	}
	return []string{}
}

// WhoHas returns, for each future's key, the workers holding its result
// (none while it is not finished), as Dask's who_has does: for a
// cluster's client, the remote worker thread that ran it ("w1/0").
func (c *Client) WhoHas(fs ...*Future) map[string][]string {
	out := make(map[string][]string, len(fs))
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, f := range fs {
		if f != nil && f.t.c == c {
			out[f.t.key] = c.holders(f.t)
		}
	}
	return out
}

// HasWhat returns, for each worker, the keys of the results it holds,
// sorted, as Dask's has_what does. A client whose executor runs its tasks
// elsewhere (a cluster's) names the workers that ran them ("w1/0"), those
// that hold none left out; its own slots hold nothing.
func (c *Client) HasWhat() map[string][]string {
	out := make(map[string][]string, c.workers)
	if _, local := c.exec.(*LocalExecutor); local {
		for _, w := range c.WorkerNames() {
			out[w] = []string{}
		}
	}
	c.mu.Lock()
	for _, t := range c.tasks {
		for _, w := range c.holders(t) {
			out[w] = append(out[w], t.key)
		}
	}
	c.mu.Unlock()
	for _, keys := range out {
		sort.Strings(keys)
	}
	return out
}

// Ncores returns the number of tasks each worker runs at once: one per
// worker here, as each worker is one slot.
func (c *Client) Ncores() map[string]int {
	out := make(map[string]int, c.workers)
	for _, w := range c.WorkerNames() {
		out[w] = 1
	}
	return out
}

// SchedulerInfo describes the scheduler and its workers (Client.SchedulerInfo).
type SchedulerInfo struct {
	Started time.Time // when the client was made
	Tasks   Counts    // the tasks in the graph by status
	Workers []WorkerInfo
}

// WorkerInfo describes one worker.
type WorkerInfo struct {
	Name    string
	Threads int // tasks it runs at once
	Running int // tasks running on it now
	Keys    int // results it holds
}

// SchedulerInfo returns a snapshot of the scheduler and its workers, as
// Dask's scheduler_info does.
func (c *Client) SchedulerInfo() SchedulerInfo {
	info := SchedulerInfo{Started: c.created, Tasks: c.Counts()}
	info.Workers = make([]WorkerInfo, c.workers)
	byName := make(map[string]*WorkerInfo, c.workers)
	for i := range info.Workers {
		w := &info.Workers[i]
		w.Name, w.Threads = workerName(i), 1
		byName[w.Name] = w
	}
	c.mu.Lock()
	for _, t := range c.tasks {
		if t.state == Running {
			if w := byName[workerName(int(t.worker))]; w != nil {
				w.Running++
			}
		}
		for _, name := range c.holders(t) {
			if w := byName[name]; w != nil {
				w.Keys++
			}
		}
	}
	c.mu.Unlock()
	return info
}

// Restart cancels every task of the client, as Dask's restart does, and
// leaves it ready for new work: futures held so far end cancelled, and the
// workers of tasks that were running are replaced. Variables, queues and
// datasets stay. It returns nil; the error is for executors that restart
// worker processes.
func (c *Client) Restart() error {
	c.mu.Lock()
	var live []*task
	for _, t := range c.tasks {
		live = append(live, t)
	}
	for _, t := range live {
		c.cancelTask(t, ErrCancelled)
	}
	c.unlock()
	return nil
}

// Run calls fn(args...) once for each worker, outside the task graph, and
// returns the results by worker name, as Dask's run does: for setting up
// or inspecting workers. A function whose first parameter is a
// context.Context receives one from which GetClient returns c. The error is
// the first failure, by worker order, with the worker's name; a panic is a
// *PanicError.
func (c *Client) Run(fn any, args ...any) (map[string]any, error) {
	name, body, _ := funcParts(fn)
	if reflect.TypeOf(body) == nil || reflect.TypeOf(body).Kind() != reflect.Func {
		return nil, fmt.Errorf("%w: %T", ErrNotFunc, body)
	}
	names := c.WorkerNames()
	vals := make([]any, len(names))
	errs := make([]error, len(names))
	ctx := context.WithValue(context.Background(), clientKey{}, c)
	var wg sync.WaitGroup
	for i := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					errs[i], _ = panicked(r)
				}
			}()
			vals[i], errs[i] = call(ctx, name, body, append([]any(nil), args...))
		}()
	}
	wg.Wait()
	out := make(map[string]any, len(names))
	var first error
	for i, w := range names {
		out[w] = vals[i]
		if errs[i] != nil && first == nil {
			first = fmt.Errorf("futures: run on %s: %w", w, errs[i])
		}
	}
	return out, first
}
