package cluster

import (
	"bytes"
	"errors"
	"testing"

	"github.com/gofutures/gofutures/futures"
)

func TestLocalClusterRunsRegisteredFunctions(t *testing.T) {
	cl := newLocal(t, 2)
	c := cl.Client()
	if ws := cl.Workers(); len(ws) != 2 {
		t.Fatalf("Workers() = %v, want 2", ws)
	}
	t.Run("a chain of dependencies", func(t *testing.T) {
		f := c.Submit(fn("inc"), 0)
		for i := 0; i < 20; i++ {
			f = c.Submit(fn("inc"), f)
		}
		v, err := f.Result()
		if err != nil || v != 21 {
			t.Fatalf("got %v, %v; want 21", v, err)
		}
	})
	t.Run("a list of futures for a []int", func(t *testing.T) {
		fs := c.Map(fn("inc"), []int{1, 2, 3, 4})
		v, err := c.Submit(fn("sum"), fs).Result()
		if err != nil || v != 14 {
			t.Fatalf("got %v, %v; want 14", v, err)
		}
	})
	t.Run("gather", func(t *testing.T) {
		fs := c.Map(fn("add"), []int{1, 2, 3}, []int{10, 20, 30})
		vs, err := c.Gather(fs)
		if err != nil || len(vs) != 3 || vs[0] != 11 || vs[2] != 33 {
			t.Fatalf("got %v, %v", vs, err)
		}
	})
	t.Run("structs round-trip", func(t *testing.T) {
		v, err := c.Submit(fn("move"), point{1, 2, "a"}, 5).Result()
		if err != nil || v != (point{6, 2, "a"}) {
			t.Fatalf("got %#v, %v", v, err)
		}
	})
	t.Run("numbers convert to the parameter type", func(t *testing.T) {
		v, err := c.Submit(fn("scale"), 3, 0.5).Result()
		if err != nil || v != 1.5 {
			t.Fatalf("got %#v, %v", v, err)
		}
	})
	t.Run("a scattered value is sent with the task", func(t *testing.T) {
		s := c.Scatter("world")
		v, err := c.Submit(fn("hello"), s).Result()
		if err != nil || v != "hello world" {
			t.Fatalf("got %#v, %v", v, err)
		}
	})
	t.Run("a returned error", func(t *testing.T) {
		_, err := c.Submit(fn("fail"), 7).Result()
		wantErr(t, err, "fail 7")
		var re *RemoteError
		if !errors.As(err, &re) || re.Worker == "" {
			t.Fatalf("err = %#v, want a *RemoteError naming its worker", err)
		}
	})
	t.Run("a panic", func(t *testing.T) {
		f := c.Submit(fn("boom"), 1)
		_, err := f.Result()
		var pe *futures.PanicError
		if !errors.As(err, &pe) || pe.Value != "boom" {
			t.Fatalf("err = %#v, want a *futures.PanicError of boom", err)
		}
		if !bytes.Contains([]byte(f.Traceback()), []byte("panic(")) {
			t.Fatalf("traceback %q has no panic frame", f.Traceback())
		}
	})
	t.Run("an error fails dependents", func(t *testing.T) {
		_, err := c.Submit(fn("inc"), c.Submit(fn("fail"), 8)).Result()
		wantErr(t, err, "fail 8")
	})
	t.Run("an unregistered function fails clearly", func(t *testing.T) {
		_, err := c.Submit(unregistered, 1).Result()
		if !errors.Is(err, ErrNotRemote) {
			t.Fatalf("err = %v, want ErrNotRemote", err)
		}
	})
	t.Run("large results go through the object store", func(t *testing.T) {
		f := c.Submit(fn("big"), 1<<20)
		v, err := f.Result()
		if err != nil || len(v.([]byte)) != 1<<20 {
			t.Fatalf("got %d bytes, %v", len(v.([]byte)), err)
		}
		n, err := c.Submit(func(b []byte) int { return len(b) }, f).Result()
		_ = n
		if !errors.Is(err, ErrNotRemote) {
			t.Fatalf("err = %v", err)
		}
	})
}
