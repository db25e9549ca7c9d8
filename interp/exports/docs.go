package exports

import (
	_ "embed"
	"encoding/json"
	"strings"
	"sync"
)

// docIndex is written by gendoc: one JSON object per line, sorted by key.
//
//go:embed docs.jsonl
var docIndex string

// DocEntry is the documentation of one symbol.
type DocEntry struct {
	Sig string `json:"s"` // the declaration, as in the source, without its body
	Doc string `json:"d"` // the doc comment, possibly clipped
}

var (
	docOnce sync.Once
	docs    map[string]DocEntry
)

// Doc returns the documentation of key: "importpath" for a package,
// "importpath.Name" for a top-level symbol, "importpath.Type.Method" for a
// method. The index is decoded on first use; Doc is safe for concurrent use.
func Doc(key string) (DocEntry, bool) {
	docOnce.Do(loadDocs)
	e, ok := docs[key]
	return e, ok
}

func loadDocs() {
	docs = make(map[string]DocEntry, strings.Count(docIndex, "\n"))
	for _, line := range strings.Split(docIndex, "\n") {
		var e struct {
			Key string `json:"k"`
			DocEntry
		}
		if json.Unmarshal([]byte(line), &e) == nil && e.Key != "" {
			docs[e.Key] = e.DocEntry
		}
	}
}
