package kernel

import (
	"path"
	"sync"
)

// historySession is the session number history entries carry: the
// kernel keeps the history of its own process only.
const historySession = 1

// history records the cells run with store_history, and their text output.
type history struct {
	mu      sync.Mutex
	entries []historyEntry
}

type historyEntry struct {
	line   int
	input  string
	output *string
}

func (h *history) add(line int, input string) {
	h.mu.Lock()
	h.entries = append(h.entries, historyEntry{line: line, input: input})
	h.mu.Unlock()
}

func (h *history) setOutput(line int, out string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for i := len(h.entries) - 1; i >= 0; i-- {
		if h.entries[i].line == line {
			h.entries[i].output = &out
			return
		}
	}
}

type historyRequest struct {
	Output         bool   `json:"output"`
	Raw            bool   `json:"raw"`
	HistAccessType string `json:"hist_access_type"`
	Session        int    `json:"session"`
	Start          int    `json:"start"`
	Stop           *int   `json:"stop"`
	N              *int   `json:"n"`
	Pattern        string `json:"pattern"`
	Unique         bool   `json:"unique"`
}

// query returns [session, line, input] (or [session, line, [input,
// output]]) for r. Patterns are globs, as IPython's history search uses.
func (h *history) query(r historyRequest) [][]any {
	h.mu.Lock()
	entries := append([]historyEntry(nil), h.entries...)
	h.mu.Unlock()

	var sel []historyEntry
	switch r.HistAccessType {
	case "range":
		if r.Session > 0 && r.Session != historySession {
			break
		}
		for _, e := range entries {
			if e.line >= r.Start && (r.Stop == nil || e.line < *r.Stop) {
				sel = append(sel, e)
			}
		}
	case "search":
		pattern := r.Pattern
		if pattern == "" {
			pattern = "*"
		}
		seen := map[string]bool{}
		for i := len(entries) - 1; i >= 0; i-- { // newest first, for unique and n
			e := entries[i]
			if ok, _ := path.Match(pattern, e.input); !ok {
				continue
			}
			if r.Unique && seen[e.input] {
				continue
			}
			seen[e.input] = true
			sel = append(sel, e)
			if r.N != nil && *r.N > 0 && len(sel) == *r.N {
				break
			}
		}
		for i, j := 0, len(sel)-1; i < j; i, j = i+1, j-1 {
			sel[i], sel[j] = sel[j], sel[i]
		}
	default: // "tail"
		sel = entries
		if r.N != nil && *r.N >= 0 && *r.N < len(sel) {
			sel = sel[len(sel)-*r.N:]
		}
	}
	out := make([][]any, 0, len(sel))
	for _, e := range sel {
		var item any = e.input
		if r.Output {
			var o any
			if e.output != nil {
				o = *e.output
			}
			item = []any{e.input, o}
		}
		out = append(out, []any{historySession, e.line, item})
	}
	return out
}

func (s *Server) historyRequest(ch Channel, req *Message) {
	var r historyRequest
	if err := req.DecodeContent(&r); err != nil {
		s.reply(ch, req, "history_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	s.reply(ch, req, "history_reply", map[string]any{"status": "ok", "history": s.history.query(r)})
}
