package native

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"
)

// Config configures a Builder. The zero value is ready to use.
type Config struct {
	// Dir is the cache's root (default: os.UserCacheDir()/gofutures/native).
	Dir string
	// Logger receives the go commands run and their timing (nil discards).
	Logger *slog.Logger
}

// Builder fetches modules, builds plugins and keeps them in the cache. It
// is safe for concurrent use; builds are serialized, within the process by
// a mutex and across processes by a lock on the workspace.
type Builder struct {
	cfg Config
	log *slog.Logger

	mu      sync.Mutex // serializes workspace changes and builds
	initErr error
	inited  bool
	goCmd   string
	host    *host
	root    string // Dir/<host key>
	ws      string // root/ws, the workspace module
}

// layout names the form of what the cache holds; changing the generated
// files changes it, so that no plugin of an older form is reused.
const layout = "v2"

// wsModule is the module path of the workspace; its packages never leave it.
const wsModule = "gofutures.local/ws"

// New returns a Builder; nothing is checked or written before its first use.
func New(cfg Config) *Builder {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Builder{cfg: cfg, log: cfg.Logger}
}

// Check reports whether this process can build and load plugins, with an
// error saying what is missing.
func (b *Builder) Check(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.init(ctx)
}

// init finds the toolchain and prepares the workspace once; the caller
// holds b.mu. A failure is kept: the machine will not change under us.
func (b *Builder) init(ctx context.Context) error {
	if b.inited {
		return b.initErr
	}
	b.initErr = b.setup(ctx)
	b.inited = b.initErr == nil || ctx.Err() == nil
	return b.initErr
}

func (b *Builder) setup(ctx context.Context) error {
	switch runtime.GOOS {
	case "linux", "darwin", "freebsd":
	default:
		return fmt.Errorf("%w: package plugin does not support %s", ErrUnsupported, runtime.GOOS)
	}
	goCmd, err := findTools(ctx)
	if err != nil {
		return err
	}
	wd, _ := os.Getwd()
	h, err := readHost(ctx, goCmd, wd)
	if err != nil {
		return err
	}
	if !h.cgo {
		return fmt.Errorf("%w: it was built with CGO_ENABLED=0; rebuild it with cgo (a C compiler present)", ErrUnsupported)
	}
	dir := b.cfg.Dir
	if dir == "" {
		cache, err := os.UserCacheDir()
		if err != nil {
			return fmt.Errorf("native: no cache directory: %w", err)
		}
		dir = filepath.Join(cache, "gofutures", "native")
	}
	b.goCmd, b.host = goCmd, h
	b.root = filepath.Join(dir, h.key)
	b.ws = filepath.Join(b.root, "ws")
	for _, d := range []string{b.ws, filepath.Join(b.root, "plugins"), filepath.Join(b.root, "index")} {
		if err := os.MkdirAll(d, 0o755); err != nil {
			return fmt.Errorf("native: %w", err)
		}
	}
	unlock, err := lockDir(b.ws)
	if err != nil {
		return err
	}
	defer unlock()
	if _, err := os.Stat(filepath.Join(b.ws, "go.mod")); err == nil {
		return nil
	}
	return os.WriteFile(filepath.Join(b.ws, "go.mod"), b.goMod(), 0o644)
}

// goMod is the workspace's first go.mod: every module the kernel links,
// at the kernel's version, so that `go get` keeps shared packages
// identical to the kernel's or reports the conflict.
func (b *Builder) goMod() []byte {
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "module %s\n\ngo %s\n\nrequire (\n", wsModule, strings.TrimPrefix(b.host.goVersion, "go"))
	for _, p := range sortedKeys(b.host.modules) {
		fmt.Fprintf(&buf, "\t%s %s // indirect\n", p, b.host.modules[p])
	}
	buf.WriteString(")\n")
	return buf.Bytes()
}

// goRun runs the go command in the workspace and returns its combined
// output.
func (b *Builder) goRun(ctx context.Context, args ...string) ([]byte, error) {
	t0 := time.Now()
	out, err := execIn(ctx, b.ws, b.goCmd, args...).CombinedOutput()
	b.log.Debug("native: go", "args", args, "err", err, "took", time.Since(t0))
	return out, err
}

// build builds the package in directory pkgDir (relative to the
// workspace) as a plugin at out, with the kernel's build flags.
func (b *Builder) build(ctx context.Context, what, pkgDir, out string) error {
	// -w leaves DWARF out, which saves link time; stacks do not need it.
	args := append([]string{"build", "-buildmode=plugin", "-ldflags=-w"}, b.host.flags...)
	tmp := out + ".tmp"
	args = append(args, "-o", tmp, "./"+pkgDir)
	if o, err := b.goRun(ctx, args...); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return &BuildError{What: what, Output: strings.TrimSpace(string(o))}
	}
	return os.Rename(tmp, out)
}

// hash returns a short hex digest of parts, in the host's key space.
func (b *Builder) hash(parts ...string) string {
	h := sha256.New()
	fmt.Fprintln(h, b.host.key, layout)
	for _, p := range parts {
		fmt.Fprintln(h, len(p))
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))[:20]
}

// Warm builds a trivial plugin, so that the toolchain's cache holds the
// runtime and standard library built in plugin mode (about 25 s the first
// time on a 2-core machine), and the symbol generator.
func (b *Builder) Warm(ctx context.Context) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if err := b.init(ctx); err != nil {
		return err
	}
	unlock, err := lockDir(b.ws)
	if err != nil {
		return err
	}
	defer unlock()
	dir := filepath.Join("warm", "w"+b.hash("warm"))
	if err := writeFiles(filepath.Join(b.ws, dir), map[string]string{
		"main.go": "package main\n\nimport (\n\t\"fmt\"\n\t\"reflect\"\n)\n\nvar Symbols = map[string]map[string]reflect.Value{}\n\nfunc init() { _ = fmt.Sprint }\n",
	}); err != nil {
		return err
	}
	if err := b.build(ctx, "a trivial plugin", dir, filepath.Join(b.root, "plugins", "warm.so")); err != nil {
		return err
	}
	_, err = b.generator(ctx)
	return err
}

// writeFiles writes files (name -> content) into dir, creating it.
func writeFiles(dir string, files map[string]string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("native: %w", err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(content), 0o644); err != nil {
			return fmt.Errorf("native: %w", err)
		}
	}
	return nil
}

// execIn returns a command running name in dir with the workspace's
// environment.
func execIn(ctx context.Context, dir, name string, args ...string) *exec.Cmd {
	name, args = niced(ctx, name, args)
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "CGO_ENABLED=1")
	return cmd
}
