package futures

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// Progress shows the progress of fs, and of every task they wait for, as
// Dask's progress follows the whole graph behind the futures it is given;
// it returns at once. In a notebook the host renders live bars, one per
// function name when the graph runs several (Hooks.ProgressBars);
// otherwise a text bar for the whole graph is drawn on standard error by a
// goroutine that ends when every task is final. Following the graph costs
// nothing after: the tasks behind fs are not kept once final.
func Progress(fs ...*Future) { progress(fs, false) }

// ProgressWait shows the progress of fs as Progress does and returns once
// every task of the graph is final.
func ProgressWait(fs ...*Future) { progress(fs, true) }

func progress(fs []*Future, block bool) {
	all, bars := graphOf(fs)
	h := hooksOf(fs)
	if h != nil && len(bars) > 1 && h.ProgressBars != nil && h.ProgressBars(bars, block) {
		return
	}
	if h != nil && h.Progress != nil && h.Progress(all, block) {
		return
	}
	fs = all
	if block {
		textBar(os.Stderr, fs, 100*time.Millisecond)
		return
	}
	go textBar(os.Stderr, fs, 100*time.Millisecond)
}

// hooksOf returns the hooks of the client of the first of fs.
func hooksOf(fs []*Future) *Hooks {
	for _, f := range fs {
		if f != nil {
			return f.t.c.hooks()
		}
	}
	return currentHooks()
}

// textBar redraws a bar on w every tick until fs are final. The time it
// shows is the tasks' own span, as the notebook's bar shows it: from the
// earliest start of a task (or the call, when none started before it) to
// now while some remain, and to the latest stop once all are final, so
// that a bar over finished work shows how long that work took.
func textBar(w io.Writer, fs []*Future, tick time.Duration) {
	start := time.Now()
	for {
		n, last := 0, time.Time{}
		for _, f := range fs {
			i := f.Info()
			if !i.Started.IsZero() && i.Started.Before(start) {
				start = i.Started
			}
			if i.Status.Done() {
				n++
				if i.Stopped.After(last) {
					last = i.Stopped
				}
			}
		}
		if n == len(fs) {
			end := last
			if end.Before(start) { // nothing ran: no span
				end = start
			}
			fmt.Fprintln(w, "\r"+bar(n, len(fs), end.Sub(start)))
			return
		}
		fmt.Fprint(w, "\r"+bar(n, len(fs), time.Since(start)))
		time.Sleep(tick)
	}
}

// bar renders one line, as Dask's console progress bar does:
// [####                                    ] | 10% Completed |  1.0s
func bar(done, total int, elapsed time.Duration) string {
	const width = 40
	frac := 1.0
	if total > 0 {
		frac = float64(done) / float64(total)
	}
	fill := int(frac * width)
	return fmt.Sprintf("[%s%s] | %3d%% Completed | %d/%d | %5.1fs",
		strings.Repeat("#", fill), strings.Repeat(" ", width-fill),
		int(frac*100), done, total, elapsed.Seconds())
}

// graphOf returns fs followed by a handle on every task that they wait
// for, not yet final, and the same futures by function name, in the order
// the functions first appear, dependencies first. The added handles are
// released as their tasks end, so that they keep no result alive.
func graphOf(fs []*Future) (all []*Future, bars []ProgressBar) {
	seen := map[*task]bool{}
	for _, f := range fs {
		if f != nil {
			seen[f.t] = true
		}
	}
	var order []*task
	var visit func(t *task)
	visit = func(t *task) {
		for _, d := range t.deps {
			if !seen[d] {
				seen[d] = true
				visit(d)
				if !d.final() && d.flags&flagForgotten == 0 {
					order = append(order, d)
				}
			}
		}
	}
	var extra []*Future
	for _, f := range fs {
		if f == nil {
			continue
		}
		c := f.t.c
		c.mu.Lock()
		n := len(order)
		visit(f.t)
		for _, t := range order[n:] {
			extra = append(extra, c.handle(t))
		}
		c.mu.Unlock()
	}
	for _, f := range extra {
		f.AddDoneCallback((*Future).Release)
	}
	all = append(append(make([]*Future, 0, len(extra)+len(fs)), extra...), fs...)
	byName := map[string]int{}
	for _, f := range all {
		if f == nil {
			continue
		}
		name := f.t.name
		i, ok := byName[name]
		if !ok {
			i = len(bars)
			byName[name] = i
			bars = append(bars, ProgressBar{Title: name})
		}
		bars[i].Futures = append(bars[i].Futures, f)
	}
	return all, bars
}
