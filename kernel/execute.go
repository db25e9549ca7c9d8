package kernel

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"

	"github.com/gofutures/gofutures/display"
)

type executeRequest struct {
	Code            string            `json:"code"`
	Silent          bool              `json:"silent"`
	StoreHistory    *bool             `json:"store_history"`
	UserExpressions map[string]string `json:"user_expressions"`
	AllowStdin      *bool             `json:"allow_stdin"`
	StopOnError     *bool             `json:"stop_on_error"`
}

func orTrue(b *bool) bool { return b == nil || *b }

// executeLoop runs execute requests one at a time, in arrival order.
func (s *Server) executeLoop() {
	var abortThrough uint64 // requests up to this sequence number are aborted
	for {
		it, ok := s.queue.pop()
		if !ok {
			return
		}
		if it.seq <= abortThrough {
			s.abort(it.msg)
			continue
		}
		if mark, abort := s.execute(it.msg); abort {
			abortThrough = mark
		}
	}
}

// abort answers an execute request queued behind a failed one.
func (s *Server) abort(req *Message) {
	s.status(req, "busy")
	c := errorContent("ExecutionAborted", "not run: an earlier cell failed or was interrupted", nil)
	c["execution_count"] = s.count
	s.reply(Shell, req, "execute_reply", c)
	s.status(req, "idle")
}

// execute runs one cell. When it fails and the request asked to stop on
// error, abort is true and mark is the sequence number of the last shell
// message received before the error reply went out: those queued behind
// the cell are aborted, those sent after seeing the reply are not.
func (s *Server) execute(req *Message) (mark uint64, abort bool) {
	// Interruptible from the first message out: a frontend may interrupt
	// as soon as it sees busy or execute_input.
	ctx, cancel := context.WithCancel(s.ctx)
	defer cancel()
	s.cellMu.Lock()
	s.cellCancel = cancel
	s.cellMu.Unlock()
	defer func() {
		s.cellMu.Lock()
		s.cellCancel = nil
		s.cellMu.Unlock()
	}()
	s.status(req, "busy")
	defer s.status(req, "idle")
	var r executeRequest
	if err := req.DecodeContent(&r); err != nil {
		s.log.Warn("kernel: bad execute_request content", "err", err)
		s.reply(Shell, req, "execute_reply", errorContent("BadRequest", err.Error(), nil))
		return 0, false
	}
	storeHistory := orTrue(r.StoreHistory) && !r.Silent
	if storeHistory {
		s.count++
		s.history.add(s.count, r.Code)
	}
	count := s.count
	if !r.Silent {
		s.publish("execute_input", req, map[string]any{"code": r.Code, "execution_count": count})
	}

	s.startCell(req)
	sink := newCellSink(s, req, ctx, orTrue(r.AllowStdin), count)

	result, err := s.runCell(ctx, r.Code, sink)

	sink.finish()
	s.endCell()

	if err != nil {
		c := errorReply(ctx, err)
		s.publish("error", req, c)
		c["status"] = "error"
		c["execution_count"] = count
		if storeHistory {
			s.history.setOutput(count, c["evalue"].(string))
		}
		mark = s.seq.Load()
		s.reply(Shell, req, "execute_reply", c)
		return mark, orTrue(r.StopOnError)
	}
	if result != nil && !r.Silent {
		s.publish("execute_result", req, map[string]any{
			"execution_count": count,
			"data":            nonNil(result.Data),
			"metadata":        nonNil(result.Metadata),
		})
		if storeHistory {
			if txt, ok := result.Data[display.MIMEText].(string); ok {
				s.history.setOutput(count, txt)
			}
		}
	}
	s.reply(Shell, req, "execute_reply", map[string]any{
		"status":           "ok",
		"execution_count":  count,
		"user_expressions": s.userExpressions(ctx, r.UserExpressions),
		"payload":          []any{},
	})
	return 0, false
}

// runCell calls the executor, turning a panic into an error.
func (s *Server) runCell(ctx context.Context, code string, sink *cellSink) (b *display.Bundle, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: string(debug.Stack())}
		}
	}()
	return s.exec.Execute(ctx, code, sink)
}

type panicError struct {
	value any
	stack string
}

func (e *panicError) Error() string       { return fmt.Sprintf("panic: %v", e.value) }
func (e *panicError) Ename() string       { return "panic" }
func (e *panicError) Evalue() string      { return fmt.Sprint(e.value) }
func (e *panicError) Traceback() []string { return []string{e.Error(), e.stack} }

// errorReply is the content of an iopub error message for err.
func errorReply(ctx context.Context, err error) map[string]any {
	var d ErrorDetails
	switch {
	case errors.As(err, &d):
		return errorContentOf(d.Ename(), d.Evalue(), d.Traceback())
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		return errorContentOf("Interrupted", "the cell was interrupted", []string{"interrupted"})
	default:
		return errorContentOf("Error", err.Error(), []string{err.Error()})
	}
}

func errorContentOf(ename, evalue string, traceback []string) map[string]any {
	c := errorContent(ename, evalue, traceback)
	delete(c, "status")
	return c
}

func (s *Server) userExpressions(ctx context.Context, exprs map[string]string) map[string]any {
	out := make(map[string]any, len(exprs))
	for name, expr := range exprs {
		b, err := s.evaluate(ctx, expr)
		if err != nil {
			c := errorReply(ctx, err)
			c["status"] = "error"
			out[name] = c
			continue
		}
		out[name] = map[string]any{"status": "ok", "data": nonNil(b.Data), "metadata": nonNil(b.Metadata)}
	}
	return out
}

func (s *Server) evaluate(ctx context.Context, expr string) (b display.Bundle, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = &panicError{value: p, stack: string(debug.Stack())}
		}
	}()
	return s.exec.Evaluate(ctx, expr)
}

// nonNil makes a nil map encode as {} rather than null.
func nonNil(m map[string]any) map[string]any {
	if m == nil {
		return map[string]any{}
	}
	return m
}
