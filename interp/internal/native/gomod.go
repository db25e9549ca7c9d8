package native

import (
	"os"
	"path/filepath"
	"strings"
)

// wsVersions reads the module requirements of the workspace's go.mod:
// module path -> version. It reads the file rather than asking the go
// command, which would cost a process on the fast path of a cached import.
func (b *Builder) wsVersions() map[string]string {
	data, err := os.ReadFile(filepath.Join(b.ws, "go.mod"))
	if err != nil {
		return nil
	}
	out := map[string]string{}
	block := false
	for _, line := range strings.Split(string(data), "\n") {
		line, _, _ = strings.Cut(line, "//")
		f := strings.Fields(line)
		switch {
		case len(f) == 0:
		case f[0] == "require" && len(f) == 2 && f[1] == "(":
			block = true
		case block && f[0] == ")":
			block = false
		case block && len(f) == 2:
			out[f[0]] = f[1]
		case f[0] == "require" && len(f) == 3:
			out[f[1]] = f[2]
		}
	}
	return out
}

// moduleOf returns the module of versions providing package p (the
// longest module path that is p or a prefix of it) and its version.
func moduleOf(versions map[string]string, p string) (string, string) {
	best := ""
	for m := range versions {
		if (p == m || strings.HasPrefix(p, m+"/")) && len(m) > len(best) {
			best = m
		}
	}
	return best, versions[best]
}
