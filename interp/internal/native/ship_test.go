package native

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestLoadOnAWorker loads a compiled cell's plugin, which uses an earlier
// compiled cell, into other caches through the files the kernel ships:
// the plugin itself when the host keys match, a rebuild from the records
// when the plugin cannot be had, and a clear refusal when the worker has
// no toolchain to rebuild with.
func TestLoadOnAWorker(t *testing.T) {
	b := builder(t)
	cells := &Cells{B: b}
	if _, err := cells.Compile(testCtx(t), CompileMarker+"\nfunc shipBase(n int) int { return n * 7 }\n", nil, nil); err != nil {
		t.Fatal(err)
	}
	c, err := cells.Compile(testCtx(t), CompileMarker+"\nfunc shipTop(n int) int { return shipBase(n) + 1 }\n", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	names, err := b.ShipFiles(c.Key)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) != 4 { // its record, plugin and types, and the record it depends on
		t.Errorf("ShipFiles(%s) = %v, want 4 files", c.Key, names)
	}
	if _, err := b.ShipFile("../../etc/passwd"); err == nil {
		t.Error("ShipFile read a file outside the plugins")
	}
	fetched := map[string]int{}
	kernel := func(noPlugins bool) Fetch {
		return func(ctx context.Context, name string) ([]byte, error) {
			fetched[name]++
			if noPlugins && !strings.HasSuffix(name, ".json") {
				return nil, os.ErrNotExist
			}
			return b.ShipFile(name)
		}
	}
	check := func(l *Loaded, how string) {
		t.Helper()
		if l.How != how || l.Package != c.Package || l.Name != "cell" {
			t.Errorf("loaded %+v, want %s of %s", l, how, c.Package)
		}
		fn, ok := l.Symbols[c.Package+"/cell"]["X_shipTop"].Interface().(func(int) int)
		if !ok || fn(2) != 15 {
			t.Errorf("X_shipTop from the %s plugin is %v", how, l.Symbols[c.Package+"/cell"]["X_shipTop"])
		}
	}

	t.Run("a worker of the same build takes the plugin", func(t *testing.T) {
		w := New(Config{Dir: t.TempDir()})
		l, err := w.Load(testCtx(t), c.Key, kernel(false))
		if err != nil {
			t.Fatal(err)
		}
		check(l, "shipped")
		l, err = w.Load(testCtx(t), c.Key, func(context.Context, string) ([]byte, error) {
			return nil, errors.New("fetched again")
		})
		if err != nil {
			t.Fatal(err)
		}
		check(l, "cached")
	})
	t.Run("a worker that cannot have the plugin builds it again", func(t *testing.T) {
		w := New(Config{Dir: t.TempDir()})
		l, err := w.Load(testCtx(t), c.Key, kernel(true))
		if err != nil {
			t.Fatal(err)
		}
		check(l, "rebuilt")
		if _, err := os.Stat(w.typesPath(c.Key)); err != nil {
			t.Errorf("no export data after the rebuild: %v", err)
		}
	})
	t.Run("a worker without a toolchain says so", func(t *testing.T) {
		w := New(Config{Dir: t.TempDir()})
		w.mu.Lock()
		err := w.initHost(testCtx(t))
		w.toolErr = ErrNoToolchain // as findTools reports it
		w.mu.Unlock()
		if err != nil {
			t.Fatal(err)
		}
		_, err = w.Load(testCtx(t), c.Key, kernel(true))
		if !errors.Is(err, ErrNoToolchain) || !strings.Contains(err.Error(), c.Key) {
			t.Errorf("err = %v, want ErrNoToolchain naming %s", err, c.Key)
		}
	})
}

func TestFetchRecordRefusesBadRecords(t *testing.T) {
	const key = "c0123456789abcdef0123"
	cases := []struct{ name, key, record, want string }{
		{"a key of another form", "../x", `{}`, "not a plugin key"},
		{"a record of another key", key, `{"key":"c00000000000000000000"}`, "is c00000000000000000000's"},
		{"a file outside the workspace", key, `{"key":"` + key + `","main":"m","files":{"../../x.go":"package x"}}`, "outside the workspace"},
		{"an absolute file", key, `{"key":"` + key + `","main":"m","files":{"/etc/x.go":"package x"}}`, "outside the workspace"},
		{"a main package outside the workspace", key, `{"key":"` + key + `","main":"../.."}`, "builds"},
		{"not JSON", key, `{`, "the record of plugin"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fetchRecord(context.Background(), func(context.Context, string) ([]byte, error) {
				return []byte(tc.record), nil
			}, tc.key)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want one with %q", err, tc.want)
			}
		})
	}
}
