package native

import (
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
	Requires  map[string]string `json:"requires,omitempty"`   // module -> version, beyond the kernel's own
	Files     map[string]string `json:"files,omitempty"`      // for cells: file name -> source
	DependsOn []string          `json:"depends_on,omitempty"` // keys of earlier cell plugins it imports
}

func (b *Builder) recordPath(key string) string {
	return filepath.Join(b.root, "plugins", key+".json")
}

func (b *Builder) pluginPath(key string) string {
	return filepath.Join(b.root, "plugins", key+".so")
}

func (b *Builder) writeRecord(r *Record) error {
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
