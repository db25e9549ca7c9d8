package futures

import (
	"context"
	"fmt"
)

// What an executor that runs tasks elsewhere (other processes, other
// machines) needs beyond Job.Run: the task's function and arguments to send
// away, the results of its dependencies, and a way to leave a result where
// it was computed until someone asks for it.

// Stored is a result that an executor keeps outside the client (in a
// worker's memory, a key-value store). An executor reports one through
// Outcome.Stored; Result, Gather and AsCompleted then fetch the value with
// Load each time they are asked, and the client calls Release once it
// forgets the task, so that the executor deletes the data.
type Stored interface {
	// Load fetches the value. It is called without the client's lock,
	// possibly from many goroutines at once.
	Load(ctx context.Context) (any, error)
	// Type names the value's Go type, as %T would, for Future.Info.
	Type() string
	// Release tells the executor that the value is no longer needed. It is
	// called once, with the client's lock held: it must not block.
	Release()
}

// stored marks a task's result as kept by an executor: a type of this
// package, so that no value of the user's is ever taken for one.
type stored struct{ s Stored }

// load returns v, fetching it when an executor keeps it.
func load(ctx context.Context, v any, err error) (any, error) {
	if s, ok := v.(stored); ok && err == nil {
		return s.s.Load(ctx)
	}
	return v, err
}

// releaseResult lets go of t's result; c.mu is held.
func releaseResult(t *task) {
	if s, ok := t.result.(stored); ok {
		s.s.Release()
	}
	t.result = nil
}

func resultType(v any) string {
	if s, ok := v.(stored); ok {
		return s.s.Type()
	}
	return fmt.Sprintf("%T", v)
}

// Fn returns the task's function (the Fn of a Func).
func (j Job) Fn() any { return j.t.fn }

// Context returns the run's context, cancelled when the task is cancelled.
// It is nil for tasks of the LocalExecutor that neither take a context nor
// run inside Hooks.RunTask; executors of other kinds always get one.
func (j Job) Context() context.Context {
	if j.ctx == nil {
		return nil
	}
	return j.ctx
}

// Args returns the task's arguments, with each future among them (at the
// top level or inside slices, maps and interface-typed fields) replaced by
// sub(key, result), where result is the dependency's result: a Stored when
// an executor kept it. A []*Future becomes a []any. The task's own argument
// values are shared, not copied.
func (j Job) Args(sub func(key string, result any) any) []any {
	if !j.subst {
		return j.args
	}
	get := j.lookup()
	out := make([]any, len(j.args))
	for i, a := range j.args {
		out[i] = substitute(a, func(f *Future) any {
			v := get(f)
			if s, ok := v.(stored); ok {
				v = s.s
			}
			return sub(f.t.key, v)
		})
	}
	return out
}

// loadStored replaces the dependencies' results that an executor keeps by
// their values, for a run in this process.
func (j *Job) loadStored() error {
	copied := false
	for i, v := range j.vals {
		s, ok := v.(stored)
		if !ok {
			continue
		}
		if !copied {
			j.vals = append([]any(nil), j.vals...)
			copied = true
		}
		var ctx context.Context = context.Background()
		if j.ctx != nil {
			ctx = j.ctx
		}
		x, err := s.s.Load(ctx)
		if err != nil {
			return fmt.Errorf("futures: loading the result of %s: %w", j.deps[i].key, err)
		}
		j.vals[i] = x
	}
	return nil
}
