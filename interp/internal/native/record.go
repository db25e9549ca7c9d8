package native

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
)

// Record says how a plugin was made, enough for another machine to make
// it again: the cache keeps one next to each plugin (plugins/KEY.json),
// KEY being a hash of the host key and the record's inputs.
type Record struct {
	Kind      string            `json:"kind"`                 // "module" or "cell"
	Key       string            `json:"key"`                  // the plugin's content address
	GoVersion string            `json:"go"`                   // toolchain, e.g. go1.26.8
	Flags     []string          `json:"flags,omitempty"`      // go build flags (-race, -tags=...)
	Host      string            `json:"host"`                 // the kernel build key
	Package   string            `json:"package"`              // the import path the plugin provides
	Requires  map[string]string `json:"requires,omitempty"`   // module -> version the workspace required beyond the kernel's
	Files     map[string]string `json:"files,omitempty"`      // workspace-relative path -> source of the packages built
	Main      string            `json:"main"`                 // the plugin's main package, workspace-relative
	DependsOn []string          `json:"depends_on,omitempty"` // keys of earlier cell plugins it imports
}

func (b *Builder) recordPath(key string) string {
	return filepath.Join(b.root, "plugins", key+".json")
}

func (b *Builder) pluginPath(key string) string {
	return filepath.Join(b.root, "plugins", key+".so")
}

// writeRecord completes r with the sources under the directories dirs
// (workspace-relative) and the modules the plugin links beyond the
// kernel's, and writes it.
func (b *Builder) writeRecord(ctx context.Context, r *Record, dirs ...string) error {
	r.GoVersion, r.Flags, r.Host = b.host.goVersion, b.host.flags, b.host.key
	r.Main = dirs[0]
	r.Files = map[string]string{}
	for _, d := range dirs {
		ents, err := os.ReadDir(filepath.Join(b.ws, d))
		if err != nil {
			return fmt.Errorf("native: %w", err)
		}
		for _, e := range ents {
			data, err := os.ReadFile(filepath.Join(b.ws, d, e.Name()))
			if err != nil {
				return fmt.Errorf("native: %w", err)
			}
			r.Files[d+"/"+e.Name()] = string(data)
		}
	}
	// The workspace's requirements beyond the kernel's: with the kernel's
	// own, they decide every version the build selected.
	r.Requires = map[string]string{}
	for m, v := range b.wsVersions() {
		if b.host.modules[m] == "" {
			r.Requires[m] = v
		}
	}
	return b.writeRecordAs(r)
}

// writeRecordAs writes r as it is.
func (b *Builder) writeRecordAs(r *Record) error {
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(b.recordPath(r.Key), data, 0o644)
}

// ReadRecord returns the record of the plugin key from the cache.
func (b *Builder) ReadRecord(key string) (*Record, error) {
	data, err := os.ReadFile(b.recordPath(key))
	if err != nil {
		return nil, fmt.Errorf("native: %w", err)
	}
	var r Record
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("native: record %s: %w", key, err)
	}
	return &r, nil
}
