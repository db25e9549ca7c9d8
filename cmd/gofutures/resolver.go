package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/gofutures/gofutures/futures/cluster"
	"github.com/gofutures/gofutures/interp"
)

// A worker runs the functions notebook cells declared in sessions of its
// own: one interpreter per journal (the declarations a function needs, as
// the kernel's session wrote them; see interp/journal.go), built when a
// task first names it and kept for the tasks that follow. Journals are
// content-addressed, so a function declared again has another journal and
// runs its new body; the oldest sessions are closed past maxSessions.

const maxSessions = 16

type resolver struct {
	stdout io.Writer // where the cells' output goes

	mu       sync.Mutex
	sessions map[string]*journalSession
	order    []string // journal IDs, oldest first
}

type journalSession struct {
	ready chan struct{} // closed once s or err is set
	s     *interp.Session
	err   error
}

// newResolver returns how workers find functions declared in cells.
func newResolver(stdout io.Writer) cluster.Resolver {
	return &resolver{stdout: stdout, sessions: map[string]*journalSession{}}
}

func (r *resolver) Resolve(ctx context.Context, j cluster.Journal, name string) (any, error) {
	js, err := r.session(ctx, j)
	if err != nil {
		return nil, err
	}
	v, ok := js.s.Value(name)
	if !ok {
		return nil, fmt.Errorf("gofutures worker: the declarations %s do not declare %s", j.ID, name)
	}
	// Through the session's hooks: a panic's frames name the kernel's
	// cells (the journal says where each declaration came from), and
	// yaegi's lines about it are kept for them, not printed.
	return cluster.Hosted{Func: v.Interface(), Hooks: js.s.TaskHooks()}, nil
}

// session returns the interpreter of journal j, building it when it is new.
func (r *resolver) session(ctx context.Context, j cluster.Journal) (*journalSession, error) {
	r.mu.Lock()
	js := r.sessions[j.ID]
	if js == nil {
		js = &journalSession{ready: make(chan struct{})}
		r.sessions[j.ID] = js
		r.order = append(r.order, j.ID)
		var evict []*journalSession
		for len(r.order) > maxSessions {
			evict = append(evict, r.sessions[r.order[0]])
			delete(r.sessions, r.order[0])
			r.order = r.order[1:]
		}
		r.mu.Unlock()
		for _, old := range evict {
			<-old.ready
			if old.s != nil {
				old.s.Close()
			}
		}
		js.s, js.err = r.build(ctx, j)
		close(js.ready)
		if js.err != nil && ctx.Err() != nil {
			r.forget(j.ID, js) // cancelled: the next task builds it again
		}
	} else {
		r.mu.Unlock()
	}
	select {
	case <-js.ready:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return js, js.err
}

func (r *resolver) forget(id string, js *journalSession) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sessions[id] == js {
		delete(r.sessions, id)
		for i, x := range r.order {
			if x == id {
				r.order = append(r.order[:i], r.order[i+1:]...)
				break
			}
		}
	}
}

// build evaluates the declarations of j in a new session. Functions stay
// interpreted (no background compilation on workers).
func (r *resolver) build(ctx context.Context, j cluster.Journal) (*interp.Session, error) {
	src, err := j.Source(ctx)
	if err != nil {
		return nil, err
	}
	s, err := interp.New(interp.Options{Stdout: r.stdout, Stderr: r.stdout, NoTier: true, Journals: true,
		NativeCache: os.Getenv(nativeCacheEnv), NativeFiles: nativeFiles(j.Fetch)})
	if err != nil {
		return nil, fmt.Errorf("gofutures worker: %w", err)
	}
	if _, err := s.Execute(ctx, src, nil); err != nil {
		s.Close()
		return nil, fmt.Errorf("gofutures worker: building the declarations %s: %w", j.ID, err)
	}
	return s, nil
}

// Compiled code on workers: a journal's imports of compiled cells and
// modules load the plugins the kernel shared (see interp/journal_native.go):
// the kernel's own plugin when the worker is the same build of gofutures,
// else one built again from the sources by the worker's Go toolchain, kept
// in the worker's cache. Two variables of the worker's environment:
const (
	// nativeCacheEnv names the worker's plugin cache (default that of
	// kernels, os.UserCacheDir()/gofutures/native).
	nativeCacheEnv = "GOFUTURES_NATIVE_CACHE"
	// nativeRebuildEnv=1 makes the worker build every plugin again from
	// its sources rather than take the kernel's binary.
	nativeRebuildEnv = "GOFUTURES_NATIVE_REBUILD"
)

// nativeFiles is how a worker's sessions read the files of compiled code:
// fetch, without the plugins themselves when nativeRebuildEnv is set.
func nativeFiles(fetch func(ctx context.Context, name string) ([]byte, error)) func(ctx context.Context, name string) ([]byte, error) {
	if fetch == nil || os.Getenv(nativeRebuildEnv) != "1" {
		return fetch
	}
	return func(ctx context.Context, name string) ([]byte, error) {
		if !strings.HasSuffix(name, ".json") {
			return nil, fmt.Errorf("gofutures worker: %s=1: no plugin is taken from the kernel", nativeRebuildEnv)
		}
		return fetch(ctx, name)
	}
}
