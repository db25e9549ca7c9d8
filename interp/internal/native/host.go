package native

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strings"
)

// host is what a plugin must agree with to load into this process: the
// toolchain, the versions of the modules the process links, and the build
// flags that change package hashes.
type host struct {
	goVersion string            // runtime.Version()
	modules   map[string]string // module path -> version the process links
	flags     []string          // go build flags to repeat: -race, -tags, -trimpath
	cgo       bool              // whether the process was built with cgo
	key       string            // hash of all the above: the cache's kernel build key
}

// readHost reads the process's build information. Test binaries carry no
// dependency list; their module versions then come from `go list -deps
// -test` run in dir (the package directory go test runs in).
func readHost(ctx context.Context, goCmd, dir string) (*host, error) {
	h := &host{goVersion: runtime.Version(), modules: map[string]string{}, cgo: true}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return nil, fmt.Errorf("%w: the kernel has no build information", ErrUnsupported)
	}
	for _, d := range bi.Deps {
		m := d
		if d.Replace != nil {
			m = d.Replace
			if m.Version == "" { // a directory replacement cannot be pinned
				continue
			}
			h.modules[d.Path] = m.Version
			continue
		}
		h.modules[m.Path] = m.Version
	}
	for _, s := range bi.Settings {
		switch s.Key {
		case "-race":
			if s.Value == "true" {
				h.flags = append(h.flags, "-race")
			}
		case "-tags":
			if s.Value != "" {
				h.flags = append(h.flags, "-tags="+s.Value)
			}
		case "-trimpath":
			if s.Value == "true" {
				h.flags = append(h.flags, "-trimpath")
			}
		case "CGO_ENABLED":
			h.cgo = s.Value != "0"
		}
	}
	if len(bi.Deps) == 0 && goCmd != "" {
		mods, err := linkedModules(ctx, goCmd, dir)
		if err != nil {
			return nil, err
		}
		for p, v := range mods {
			h.modules[p] = v
		}
	}
	sum := sha256.New()
	fmt.Fprintf(sum, "%s %s/%s\n", h.goVersion, runtime.GOOS, runtime.GOARCH)
	fmt.Fprintln(sum, strings.Join(h.flags, " "))
	for _, p := range sortedKeys(h.modules) {
		fmt.Fprintln(sum, p, h.modules[p])
	}
	h.key = hex.EncodeToString(sum.Sum(nil))[:16]
	return h, nil
}

// linkedModules returns the versions of the modules providing the
// packages a test of the package in dir links, the main module left out:
// what a binary's build information would list.
func linkedModules(ctx context.Context, goCmd, dir string) (map[string]string, error) {
	cmd := exec.CommandContext(ctx, goCmd, "list", "-deps", "-test", "-f",
		"{{with .Module}}{{if not .Main}}{{.Path}} {{with .Replace}}{{.Version}}{{else}}{{.Version}}{{end}}{{end}}{{end}}", ".")
	cmd.Dir = dir
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("native: listing the kernel's modules: %w", err)
	}
	mods := map[string]string{}
	for _, line := range strings.Split(string(out), "\n") {
		if f := strings.Fields(line); len(f) == 2 {
			mods[f[0]] = f[1]
		}
	}
	return mods, nil
}

// findTools returns the go command matching the running toolchain, and
// checks that a C compiler is there: plugins need cgo.
func findTools(ctx context.Context) (string, error) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		goCmd = filepath.Join(runtime.GOROOT(), "bin", "go")
		if _, err := exec.LookPath(goCmd); err != nil {
			return "", fmt.Errorf("%w: the go command is not on PATH (install Go %s)", ErrNoToolchain, runtime.Version())
		}
	}
	out, err := exec.CommandContext(ctx, goCmd, "env", "GOVERSION", "CC", "CGO_ENABLED").Output()
	if err != nil {
		return "", fmt.Errorf("%w: %s env: %v", ErrNoToolchain, goCmd, err)
	}
	f := strings.Split(strings.TrimSpace(string(out)), "\n")
	if len(f) < 3 {
		return "", fmt.Errorf("%w: %s env printed %q", ErrNoToolchain, goCmd, out)
	}
	if f[0] != runtime.Version() {
		return "", fmt.Errorf("%w: %s is %s, the kernel was built with %s; plugins need the same toolchain",
			ErrNoToolchain, goCmd, f[0], runtime.Version())
	}
	cc := strings.Fields(f[1])
	if len(cc) == 0 {
		cc = []string{"gcc"}
	}
	if _, err := exec.LookPath(cc[0]); err != nil || f[2] != "1" {
		return "", fmt.Errorf("%w: plugins need cgo and the C compiler %q (install gcc)", ErrNoCCompiler, cc[0])
	}
	return goCmd, nil
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
