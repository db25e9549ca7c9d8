package native

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// Rebuild makes in this cache the plugin a Record describes, as a worker
// on another machine does with the records a kernel sends it: it builds
// the plugins of the records r depends on first (records returns them by
// key), brings the workspace to r's module versions, writes r's files and
// builds r.Main with this process's flags. It returns the plugin's path;
// a plugin the cache has already is not built again. The toolchain must be
// the record's.
func (b *Builder) Rebuild(ctx context.Context, r *Record, records func(key string) (*Record, error)) (string, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.init(ctx); err != nil {
		return "", err
	}
	unlock, err := lockDir(b.ws)
	if err != nil {
		return "", err
	}
	defer unlock()
	return b.rebuild(ctx, r, records, map[string]bool{})
}

func (b *Builder) rebuild(ctx context.Context, r *Record, records func(string) (*Record, error), seen map[string]bool) (string, error) {
	out := b.pluginPath(r.Key)
	if seen[r.Key] {
		return out, nil
	}
	seen[r.Key] = true
	if r.GoVersion != runtime.Version() {
		return "", fmt.Errorf("%w: plugin %s was made with %s, this process runs %s", ErrNoToolchain, r.Key, r.GoVersion, runtime.Version())
	}
	for _, dep := range r.DependsOn {
		d, err := records(dep)
		if err != nil {
			return "", fmt.Errorf("native: record %s, which %s depends on: %w", dep, r.Key, err)
		}
		if _, err := b.rebuild(ctx, d, records, seen); err != nil {
			return "", err
		}
	}
	if _, err := os.Stat(out); err == nil {
		return out, nil
	}
	have := b.wsVersions()
	for _, m := range sortedKeys(r.Requires) {
		if have[m] != r.Requires[m] {
			if err := b.get(ctx, m+"@"+r.Requires[m]); err != nil {
				return "", err
			}
		}
	}
	for name, src := range r.Files {
		if err := writeFiles(filepath.Join(b.ws, filepath.Dir(name)), map[string]string{filepath.Base(name): src}); err != nil {
			return "", err
		}
	}
	if err := b.build(ctx, r.Package, r.Main, out, nil); err != nil {
		return "", err
	}
	copied := *r
	copied.Flags, copied.Host = b.host.flags, b.host.key
	if err := b.writeRecordAs(&copied); err != nil {
		return "", err
	}
	return out, nil
}
