package native

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// The session's type checker reads the compiler's export data of every
// package a cell imports. For a plugin's package the cache keeps a copy
// beside the plugin (plugins/KEY.types), taken from the compile the plugin
// build left in the Go build cache, so that a cached import needs no go
// command.

func (b *Builder) typesPath(key string) string {
	return filepath.Join(b.root, "plugins", key+".types")
}

// startTypes runs saveTypes in a goroutine; the channel receives its time
// when it is over, whether it saved the export data or not (the caller
// checks the file: a failure here is retried or reported by the build).
func (b *Builder) startTypes(ctx context.Context, pkg, key string) <-chan Step {
	done := make(chan Step, 1)
	go func() {
		t := time.Now()
		err := b.saveTypes(ctx, pkg, key)
		if err != nil {
			b.log.Debug("native: types", "pkg", pkg, "err", err)
		}
		done <- Step{Name: "types", Took: time.Since(t)}
	}()
	return done
}

// saveTypes copies the export data of package pkg (an import path or a
// workspace-relative ./dir) to the cache as key's; the caller holds b.mu
// (or waits, holding it, for the goroutine of startTypes).
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
