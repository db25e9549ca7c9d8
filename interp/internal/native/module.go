package native

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Module is a package fetched from the module proxy and loaded as a plugin.
type Module struct {
	Package string  // its import path
	Name    string  // its package name
	Module  string  // the module providing it
	Version string  // the module's version
	Key     string  // the plugin's content address (see Record)
	Symbols Symbols // its symbol table, for yaegi's Use
	Types   string  // file holding the compiler's export data of the package
	Cached  bool    // whether the plugin came from the cache
	Steps   Steps   // where the time went
}

// indexEntry maps a requested import (path and version, "" for the latest)
// to the plugin that answered it.
type indexEntry struct {
	Key, Package, Name, Module, Version string
}

// Import returns package importPath of module version (empty: the latest,
// or the one an earlier Import fetched) as a loaded plugin, fetching and
// building it if the cache has none. status receives one line per step
// ("fetching ...", "building ..."); it may be nil.
func (b *Builder) Import(ctx context.Context, importPath, version string, status func(string)) (*Module, error) {
	if status == nil {
		status = func(string) {}
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.init(ctx); err != nil {
		return nil, err
	}
	idx := filepath.Join(b.root, "index", b.hash(importPath, version)+".json")
	if m, err := b.fromIndex(idx, version); err == nil && b.wsVersions()[m.Module] == m.Version {
		return m, nil
	}
	unlock, err := lockDir(b.ws)
	if err != nil {
		return nil, err
	}
	defer unlock()
	if m, err := b.fromIndex(idx, version); err == nil { // another kernel built it meanwhile
		if b.wsVersions()[m.Module] != m.Version {
			// Later compiled cells build in the workspace: give it the
			// version this kernel loads.
			status("fetching " + m.Module + "@" + m.Version)
			if err := b.get(ctx, m.Module+"@"+m.Version); err != nil {
				return nil, err
			}
		}
		return m, nil
	}
	target := importPath
	if version != "" {
		target += "@" + version
	}
	// Without a version, a module the workspace has stays at its version:
	// plugins loaded already may hold its packages.
	var steps Steps
	list := func() ([]byte, error) {
		defer steps.add("go list", time.Now())
		return b.goRun(ctx, "list", "-f", "{{.Name}} {{.Module.Path}} {{.Module.Version}}", importPath)
	}
	var out []byte
	if version == "" {
		out, err = list()
	}
	if version != "" || err != nil {
		status("fetching " + target)
		t := time.Now()
		if err := b.get(ctx, target); err != nil {
			return nil, err
		}
		steps.add("go get", t)
		out, err = list()
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %s", ErrNoModule, importPath, strings.TrimSpace(string(out)))
	}
	f := strings.Fields(string(out))
	if len(f) != 3 {
		return nil, fmt.Errorf("native: go list %s printed %q", importPath, out)
	}
	m := &Module{Package: importPath, Name: f[0], Module: f[1], Version: f[2]}
	if m.Name == "main" {
		return nil, fmt.Errorf("native: %s is a command (package main), not a library", importPath)
	}
	m.Key = "m" + b.hash(importPath, m.Module, m.Version)
	if _, err := os.Stat(b.pluginPath(m.Key)); err != nil {
		status("generating the symbols of " + importPath)
		dir := filepath.Join("mods", m.Key)
		t := time.Now()
		if err := b.generate(ctx, importPath, filepath.Join(b.ws, dir)); err != nil {
			return nil, err
		}
		steps.add("symbols", t)
		status(fmt.Sprintf("building %s %s", importPath, m.Version))
		if err := b.build(ctx, importPath, dir, b.pluginPath(m.Key), &steps); err != nil {
			return nil, err
		}
		if err := b.writeRecord(ctx, &Record{Kind: "module", Key: m.Key, Package: importPath}, dir); err != nil {
			return nil, err
		}
	}
	status("loading " + importPath)
	// The type checker's export data needs a go command, plugin.Open
	// none: do both at once.
	typesDone := make(chan error, 1)
	var typesTook time.Duration
	go func() {
		t := time.Now()
		err := b.saveTypes(ctx, importPath, m.Key)
		typesTook = time.Since(t)
		typesDone <- err
	}()
	t := time.Now()
	_, m.Symbols, err = open(b.pluginPath(m.Key))
	steps.add("open", t)
	if terr := <-typesDone; terr != nil {
		return nil, terr
	}
	steps = append(steps, Step{Name: "types", Took: typesTook})
	if err != nil {
		return nil, err
	}
	m.Types = b.typesPath(m.Key)
	m.Steps = steps
	data, _ := json.Marshal(indexEntry{m.Key, m.Package, m.Name, m.Module, m.Version})
	_ = os.WriteFile(idx, data, 0o644)
	return m, nil
}

// fromIndex loads the plugin an index entry names. For an import without a
// version, the entry must name the version the workspace has now.
func (b *Builder) fromIndex(idx, version string) (*Module, error) {
	data, err := os.ReadFile(idx)
	if err != nil {
		return nil, err
	}
	var e indexEntry
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, err
	}
	for _, f := range []string{b.pluginPath(e.Key), b.typesPath(e.Key)} {
		if _, err := os.Stat(f); err != nil {
			return nil, err
		}
	}
	if version == "" && b.wsVersions()[e.Module] != e.Version {
		return nil, os.ErrNotExist
	}
	_, syms, err := open(b.pluginPath(e.Key))
	if err != nil {
		return nil, err
	}
	return &Module{Package: e.Package, Name: e.Name, Module: e.Module, Version: e.Version, Key: e.Key, Symbols: syms, Types: b.typesPath(e.Key), Cached: true}, nil
}

// get runs `go get target` in the workspace, and undoes it when the module
// would change the version of a module the kernel links.
func (b *Builder) get(ctx context.Context, target string) error {
	mod, sum := filepath.Join(b.ws, "go.mod"), filepath.Join(b.ws, "go.sum")
	oldMod, err := os.ReadFile(mod)
	if err != nil {
		return fmt.Errorf("native: %w", err)
	}
	oldSum, _ := os.ReadFile(sum)
	restore := func() {
		_ = os.WriteFile(mod, oldMod, 0o644)
		_ = os.WriteFile(sum, oldSum, 0o644)
	}
	out, err := b.goRun(ctx, "get", target)
	if err != nil {
		restore()
		if ctx.Err() != nil {
			return ctx.Err()
		}
		msg := strings.TrimSpace(string(out))
		for _, s := range []string{"no matching versions", "not available", "not found", "404", "410", "unrecognized import path", "cannot find module", "invalid version", "does not contain package", "malformed module path"} {
			if strings.Contains(msg, s) {
				return fmt.Errorf("%w: %s\n%s", ErrNoModule, target, msg)
			}
		}
		return fmt.Errorf("native: go get %s:\n%s", target, msg)
	}
	// go.mod lists every module the kernel links (goMod), so the versions
	// go get selected for them are there: no `go list -m all` needed.
	now := b.wsVersions()
	var conflicts []string
	for _, p := range sortedKeys(b.host.modules) {
		if v, ok := now[p]; ok && v != b.host.modules[p] {
			conflicts = append(conflicts, fmt.Sprintf("%s %s (the kernel links %s)", p, v, b.host.modules[p]))
		}
	}
	if len(conflicts) > 0 {
		restore()
		return fmt.Errorf("%w: %s needs\n  %s\nplugins must share the kernel's versions; pin an older version of it with //gofutures:require",
			ErrConflict, target, strings.Join(conflicts, "\n  "))
	}
	return nil
}

// IsNotExist reports whether err says a module or package does not exist.
func IsNotExist(err error) bool { return errors.Is(err, ErrNoModule) }
