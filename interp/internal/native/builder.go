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
	initErr error      // this process cannot use plugins at all
	toolErr error      // it can load plugins but not build them (no toolchain)
	inited  bool
	goCmd   string
	host    *host
	ldflags string // the linker's flags
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
	if err := b.initHost(ctx); err != nil {
		return err
	}
	return b.toolErr
}

// initHost is init for what needs no toolchain: loading a plugin another
// process built for this host key (ship.go). The caller holds b.mu.
func (b *Builder) initHost(ctx context.Context) error {
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
	// Without a toolchain the process may still load plugins built for
	// its host key elsewhere; building is refused with toolErr.
	goCmd, toolErr := findTools(ctx)
	if toolErr != nil && ctx.Err() != nil {
		return toolErr
	}
	b.toolErr = toolErr
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
	// A plugin is linked by the C toolchain's linker; gold links one in
	// about half the time of the default bfd (0.15 s against 0.3-0.45 s
	// of a 1 s build on two cores).
	// -w leaves DWARF out, which saves link time; stacks do not need it.
	b.ldflags = "-ldflags=-w"
	if _, err := exec.LookPath("ld.gold"); err == nil {
		b.ldflags += " -extldflags=-fuse-ld=gold"
	}
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
	out, _, err := b.goRunCPU(ctx, args...)
	return out, err
}

// goRunCPU is goRun that also returns the CPU time the command and the
// tools it ran (compile, link, the C linker) used: a measure that, unlike
// wall time, a loaded machine does not inflate.
func (b *Builder) goRunCPU(ctx context.Context, args ...string) ([]byte, time.Duration, error) {
	t0 := time.Now()
	cmd := execIn(ctx, b.ws, b.goCmd, args...)
	out, err := cmd.CombinedOutput()
	var cpu time.Duration
	if ps := cmd.ProcessState; ps != nil {
		cpu = ps.UserTime() + ps.SystemTime()
	}
	b.log.Debug("native: go", "args", args, "err", err, "took", time.Since(t0), "cpu", cpu)
	return out, cpu, err
}

// build builds the package in directory pkgDir (relative to the
// workspace) as a plugin at out, with the kernel's build flags, and adds
// its time to steps ("go build", and "link" when traceEnv is set).
func (b *Builder) build(ctx context.Context, what, pkgDir, out string, steps *Steps) error {
	t0 := time.Now()
	args := append([]string{"build", "-buildmode=plugin", "-buildvcs=false", b.ldflags}, b.host.flags...)
	trace := ""
	if os.Getenv(traceEnv) != "" {
		trace = out + ".trace.json"
		args = append(args, "-debug-trace="+trace)
		defer os.Remove(trace)
	}
	tmp := out + ".tmp"
	args = append(args, "-o", tmp, "./"+pkgDir)
	o, cpu, err := b.goRunCPU(ctx, args...)
	if steps != nil {
		steps.add("go build", t0)
		(*steps)[len(*steps)-1].CPU = cpu
		if trace != "" {
			*steps = append(*steps, Step{Name: "link", Took: linkTime(trace)})
		}
	}
	if err != nil {
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

// warmCell is the compiled cell Warm builds: its plugin links what every
// compiled cell's and module's plugin links (the cell's package, its
// interrupt hooks, a main package holding a table with typed and untyped
// constants), and the standard packages cells use most, so that the Go
// build cache holds all of them compiled in plugin mode.
const warmCell = CompileMarker + `
import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

type gofuturesWarm struct{ N int }

const gofuturesWarmUntyped = 1
const gofuturesWarmTyped int = 2

var gofuturesWarmVar = 3

func gofuturesWarmFunc(n int) int {
	for i := 0; i < n; i++ {
		n += i
	}
	var mu sync.Mutex
	mu.Lock()
	defer mu.Unlock()
	_ = bytes.NewBuffer(nil)
	_ = errors.New
	_ = fmt.Sprint(math.Pi, rand.Int(), os.Args, strconv.Itoa(n), strings.ToUpper("x"), time.Now(), utf8.RuneLen('x'))
	s := []int{n}
	sort.Ints(s)
	return slices.Max(s)
}
`

// Warm builds, at low priority, a compiled cell (warmCell) and the symbol
// generator of module imports, so that the Go build cache holds the
// runtime and the packages every plugin links built in plugin mode (about
// 40 s of CPU the first time on a 2-core machine), and a compiled cell's
// build then only compiles the cell's own packages and links.
func (b *Builder) Warm(ctx context.Context) error {
	ctx = LowPriority(ctx)
	if _, err := (&Cells{B: b}).Compile(ctx, warmCell, nil, nil); err != nil {
		return err
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	unlock, err := lockDir(b.ws)
	if err != nil {
		return err
	}
	defer unlock()
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
	// GOTOOLCHAIN=local: the workspace's go line is the kernel's own
	// version, and no other toolchain may build its plugins.
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "CGO_ENABLED=1", "GOTOOLCHAIN=local")
	return cmd
}
