package kernel

import (
	"context"
	"sync"
)

// inputBroker pairs input_request with input_reply. One prompt is
// outstanding at a time; the stdin goroutine delivers the replies.
type inputBroker struct {
	ask1    sync.Mutex // held while a prompt is outstanding
	replies chan string
}

func (b *inputBroker) init() { b.replies = make(chan string, 1) }

type inputReply struct {
	Value string `json:"value"`
}

// onStdin receives input_reply messages.
func (s *Server) onStdin(m *Message) {
	if m.Header.MsgType != "input_reply" {
		s.log.Warn("kernel: unexpected message on stdin", "msg_type", m.Header.MsgType)
		return
	}
	var r inputReply
	if err := m.DecodeContent(&r); err != nil {
		s.log.Warn("kernel: bad input_reply", "err", err)
		return
	}
	select {
	case s.input.replies <- r.Value:
	default:
		s.log.Warn("kernel: input_reply without a pending input_request")
	}
}

// ask sends input_request to the frontend that sent req and waits for the
// answer, for ctx or the cell's context to end, or for shutdown.
func (b *inputBroker) ask(ctx, cell context.Context, s *Server, req *Message, prompt string, password bool) (string, error) {
	b.ask1.Lock()
	defer b.ask1.Unlock()
	select { // drop a reply that arrived after its asker gave up
	case <-b.replies:
	default:
	}
	m, err := s.message("input_request", req, map[string]any{"prompt": prompt, "password": password})
	if err != nil {
		return "", err
	}
	m.Identities = req.Identities
	s.send(Stdin, m)
	select {
	case v := <-b.replies:
		return v, nil
	case <-ctx.Done():
		return "", ctx.Err()
	case <-cell.Done():
		return "", cell.Err()
	}
}
