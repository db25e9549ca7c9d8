package kernel

import (
	"runtime"
	"strings"
)

func (i Info) withDefaults() Info {
	if i.Implementation == "" {
		i.Implementation = "gofutures"
	}
	if i.ImplementationVersion == "" {
		i.ImplementationVersion = "devel"
	}
	if i.LanguageVersion == "" {
		i.LanguageVersion = strings.TrimPrefix(runtime.Version(), "go")
	}
	if i.Banner == "" {
		i.Banner = "Go (gofutures): Go cells interpreted by yaegi, with a futures runtime"
	}
	if i.HelpLinks == nil {
		i.HelpLinks = []HelpLink{
			{Text: "Go documentation", URL: "https://go.dev/doc/"},
			{Text: "Go standard library", URL: "https://pkg.go.dev/std"},
		}
	}
	return i
}

// kernelInfo answers kernel_info_request, on shell or control, at once
// even while a cell runs.
func (s *Server) kernelInfo(ch Channel, req *Message) {
	i := s.opts.Info
	s.reply(ch, req, "kernel_info_reply", map[string]any{
		"status":                 "ok",
		"protocol_version":       ProtocolVersion,
		"implementation":         i.Implementation,
		"implementation_version": i.ImplementationVersion,
		"language_info": map[string]any{
			"name":               "go",
			"version":            i.LanguageVersion,
			"mimetype":           "text/x-go",
			"file_extension":     ".go",
			"pygments_lexer":     "go",
			"codemirror_mode":    "go",
			"nbconvert_exporter": "script",
		},
		"banner":     i.Banner,
		"help_links": i.HelpLinks,
		"debugger":   false,
	})
}

// interruptRequest interrupts the running cell, or an idle executor (see
// Interrupt).
func (s *Server) interruptRequest(ch Channel, req *Message) {
	s.Interrupt()
	s.reply(ch, req, "interrupt_reply", map[string]any{"status": "ok"})
}

// shutdown replies and makes Run return. Jupyter restarts a kernel by
// starting a new process, so restart only echoes back.
func (s *Server) shutdown(ch Channel, req *Message) {
	var r struct {
		Restart bool `json:"restart"`
	}
	_ = req.DecodeContent(&r)
	s.reply(ch, req, "shutdown_reply", map[string]any{"status": "ok", "restart": r.Restart})
	s.requestStop()
}
