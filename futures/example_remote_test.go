package futures_test

import (
	"context"
	"fmt"
	"sync"

	"github.com/gofutures/gofutures/futures"
)

// vault is an executor that keeps results outside the client, as a
// cluster's executor keeps them in the cluster: the client holds a
// futures.Stored, Result loads the value and releasing the future deletes
// it.
type vault struct {
	mu   sync.Mutex
	data map[string]any
	wg   sync.WaitGroup
}

func (v *vault) Workers() int { return 1 }
func (v *vault) Close()       { v.wg.Wait() }

func (v *vault) Start(q futures.Scheduler) {
	v.wg.Add(1)
	go func() {
		defer v.wg.Done()
		for {
			j, ok := q.Next(0)
			if !ok {
				return
			}
			// A remote executor would send j.Fn() and these arguments away.
			args := j.Args(func(key string, result any) any { return result.(*vaultValue).get() })
			fmt.Println("run", j.Func(), args, j.Context() != nil)
			o := j.Run()
			v.mu.Lock()
			v.data[j.Key()] = o.Value
			v.mu.Unlock()
			o.Stored = &vaultValue{v: v, key: j.Key(), typ: fmt.Sprintf("%T", o.Value)}
			q.Done(j, o)
		}
	}()
}

type vaultValue struct {
	v        *vault
	key, typ string
}

func (s *vaultValue) get() any {
	s.v.mu.Lock()
	defer s.v.mu.Unlock()
	return s.v.data[s.key]
}

func (s *vaultValue) Load(ctx context.Context) (any, error) { return s.get(), nil }
func (s *vaultValue) Type() string                          { return s.typ }
func (s *vaultValue) Release() {
	s.v.mu.Lock()
	delete(s.v.data, s.key)
	s.v.mu.Unlock()
}

func ExampleStored() {
	v := &vault{data: map[string]any{}}
	c := futures.NewClient(futures.WithExecutor(v))
	defer c.Close()
	double := func(x int) int { return 2 * x }
	a := c.Submit(double, 21, futures.Key("a"))
	b := c.Submit(double, a, futures.Key("b"))
	fmt.Println(b.Result())
	fmt.Println(b.Info().ResultType)
	a.Release()
	b.Release()
	v.mu.Lock()
	fmt.Println(len(v.data), "values kept")
	v.mu.Unlock()
	// Output:
	// run ExampleStored.func1 [21] true
	// run ExampleStored.func1 [42] true
	// 84 <nil>
	// int
	// 0 values kept
}
