package native

import (
	"errors"
	"reflect"
	"strings"
	"testing"

	_ "github.com/google/uuid" // a module this test links, at the kernel's v1.6.0
)

// humanize is a small tagged module the kernel does not link.
const humanize = "github.com/dustin/go-humanize"

func TestImportFetchesBuildsAndCaches(t *testing.T) {
	b := builder(t)
	var steps []string
	m, err := b.Import(testCtx(t), humanize, "v1.0.1", func(s string) { steps = append(steps, s) })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("steps: %q", steps)
	if m.Name != "humanize" || m.Module != humanize || m.Version != "v1.0.1" {
		t.Errorf("got %+v", m)
	}
	f := m.Symbols[humanize+"/humanize"]["Bytes"]
	if !f.IsValid() {
		t.Fatalf("no Bytes in %v", m.Symbols)
	}
	if got := f.Call([]reflect.Value{reflect.ValueOf(uint64(82854982))})[0].String(); got != "83 MB" {
		t.Errorf("Bytes(82854982) = %q, want 83 MB", got)
	}
	again, err := b.Import(testCtx(t), humanize, "v1.0.1", func(s string) { t.Errorf("a cached import reported %q", s) })
	if err != nil {
		t.Fatal(err)
	}
	if !again.Cached || again.Key != m.Key {
		t.Errorf("second import: cached %v key %s, want the cached %s", again.Cached, again.Key, m.Key)
	}
	r, err := b.ReadRecord(m.Key)
	if err != nil {
		t.Fatal(err)
	}
	if r.Kind != "module" || r.Requires[humanize] != "v1.0.1" || r.Host == "" || r.Files[r.Main+"/symbols.go"] == "" {
		t.Errorf("record %+v", r)
	}
}

func TestImportErrors(t *testing.T) {
	b := builder(t)
	for _, tc := range []struct {
		desc, path, version string
		is                  error
		msg                 string
	}{
		{"a module that does not exist", "github.com/gofutures/no-such-module-here", "", ErrNoModule, "no-such-module-here"},
		{"a version that does not exist", humanize, "v9.9.9", ErrNoModule, "v9.9.9"},
		{"a version conflicting with the kernel's", "github.com/google/uuid", "v1.5.0", ErrConflict, "the kernel links"},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			_, err := b.Import(testCtx(t), tc.path, tc.version, nil)
			if !errors.Is(err, tc.is) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("got %v, want %v mentioning %q", err, tc.is, tc.msg)
			}
		})
	}
}
