package native

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// The session's type checker reads the compiler's export data of every
// package a cell imports. For a plugin's package the cache keeps a copy
// beside the plugin (plugins/KEY.types), taken from the compile the plugin
// build left in the Go build cache, so that a cached import needs no go
// command.

func (b *Builder) typesPath(key string) string {
	return filepath.Join(b.root, "plugins", key+".types")
}

// saveTypes copies the export data of package pkg (an import path or a
// workspace-relative ./dir) to the cache as key's; the caller holds b.mu.
func (b *Builder) saveTypes(ctx context.Context, pkg, key string) error {
	if _, err := os.Stat(b.typesPath(key)); err == nil {
		return nil
	}
	args := append([]string{"list", "-export", "-buildmode=plugin"}, b.host.flags...)
	out, err := b.goRun(ctx, append(args, "-f", "{{.Export}}", pkg)...)
	if err != nil {
		return fmt.Errorf("native: reading the types of %s: %s", pkg, strings.TrimSpace(string(out)))
	}
	src, err := os.Open(strings.TrimSpace(string(out)))
	if err != nil {
		return fmt.Errorf("native: reading the types of %s: %w", pkg, err)
	}
	defer src.Close()
	tmp := b.typesPath(key) + ".tmp"
	dst, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("native: %w", err)
	}
	if _, err := io.Copy(dst, src); err != nil {
		dst.Close()
		return fmt.Errorf("native: %w", err)
	}
	if err := dst.Close(); err != nil {
		return fmt.Errorf("native: %w", err)
	}
	return os.Rename(tmp, b.typesPath(key))
}
