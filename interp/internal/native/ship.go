package native

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"
)

// Plugins on cluster workers. A kernel shares, for each plugin a task's
// declarations import, files named by the plugin's key (ShipFiles): its
// Record (KEY.json), the plugin (KEY.so), its export data (KEY.types), and
// the records of the cell plugins it depends on. A worker's Load takes
// the plugin itself when the record's host key is the worker's own (same
// Go version, GOOS/GOARCH, flags and kernel modules: the same program),
// and otherwise builds it again from the records with its own toolchain.
// Either way the plugin lands in the worker's cache under its key, so the
// next task that needs it opens it from there, or finds it open.

// Fetch reads a file a kernel shared with workers, by name.
type Fetch func(ctx context.Context, name string) ([]byte, error)

// shipName is the form of the files ShipFile serves: a plugin key and a
// suffix; nothing else of the cache can be read through it.
var shipName = regexp.MustCompile(`^[cm][0-9a-f]{20}\.(json|so|types)$`)

// ShipFiles returns the names of the files a worker may need to load the
// plugin key: its record, the plugin and its export data, and the records
// of the plugins it depends on, recursively.
func (b *Builder) ShipFiles(key string) ([]string, error) {
	var names []string
	seen := map[string]bool{}
	var walk func(k string, top bool) error
	walk = func(k string, top bool) error {
		if seen[k] {
			return nil
		}
		seen[k] = true
		r, err := b.ReadRecord(k)
		if err != nil {
			return err
		}
		names = append(names, k+".json")
		if top {
			names = append(names, k+".so", k+".types")
		}
		for _, d := range r.DependsOn {
			if err := walk(d, false); err != nil {
				return err
			}
		}
		return nil
	}
	return names, walk(key, true)
}

// ShipFile reads one of the files ShipFiles names.
func (b *Builder) ShipFile(name string) ([]byte, error) {
	if !shipName.MatchString(name) {
		return nil, fmt.Errorf("native: %q is not a file of the plugin cache", name)
	}
	return os.ReadFile(filepath.Join(b.root, "plugins", name))
}

// Loaded is a plugin Load made ready in this process.
type Loaded struct {
	Key     string
	Package string  // the import path it provides
	Name    string  // that package's name
	Symbols Symbols // its symbol table, for yaegi's Use
	Types   string  // file holding the compiler's export data of Package
	How     string  // "cached", "shipped" (the kernel's plugin) or "rebuilt"
	Steps   Steps
}

// Load makes the plugin key ready in this process, from this cache or
// from the files fetch reads (a kernel's, see ShipFiles): the kernel's
// plugin when the record's host key is this process's, else a rebuild
// from the record and those it depends on (Rebuild), which needs the Go
// toolchain of the record. An error names the plugin and why it could not
// be had; a build's is a *BuildError with the compiler's output.
func (b *Builder) Load(ctx context.Context, key string, fetch Fetch) (*Loaded, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.initHost(ctx); err != nil {
		return nil, err
	}
	var steps Steps
	t := time.Now()
	r, err := b.ReadRecord(key)
	how := "cached"
	if err != nil || !b.have(key) {
		if r, err = fetchRecord(ctx, fetch, key); err != nil {
			return nil, err
		}
		steps.add("record", t)
		how, err = b.obtain(ctx, r, fetch, &steps)
		if err != nil {
			return nil, err
		}
	}
	t = time.Now()
	_, syms, err := open(b.pluginPath(key))
	steps.add("open", t)
	if err != nil {
		return nil, fmt.Errorf("native: plugin %s (%s): %w", key, r.Package, err)
	}
	l := &Loaded{Key: key, Package: r.Package, Symbols: syms, Types: b.typesPath(key), How: how, Steps: steps}
	for k := range syms {
		if name, ok := strings.CutPrefix(k, r.Package+"/"); ok && !strings.Contains(name, "/") {
			l.Name = name
		}
	}
	if l.Name == "" {
		return nil, fmt.Errorf("native: plugin %s has no table of %s", key, r.Package)
	}
	return l, nil
}

// have reports whether the cache holds plugin key and its export data.
func (b *Builder) have(key string) bool {
	for _, f := range []string{b.pluginPath(key), b.typesPath(key)} {
		if _, err := os.Stat(f); err != nil {
			return false
		}
	}
	return true
}

// obtain puts the plugin of r in the cache: the kernel's when it was built
// for this host key and can be fetched, else built again; the caller holds
// b.mu.
func (b *Builder) obtain(ctx context.Context, r *Record, fetch Fetch, steps *Steps) (string, error) {
	t := time.Now()
	what := fmt.Sprintf("plugin %s (%s %s)", r.Key, r.Kind, r.Package)
	why := fmt.Sprintf("was built by another build of the kernel (%s, host key %s; this worker: %s, %s)", r.GoVersion, r.Host, b.host.goVersion, b.host.key)
	if r.Host == b.host.key {
		err := b.take(ctx, r, fetch)
		if err == nil {
			steps.add("fetch plugin", t)
			return "shipped", nil
		}
		b.log.Debug("native: taking the kernel's plugin", "key", r.Key, "err", err)
		why = fmt.Sprintf("could not be taken from the kernel (%v)", err)
	}
	if b.toolErr != nil {
		return "", fmt.Errorf("native: %s %s, and this worker cannot build it: %w", what, why, b.toolErr)
	}
	unlock, err := lockDir(b.ws)
	if err != nil {
		return "", err
	}
	defer unlock()
	records := func(k string) (*Record, error) { return fetchRecord(ctx, fetch, k) }
	if _, err := b.rebuild(ctx, r, records, map[string]bool{}); err != nil {
		return "", fmt.Errorf("native: building %s again on this worker: %w", what, err)
	}
	if err := b.saveTypes(ctx, r.Package, r.Key); err != nil {
		return "", fmt.Errorf("native: building %s again on this worker: %w", what, err)
	}
	steps.add("rebuild", t)
	return "rebuilt", nil
}

// take writes the kernel's plugin of r and its export data to the cache.
func (b *Builder) take(ctx context.Context, r *Record, fetch Fetch) error {
	for _, f := range []struct{ name, path string }{
		{r.Key + ".types", b.typesPath(r.Key)},
		{r.Key + ".so", b.pluginPath(r.Key)},
	} {
		data, err := fetch(ctx, f.name)
		if err != nil {
			return err
		}
		if err := writeAtomic(f.path, data); err != nil {
			return err
		}
	}
	return b.writeRecordAs(r)
}

// fetchRecord fetches and checks the record of plugin key.
func fetchRecord(ctx context.Context, fetch Fetch, key string) (*Record, error) {
	if !shipName.MatchString(key + ".json") {
		return nil, fmt.Errorf("native: %q is not a plugin key", key)
	}
	data, err := fetch(ctx, key+".json")
	if err != nil {
		return nil, fmt.Errorf("native: fetching the record of plugin %s: %w", key, err)
	}
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("native: the record of plugin %s: %w", key, err)
	}
	if r.Key != key {
		return nil, fmt.Errorf("native: the record fetched for plugin %s is %s's", key, r.Key)
	}
	for name := range r.Files {
		if !inWorkspace(name) {
			return nil, fmt.Errorf("native: the record of plugin %s names the file %q, outside the workspace", key, name)
		}
	}
	if !inWorkspace(r.Main) {
		return nil, fmt.Errorf("native: the record of plugin %s builds %q, outside the workspace", key, r.Main)
	}
	return &r, nil
}

// inWorkspace reports whether the relative path name stays inside the
// workspace.
func inWorkspace(name string) bool {
	return name != "" && !filepath.IsAbs(name) && filepath.IsLocal(name)
}

// writeAtomic writes data to path through a temporary file in its
// directory, so that no process sees a part of it.
func writeAtomic(path string, data []byte) error {
	f, err := os.CreateTemp(filepath.Dir(path), filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("native: %w", err)
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), path)
	}
	if err != nil {
		os.Remove(f.Name())
		return fmt.Errorf("native: %w", err)
	}
	return nil
}
