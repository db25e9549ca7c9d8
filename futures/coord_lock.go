package futures

import (
	"context"
	"errors"
	"sync"
	"time"
)

// semState counts leases of a Lock (one lease) or a Semaphore.
type semState struct {
	mu      sync.Mutex
	max     int
	held    int
	changed signal
}

func (s *semState) acquire(ctx context.Context) error {
	for {
		s.mu.Lock()
		if s.held < s.max {
			s.held++
			s.mu.Unlock()
			return nil
		}
		ch := s.changed.wait()
		s.mu.Unlock()
		if err := block(ctx, ch); err != nil {
			return waitErr(err)
		}
	}
}

func (s *semState) release() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.held == 0 {
		return false
	}
	s.held--
	s.changed.notify()
	return true
}

func (c *Client) sem(m func(*coord) map[string]*semState, name string, n int) *semState {
	k := c.coordination()
	k.mu.Lock()
	defer k.mu.Unlock()
	s := m(k)[name]
	if s == nil {
		s = &semState{max: max(n, 1)}
		m(k)[name] = s
	}
	return s
}

// Lock is a mutual exclusion lock shared by name (Client.Lock), as Dask's
// distributed.Lock, and a sync.Locker. It belongs to no goroutine: any
// holder of a Lock of the same name may unlock it. Lock frees the calling
// task's worker slot while it waits.
type Lock struct {
	name string
	s    *semState
}

// Lock returns the lock called name, unlocked on first use.
func (c *Client) Lock(name string) *Lock {
	return &Lock{name: name, s: c.sem(func(k *coord) map[string]*semState { return k.locks }, name, 1)}
}

// Name returns the lock's name.
func (l *Lock) Name() string { return l.name }

// Lock waits until the lock is free and takes it.
func (l *Lock) Lock() { _ = l.s.acquire(context.Background()) }

// LockWithTimeout is Lock giving up after d; it reports whether it took the lock.
func (l *Lock) LockWithTimeout(d time.Duration) bool {
	ctx, cancel := timeoutContext(d)
	defer cancel()
	return l.s.acquire(ctx) == nil
}

// Unlock frees the lock. It panics if the lock is not locked, as
// sync.Mutex's does.
func (l *Lock) Unlock() {
	if !l.s.release() {
		panic("futures: unlock of unlocked Lock " + l.name)
	}
}

// Locked reports whether the lock is taken.
func (l *Lock) Locked() bool {
	l.s.mu.Lock()
	defer l.s.mu.Unlock()
	return l.s.held > 0
}

// ErrOverRelease is returned by Semaphore.Release when no lease is held.
var ErrOverRelease = errors.New("futures: semaphore released more often than acquired")

// Semaphore limits how many holders at once share a resource, by name
// (Client.Semaphore), as Dask's distributed.Semaphore. Acquire frees the
// calling task's worker slot while it waits.
type Semaphore struct {
	name string
	s    *semState
}

// Semaphore returns the semaphore called name with n leases (at least
// one). The first call for a name sets n; later ones share it.
func (c *Client) Semaphore(name string, n int) *Semaphore {
	return &Semaphore{name: name, s: c.sem(func(k *coord) map[string]*semState { return k.sems }, name, n)}
}

// Name returns the semaphore's name.
func (s *Semaphore) Name() string { return s.name }

// Acquire waits for a lease and takes it.
func (s *Semaphore) Acquire() { _ = s.s.acquire(context.Background()) }

// AcquireWithTimeout is Acquire giving up after d; it reports whether it
// took a lease.
func (s *Semaphore) AcquireWithTimeout(d time.Duration) bool {
	ctx, cancel := timeoutContext(d)
	defer cancel()
	return s.s.acquire(ctx) == nil
}

// Release gives a lease back; ErrOverRelease when none is held.
func (s *Semaphore) Release() error {
	if !s.s.release() {
		return ErrOverRelease
	}
	return nil
}

// Leases returns how many of the n leases are held.
func (s *Semaphore) Leases() int {
	s.s.mu.Lock()
	defer s.s.mu.Unlock()
	return s.s.held
}
