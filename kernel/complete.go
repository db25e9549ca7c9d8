package kernel

import (
	"unicode/utf8"
)

// The executor's completion and inspection run while cells execute, on the
// shell goroutine; a panic in them is recovered by the handler.

type codeRequest struct {
	Code        string `json:"code"`
	CursorPos   *int   `json:"cursor_pos"`
	DetailLevel int    `json:"detail_level"`
}

// cursor is the request's cursor in code points, defaulting to the end.
func (r codeRequest) cursor() int {
	n := utf8.RuneCountInString(r.Code)
	if r.CursorPos == nil || *r.CursorPos > n || *r.CursorPos < 0 {
		return n
	}
	return *r.CursorPos
}

func (s *Server) complete(ch Channel, req *Message) {
	var r codeRequest
	if err := req.DecodeContent(&r); err != nil {
		s.reply(ch, req, "complete_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	cur := r.cursor()
	matches, start, end := s.exec.Complete(r.Code, cur)
	if matches == nil {
		matches = []string{}
		start, end = cur, cur
	}
	s.reply(ch, req, "complete_reply", map[string]any{
		"status": "ok", "matches": matches, "cursor_start": start, "cursor_end": end, "metadata": map[string]any{},
	})
}

func (s *Server) inspect(ch Channel, req *Message) {
	var r codeRequest
	if err := req.DecodeContent(&r); err != nil {
		s.reply(ch, req, "inspect_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	b, found := s.exec.Inspect(r.Code, r.cursor(), r.DetailLevel)
	data, metadata := map[string]any{}, map[string]any{}
	if found {
		data, metadata = nonNil(b.Data), nonNil(b.Metadata)
	}
	s.reply(ch, req, "inspect_reply", map[string]any{
		"status": "ok", "found": found, "data": data, "metadata": metadata,
	})
}

func (s *Server) isComplete(ch Channel, req *Message) {
	var r codeRequest
	if err := req.DecodeContent(&r); err != nil {
		s.reply(ch, req, "is_complete_reply", errorContent("BadRequest", err.Error(), nil))
		return
	}
	status, indent := s.exec.IsComplete(r.Code)
	switch status {
	case "complete", "invalid", "unknown":
		s.reply(ch, req, "is_complete_reply", map[string]any{"status": status})
	case "incomplete":
		s.reply(ch, req, "is_complete_reply", map[string]any{"status": status, "indent": indent})
	default:
		s.log.Warn("kernel: executor gave an unknown is_complete status", "status", status)
		s.reply(ch, req, "is_complete_reply", map[string]any{"status": "unknown"})
	}
}
