package main

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/gofutures/gofutures/interp"
)

// TestClusterSessionNative runs, on worker processes of clusters started
// from cells (this test binary is the workers' program, see TestMain),
// a compiled cell's function, an interpreted function calling it, and an
// interpreted function calling into a module the cells imported: on a
// worker of the same build, which takes the kernel's plugins; on one told
// to build them again from their sources; and on one told so whose
// toolchain is refused, where just those tasks fail, saying why, and an
// interpreted task still runs. Each worker has a plugin cache of its own.
func TestClusterSessionNative(t *testing.T) {
	if testing.Short() {
		t.Skip("starts worker processes and builds plugins")
	}
	exec, value := cellSession(t, interp.Options{NoTier: true}, 10*time.Minute)
	exec(`//gofutures:compile
func sumSquares(n int) int {
	s := 0
	for i := 0; i < n; i++ {
		s += i * i
	}
	return s
}`)
	exec(`//gofutures:require github.com/dustin/go-humanize v1.0.1
import (
	"os"
	"github.com/dustin/go-humanize"
	"github.com/gofutures/gofutures/futures/cluster"
)
func size(n int) string { return humanize.Bytes(uint64(n)) }
func plusOne(n int) int { return sumSquares(n) + 1 }
func pid(int) int { return os.Getpid() }`)

	calls := []struct{ call, local string }{
		{"c.Submit(sumSquares, 1000)", "sumSquares(1000)"},
		{"c.Submit(plusOne, 10)", "plusOne(10)"},
		{"c.Submit(size, 123456789)", "size(123456789)"},
	}
	// start starts a cluster of one worker with the environment env, and
	// returns its plugin cache.
	n := 0
	start := func(t *testing.T, env ...string) string {
		t.Helper()
		n++
		cache := t.TempDir()
		t.Setenv(nativeCacheEnv, cache)
		for i := 0; i+1 < len(env); i += 2 {
			t.Setenv(env[i], env[i+1])
		}
		exec(fmt.Sprintf(`cl%d, clErr%d := cluster.NewLocal(1)
c := cl%[1]d.Client()`, n, n))
		if e := value(fmt.Sprint("clErr", n)); e != nil {
			t.Fatal(e)
		}
		t.Cleanup(func() { exec(fmt.Sprintf("cl%d.Close()", n)) })
		return cache
	}
	run := func(t *testing.T) {
		t.Helper()
		for i, tc := range calls {
			exec(fmt.Sprintf("got%d, err%d := %s.Result()\nwant%d := any(%s)", i, i, tc.call, i, tc.local))
			if e := value(fmt.Sprint("err", i)); e != nil {
				t.Errorf("%s: %v", tc.call, e)
				continue
			}
			if got, want := value(fmt.Sprint("got", i)), value(fmt.Sprint("want", i)); !reflect.DeepEqual(got, want) {
				t.Errorf("%s = %#v on the worker, %#v in the kernel", tc.call, got, want)
			}
		}
		exec(`remote, _ := c.Submit(pid, 1).Result()`)
		if p := value("remote"); p == os.Getpid() {
			t.Fatalf("the task ran in the kernel's process (pid %v)", p)
		}
	}
	plugins := func(t *testing.T, cache, glob string) []string {
		t.Helper()
		m, _ := filepath.Glob(filepath.Join(cache, "*", glob))
		return m
	}

	t.Run("a worker of the same build takes the kernel's plugins", func(t *testing.T) {
		cache := start(t)
		run(t)
		if got := plugins(t, cache, "plugins/*.so"); len(got) != 2 {
			t.Errorf("the worker's cache holds the plugins %v, want the compiled cell's and the module's", got)
		}
		if got := plugins(t, cache, "ws/cells/*"); len(got) != 0 {
			t.Errorf("the worker built %v, where it could take the kernel's plugins", got)
		}
	})
	t.Run("a worker told to build them does, from their sources", func(t *testing.T) {
		cache := start(t, nativeRebuildEnv, "1")
		run(t)
		if got := plugins(t, cache, "ws/cells/*"); len(got) != 1 {
			t.Errorf("the worker's workspace has the cells %v, want the compiled cell's", got)
		}
		if got := plugins(t, cache, "plugins/m*.so"); len(got) != 1 {
			t.Errorf("the worker's cache has the module plugins %v, want humanize's", got)
		}
	})
	t.Run("a worker that must build with a refused toolchain fails just those tasks", func(t *testing.T) {
		bin := t.TempDir()
		fake := "#!/bin/sh\necho go1.0-refused\necho gcc\necho 1\n"
		if err := os.WriteFile(filepath.Join(bin, "go"), []byte(fake), 0o755); err != nil {
			t.Fatal(err)
		}
		// A worker of the kernel's build needs no toolchain for the
		// kernel's plugins: this one is made to build them.
		start(t, nativeRebuildEnv, "1", "PATH", bin+string(os.PathListSeparator)+os.Getenv("PATH"))
		// Other arguments than before: equal calls share a key, and a result.
		for i, call := range []string{"c.Submit(sumSquares, 7)", "c.Submit(plusOne, 7)", "c.Submit(size, 7)"} {
			exec(fmt.Sprintf("_, failed%d := %s.Result()", i, call))
			e, _ := value(fmt.Sprint("failed", i)).(error)
			if i == 0 {
				t.Log(e)
			}
			if e == nil || !strings.Contains(e.Error(), "go1.0-refused") || !strings.Contains(e.Error(), "cannot build") {
				t.Errorf("%s: err = %v, want one saying the worker cannot build the plugin with go1.0-refused", call, e)
			}
		}
		exec(`stillRemote, stillErr := c.Submit(pid, 2).Result()`)
		if e := value("stillErr"); e != nil {
			t.Errorf("an interpreted task on that worker: %v", e)
		} else if value("stillRemote") == os.Getpid() {
			t.Error("the interpreted task ran in the kernel's process")
		}
	})
}
