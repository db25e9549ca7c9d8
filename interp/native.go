package interp

import (
	"context"
	"errors"
	"fmt"
	"go/parser"
	"go/token"
	"io"
	"log/slog"
	"os"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/exports"
	"github.com/gofutures/gofutures/interp/internal/native"
	"github.com/gofutures/gofutures/interp/internal/rt"
)

// Native code (interp/internal/native): a cell's import of a package that
// no symbol table provides fetches its module and loads it as a plugin,
// and a cell whose first line is //gofutures:compile is compiled into one;
// the session then runs, in its place, interpreted declarations that call
// the compiled code (the cell's "bridge"). A //gofutures:require line pins
// the version of a module for later imports.

// nativeState is the session's side of native code; its fields are used
// by the running cell only, under s.mu.
type nativeState struct {
	b      *native.Builder // the session's; nil: native code is off
	cells  *native.Cells
	ctx    context.Context           // of the running cell
	sink   display.Sink              // of the running cell
	pins   map[string]string         // module -> version, from //gofutures:require
	used   map[string]bool           // import paths whose tables this session's interpreter has
	steps  native.Steps              // where the last compiled cell's time went, for benchmarks
	cell   *native.Compiled          // the running cell's, when it is a compiled cell
	images map[string][]reflect.Type // the types compiled cells assert, by text (native_images.go)
	fetch  native.Fetch              // a worker's: reads the files a kernel shared (Options.NativeFiles)
	ship   map[string]string         // a worker's: import path -> plugin key, from //gofutures:plugin lines
}

// plugins is the one process-wide piece of native code: the packages this
// process loaded from plugins, by import path, with their tables and the
// files of their export data for the type checker. A plugin, once opened,
// belongs to the process (it cannot be unloaded, and its path cannot load
// again), so every session sees the same package at that path; a session
// uses one only after its own Builder has asked for it (nativeState.used).
// The Builders and caches are each session's own.
var plugins sync.Map // import path -> pluginPkg

// pluginPkg is a package loaded from a plugin.
type pluginPkg struct {
	info  pkgInfo
	types string // file holding the compiler's export data
}

// registerPlugin records package p of a plugin this process loaded.
func registerPlugin(p string, info pkgInfo, types string) {
	plugins.Store(p, pluginPkg{info: info, types: types})
}

// exportData returns the compiler's export data of the package at path:
// a plugin's, else a bundled package's.
func exportData(path string) (io.ReadCloser, error) {
	if v, ok := plugins.Load(path); ok {
		return os.Open(v.(pluginPkg).types)
	}
	return exports.ExportData(path)
}

// newNative returns the native state of a session whose cache is dir,
// with its own Builder. Builders of one cache, in this process or
// others, serialize their changes to it with a file lock.
func newNative(dir string, off bool, fetch native.Fetch, log *slog.Logger) nativeState {
	if off {
		return nativeState{}
	}
	b := native.New(native.Config{Dir: dir, Logger: log})
	return nativeState{b: b, cells: &native.Cells{B: b, Flag: rt.FlagP, Check: rt.Check}, pins: map[string]string{}, used: map[string]bool{},
		fetch: fetch, ship: map[string]string{}}
}

// requireLine is a version pin: //gofutures:require module version.
var requireLine = regexp.MustCompile(`(?m)^[ \t]*//gofutures:require[ \t]+(\S+)[ \t]+(\S+)[ \t]*$`)

// beginNative records the cell's version pins and, for a compiled cell,
// compiles it and returns its bridge, the source the session runs instead;
// the caller holds s.mu.
func (s *Session) beginNative(ctx context.Context, code string, out display.Sink) (string, error) {
	s.nat.ctx, s.nat.sink, s.nat.cell = ctx, out, nil
	for _, m := range requireLine.FindAllStringSubmatch(code, -1) {
		s.nat.pins[m[1]] = m[2]
	}
	if s.nat.fetch != nil {
		for _, m := range pluginLine.FindAllStringSubmatch(code, -1) {
			s.nat.ship[m[1]] = m[2]
		}
	}
	if !native.IsCompiled(code) {
		return code, nil
	}
	if s.nat.b == nil {
		return "", &Error{Kind: CompileError, Msg: "compiled cells are off in this session"}
	}
	// Import the cell's modules first: that applies the version pins, and
	// the bridge needs their tables.
	t0 := time.Now()
	if f, err := parser.ParseFile(token.NewFileSet(), "", "package cell\n"+code, parser.ImportsOnly); err == nil {
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if knownPackage(p) == "" {
				if _, err := s.importNative(p); err != nil {
					return "", nativeError(ctx, err)
				}
			}
		}
	}
	imports := time.Since(t0)
	st := newStatus(out)
	resume := s.tierYield() // tier.go: the cell's build goes first
	c, err := s.nat.cells.Compile(ctx, code, s.isInterpreted, st.line)
	resume()
	if err != nil {
		st.failed("could not compile the cell")
		return "", nativeError(ctx, err)
	}
	t1 := time.Now()
	defer func() {
		s.nat.steps = append(native.Steps{{Name: "imports", Took: imports}}, c.Steps...)
		s.nat.steps = append(s.nat.steps, native.Step{Name: "use", Took: time.Since(t1)})
	}()
	if err := s.useCompiled(c); err != nil {
		st.failed("could not load the cell")
		return "", &Error{Kind: CompileError, Msg: err.Error()}
	}
	s.nat.cell = c
	msg := "compiled the cell"
	if c.Cached {
		msg = "loaded the compiled cell"
	}
	if os.Getenv("GOFUTURES_NATIVE_TRACE") != "" { // benchmarks: where the time went
		msg += " [" + c.Steps.String() + "]"
	}
	st.done(msg)
	return c.Bridge, nil
}

// useCompiled gives the interpreter the table of compiled cell c; the
// caller holds s.mu.
func (s *Session) useCompiled(c *native.Compiled) error {
	s.boundaries(c)
	if err := s.yi.Use(c.Symbols); err != nil {
		return err
	}
	registerPlugin(c.Package, pkgInfo{name: "cell", table: c.Symbols[c.Package+"/cell"]}, c.Types)
	s.nat.used[c.Package] = true
	s.notePlugin(c.Package, c.Key)
	return nil
}

// isInterpreted reports whether name is the user's and declared by an
// interpreted cell rather than by a compiled cell's bridge.
func (s *Session) isInterpreted(name string) bool {
	src, ok := s.Source(name)
	return ok && !strings.Contains(src, ".X_"+name)
}

// importNative loads package p from a plugin, fetching and building its
// module when the cache has none, and returns its name; "" with a nil
// error when native code cannot provide it. The caller holds s.mu.
func (s *Session) importNative(p string) (string, error) {
	if s.nat.b == nil || isStdlib(p) {
		return "", nil
	}
	if info, ok := nativeInfo(p); ok && s.nat.used[p] {
		return info.name, nil
	}
	if key, ok := s.nat.ship[p]; ok {
		return s.loadShipped(p, key)
	}
	version := ""
	for mod, v := range s.nat.pins {
		if (p == mod || strings.HasPrefix(p, mod+"/")) && len(mod) >= len(version) {
			version = v
		}
	}
	ctx := s.cellCtx()
	st := newStatus(s.nat.sink)
	resume := s.tierYield() // tier.go: the cell's import goes first
	m, err := s.nat.b.Import(ctx, p, version, st.line)
	resume()
	if err != nil {
		st.failed("could not import " + p)
		if native.IsNotExist(err) {
			return "", errors.New(unfetchableImport(p))
		}
		return "", err
	}
	if p == m.Module {
		st.done(fmt.Sprintf("imported %s %s", p, m.Version))
	} else {
		st.done(fmt.Sprintf("imported %s (%s %s)", p, m.Module, m.Version))
	}
	if err := s.yi.Use(m.Symbols); err != nil {
		return "", err
	}
	registerPlugin(p, pkgInfo{name: m.Name, table: m.Symbols[p+"/"+m.Name]}, m.Types)
	s.nat.used[p] = true
	s.notePlugin(p, m.Key)
	return m.Name, nil
}

// cellCtx is the running cell's context, for native work.
func (s *Session) cellCtx() context.Context {
	if s.nat.ctx == nil {
		return context.Background()
	}
	return s.nat.ctx
}

// WarmNative builds, at low priority, a small compiled cell and the
// symbol generator of module imports with the cache in dir (empty: the
// default, os.UserCacheDir()/gofutures/native), so that the Go build
// cache holds the runtime and the packages every plugin links built in
// plugin mode (about 40 s of CPU on a 2-core machine the first time), and
// the first compiled cell only compiles its own package and links. It
// returns an error saying what is missing when this machine cannot build
// plugins.
func WarmNative(ctx context.Context, dir string) error {
	return native.New(native.Config{Dir: dir}).Warm(ctx)
}

// nativeInfo returns what a plugin loaded in this process provides at
// import path p.
func nativeInfo(p string) (pkgInfo, bool) {
	v, ok := plugins.Load(p)
	if !ok {
		return pkgInfo{}, false
	}
	return v.(pluginPkg).info, true
}

// nativeError is a native failure as the cell's error.
func nativeError(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return &Error{Kind: Interrupted, Msg: "interrupted"}
	}
	var be *native.BuildError
	if errors.As(err, &be) {
		return &Error{Kind: CompileError, Msg: be.Output}
	}
	return &Error{Kind: CompileError, Msg: err.Error()}
}
