package kerneltest

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/gofutures/gofutures/kernel"
	"github.com/google/uuid"
)

// Client speaks the protocol to a kernel through a Frontend: it signs
// requests, verifies what comes back, and keeps messages nobody has asked
// for yet, per channel, so callers can wait for specific ones.
type Client struct {
	f       Frontend
	codec   *kernel.Codec
	session string

	readMu [4]sync.Mutex // serializes reads per channel
	mu     sync.Mutex
	kept   [4][]kernel.Message
}

// NewClient returns a client signing with key.
func NewClient(f Frontend, key []byte) *Client {
	return &Client{f: f, codec: kernel.NewCodec(key), session: uuid.NewString()}
}

// Frontend returns the frontend the client speaks through.
func (c *Client) Frontend() Frontend { return c.f }

// Request builds a signed request of msgType with content (a JSON-able
// value) and sends it on ch. It returns the message sent.
func (c *Client) Request(ch kernel.Channel, msgType string, content any) (kernel.Message, error) {
	m, err := c.NewMessage(msgType, content)
	if err != nil {
		return m, err
	}
	return m, c.SendMessage(ch, m)
}

// NewMessage builds a request without sending it.
func (c *Client) NewMessage(msgType string, content any) (kernel.Message, error) {
	b, err := json.Marshal(content)
	if err != nil {
		return kernel.Message{}, err
	}
	return kernel.Message{
		Header: kernel.Header{
			MsgID: uuid.NewString(), Session: c.session, Username: "kerneltest",
			Date: time.Now().UTC().Format(time.RFC3339Nano), MsgType: msgType, Version: kernel.ProtocolVersion,
		},
		Content: b,
	}, nil
}

// SendMessage signs and sends m on ch.
func (c *Client) SendMessage(ch kernel.Channel, m kernel.Message) error {
	frames, err := c.codec.Encode(m)
	if err != nil {
		return err
	}
	return c.f.Send(ch, frames)
}

// Next returns the first message on ch for which match returns true,
// waiting for it if needed. Messages that do not match are kept for later
// calls. A nil match accepts any message.
func (c *Client) Next(ctx context.Context, ch kernel.Channel, match func(kernel.Message) bool) (kernel.Message, error) {
	if match == nil {
		match = func(kernel.Message) bool { return true }
	}
	if m, ok := c.take(ch, match); ok {
		return m, nil
	}
	c.readMu[ch].Lock()
	defer c.readMu[ch].Unlock()
	if m, ok := c.take(ch, match); ok { // kept by another reader meanwhile
		return m, nil
	}
	for {
		frames, err := c.f.Recv(ctx, ch)
		if err != nil {
			return kernel.Message{}, err
		}
		m, err := c.codec.Decode(frames)
		if err != nil {
			return kernel.Message{}, fmt.Errorf("kerneltest: kernel sent an undecodable message on %s: %w", ch, err)
		}
		if match(m) {
			return m, nil
		}
		c.mu.Lock()
		c.kept[ch] = append(c.kept[ch], m)
		c.mu.Unlock()
	}
}

func (c *Client) take(ch kernel.Channel, match func(kernel.Message) bool) (kernel.Message, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i, m := range c.kept[ch] {
		if match(m) {
			c.kept[ch] = append(c.kept[ch][:i:i], c.kept[ch][i+1:]...)
			return m, true
		}
	}
	return kernel.Message{}, false
}

// ParentIs matches messages whose parent is req.
func ParentIs(req kernel.Message) func(kernel.Message) bool {
	return func(m kernel.Message) bool { return m.Parent.MsgID == req.Header.MsgID }
}

// Reply waits for the reply to req on ch.
func (c *Client) Reply(ctx context.Context, ch kernel.Channel, req kernel.Message) (kernel.Message, error) {
	return c.Next(ctx, ch, ParentIs(req))
}

// IOPub returns the iopub messages whose parent is req, in order, from the
// first through the idle status.
func (c *Client) IOPub(ctx context.Context, req kernel.Message) ([]kernel.Message, error) {
	var out []kernel.Message
	for {
		m, err := c.Next(ctx, kernel.IOPub, ParentIs(req))
		if err != nil {
			return out, err
		}
		out = append(out, m)
		if m.Header.MsgType == "status" && Content(m)["execution_state"] == "idle" {
			return out, nil
		}
	}
}

// Call sends a request on ch and returns its reply and its iopub messages.
func (c *Client) Call(ctx context.Context, ch kernel.Channel, msgType string, content any) (Result, error) {
	req, err := c.Request(ch, msgType, content)
	r := Result{Request: req}
	if err != nil {
		return r, err
	}
	if r.Reply, err = c.Reply(ctx, ch, req); err != nil {
		return r, err
	}
	r.IOPub, err = c.IOPub(ctx, req)
	return r, err
}

// Execute runs code with default options and returns the reply and the
// iopub messages of the request.
func (c *Client) Execute(ctx context.Context, code string) (Result, error) {
	return c.Call(ctx, kernel.Shell, "execute_request", ExecuteContent(code))
}

// ExecuteContent is the content of an execute_request for code with
// Jupyter's defaults (store_history, allow_stdin and stop_on_error true).
// Callers may change the map before sending.
func ExecuteContent(code string) map[string]any {
	return map[string]any{
		"code": code, "silent": false, "store_history": true,
		"user_expressions": map[string]any{}, "allow_stdin": true, "stop_on_error": true,
	}
}

// WaitIOPub nudges the kernel with kernel_info requests until an iopub
// message arrives, as Jupyter clients do: a ZeroMQ SUB socket misses what
// is published before its subscription reaches the kernel. Everything
// received meanwhile is discarded.
func (c *Client) WaitIOPub(ctx context.Context) error {
	for {
		req, err := c.Request(kernel.Shell, "kernel_info_request", map[string]any{})
		if err != nil {
			return err
		}
		wctx, cancel := context.WithTimeout(ctx, 100*time.Millisecond)
		_, err = c.Next(wctx, kernel.IOPub, ParentIs(req))
		cancel()
		if err == nil {
			if _, err := c.Reply(ctx, kernel.Shell, req); err != nil {
				return err
			}
			c.drain(ctx)
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
	}
}

// drain discards what has arrived so far on shell and iopub.
func (c *Client) drain(ctx context.Context) {
	for _, ch := range []kernel.Channel{kernel.Shell, kernel.IOPub} {
		for {
			wctx, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
			_, err := c.Next(wctx, ch, nil)
			cancel()
			if err != nil {
				break
			}
		}
	}
}

// Result is one request's reply and iopub messages.
type Result struct {
	Request kernel.Message
	Reply   kernel.Message
	// IOPub holds the messages whose parent is Request, busy to idle.
	IOPub []kernel.Message
}

// Status is the reply's status: "ok", "error", ...
func (r Result) Status() string {
	s, _ := Content(r.Reply)["status"].(string)
	return s
}

// Types lists the iopub message types in order.
func (r Result) Types() []string {
	out := make([]string, len(r.IOPub))
	for i, m := range r.IOPub {
		out[i] = m.Header.MsgType
	}
	return out
}

// Of returns the iopub messages of msgType.
func (r Result) Of(msgType string) []kernel.Message {
	var out []kernel.Message
	for _, m := range r.IOPub {
		if m.Header.MsgType == msgType {
			out = append(out, m)
		}
	}
	return out
}

// Stdout is the text of the stdout stream messages, concatenated.
func (r Result) Stdout() string { return r.stream("stdout") }

// Stderr is the text of the stderr stream messages, concatenated.
func (r Result) Stderr() string { return r.stream("stderr") }

func (r Result) stream(name string) string {
	var b strings.Builder
	for _, m := range r.Of("stream") {
		c := Content(m)
		if c["name"] == name {
			s, _ := c["text"].(string)
			b.WriteString(s)
		}
	}
	return b.String()
}

// Content decodes a message's content into a map; invalid content gives nil.
func Content(m kernel.Message) map[string]any {
	var c map[string]any
	if err := m.DecodeContent(&c); err != nil {
		return nil
	}
	return c
}
