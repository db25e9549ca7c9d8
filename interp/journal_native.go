package interp

import (
	"errors"
	"fmt"
	"regexp"
	"sort"

	"github.com/gofutures/gofutures/interp/internal/native"
)

// Compiled code in journals. A journal (journal.go) that imports a
// package a plugin provides, a module's or a compiled cell's (whose
// bridge functions call into it), names the plugin's key on a line
//
//	//gofutures:plugin IMPORTPATH KEY
//
// and the session, as a cluster.JournalFiles, gives the client the files
// of each key (native.Builder.ShipFiles: records, the plugin, its export
// data), which the client puts in the cluster once. A worker's session
// (Options.NativeFiles set) reads those lines, and its import of the path
// loads that plugin (native.Builder.Load): the kernel's own when the
// worker is the same build, else built again from the record's sources by
// the worker's toolchain, and kept in the worker's cache by key. A worker
// that can do neither fails the tasks of that journal with the reason.

// pluginLine names the plugin that provides an import of a journal.
var pluginLine = regexp.MustCompile(`(?m)^//gofutures:plugin[ \t]+(\S+)[ \t]+([cm][0-9a-f]+)[ \t]*$`)

// notePlugin records that the plugin key provides the import path p, for
// journals; the caller holds s.mu.
func (s *Session) notePlugin(p, key string) {
	s.meta.Lock()
	defer s.meta.Unlock()
	if s.pluginKeys == nil {
		s.pluginKeys = map[string]string{}
	}
	s.pluginKeys[p] = key
}

// pluginHeader returns the //gofutures:plugin lines of the import paths
// paths that plugins provide.
func (s *Session) pluginHeader(paths []string) string {
	s.meta.Lock()
	defer s.meta.Unlock()
	out := ""
	for _, p := range paths {
		if key := s.pluginKeys[p]; key != "" {
			out += fmt.Sprintf("//gofutures:plugin %s %s\n", p, key)
		}
	}
	return out
}

// JournalFiles returns the names of the files of the plugins the journal
// source names (cluster.JournalFiles).
func (s *Session) JournalFiles(source string) ([]string, error) {
	var names []string
	for _, m := range pluginLine.FindAllStringSubmatch(source, -1) {
		if s.nat.b == nil {
			return nil, errors.New("interp: native code is off in this session")
		}
		fs, err := s.nat.b.ShipFiles(m[2])
		if err != nil {
			return nil, fmt.Errorf("interp: the compiled code of %s: %w", m[1], err)
		}
		names = append(names, fs...)
	}
	sort.Strings(names)
	return names, nil
}

// JournalFile returns the file name of JournalFiles (cluster.JournalFiles).
func (s *Session) JournalFile(name string) ([]byte, error) {
	if s.nat.b == nil {
		return nil, errors.New("interp: native code is off in this session")
	}
	return s.nat.b.ShipFile(name)
}

// loadShipped loads, on a worker, the plugin key a journal names for the
// import path p, and returns the package's name; the caller holds s.mu.
func (s *Session) loadShipped(p, key string) (string, error) {
	if s.nat.fetch == nil {
		return "", fmt.Errorf("interp: %s is compiled code (plugin %s), and this session reads no files from a kernel", p, key)
	}
	l, err := s.nat.b.Load(s.cellCtx(), key, s.nat.fetch)
	if err != nil {
		var be *native.BuildError
		if errors.As(err, &be) {
			return "", fmt.Errorf("this worker could not build %s (plugin %s): %w", p, key, err)
		}
		return "", fmt.Errorf("this worker could not load %s (plugin %s): %w", p, key, err)
	}
	if l.Package != p {
		return "", fmt.Errorf("interp: plugin %s provides %s, not %s", key, l.Package, p)
	}
	if err := s.yi.Use(l.Symbols); err != nil {
		return "", err
	}
	registerPlugin(p, pkgInfo{name: l.Name, table: l.Symbols[p+"/"+l.Name]}, l.Types)
	s.nat.used[p] = true
	s.log.Debug("interp: plugin for a journal", "path", p, "key", key, "how", l.How, "steps", l.Steps.String())
	return l.Name, nil
}
