package futures

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"
)

// Where a task may run. A client's own executor runs every task in this
// process and ignores placement; an executor that runs tasks on workers
// elsewhere (package futures/cluster) routes each task to the workers its
// placement allows. Placement is apart from Workers(n), which only counts.

// Placement is where a task may run: the options OnWorkers, Resources and
// AllowOtherWorkers of the task, as an executor reads them (Job.Placement).
type Placement struct {
	// Workers are the names of the workers that may run the task (a
	// cluster also takes a worker's host name); none means any worker.
	Workers []string
	// Resources are what a worker must advertise, at least, to run the
	// task; the task holds them while it runs there.
	Resources map[string]float64
	// Loose lets the task run on any worker when no worker that matches
	// is available (AllowOtherWorkers).
	Loose bool
}

// IsZero reports whether p places nothing: any worker may run the task.
func (p Placement) IsZero() bool { return len(p.Workers) == 0 && len(p.Resources) == 0 }

// String describes p as the options that make it, such as
// OnWorkers(a, b) Resources(GPU=1).
func (p Placement) String() string {
	var parts []string
	if len(p.Workers) > 0 {
		parts = append(parts, "OnWorkers("+strings.Join(p.Workers, ", ")+")")
	}
	if len(p.Resources) > 0 {
		keys := slices.Sorted(maps.Keys(p.Resources))
		rs := make([]string, len(keys))
		for i, k := range keys {
			rs[i] = fmt.Sprintf("%s=%g", k, p.Resources[k])
		}
		parts = append(parts, "Resources("+strings.Join(rs, ", ")+")")
	}
	if p.Loose {
		parts = append(parts, "AllowOtherWorkers()")
	}
	if len(parts) == 0 {
		return "any worker"
	}
	return strings.Join(parts, " ")
}

// OnWorkers lets only the named workers run the task, as the workers
// argument of Dask's submit does. Given more than once, the names add up.
func OnWorkers(names ...string) Option {
	return Option{kind: optWorkers, p: &Placement{Workers: append([]string(nil), names...)}}
}

// Resources lets only workers that advertise at least these amounts run
// the task (gofutures worker --resources GPU=1), and the task holds them
// there while it runs, as Dask's resources do: a worker with GPU=2 runs
// two tasks of Resources(map[string]float64{"GPU": 1}) at once.
func Resources(r map[string]float64) Option {
	return Option{kind: optResources, p: &Placement{Resources: maps.Clone(r)}}
}

// AllowOtherWorkers lets a task placed by OnWorkers or Resources run on
// any worker when none that matches is available, as Dask's
// allow_other_workers does.
func AllowOtherWorkers() Option { return Option{kind: optLoose, p: &Placement{Loose: true}} }

// place adds the placement of opt to o's.
func (o *taskOptions) place(opt Option) {
	if opt.p == nil {
		return
	}
	if o.placement == nil {
		o.placement = &Placement{}
	}
	p := o.placement
	for _, w := range opt.p.Workers {
		if !slices.Contains(p.Workers, w) {
			p.Workers = append(p.Workers, w)
		}
	}
	sort.Strings(p.Workers)
	if len(opt.p.Resources) > 0 {
		if p.Resources == nil {
			p.Resources = map[string]float64{}
		}
		maps.Copy(p.Resources, opt.p.Resources)
	}
	p.Loose = p.Loose || opt.p.Loose
}

// Placement returns where the task may run (the zero Placement: anywhere).
func (j Job) Placement() Placement {
	if j.place == nil {
		return Placement{}
	}
	return *j.place
}
