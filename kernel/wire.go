package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
)

// delimiter separates the routing identities from the signed message.
var delimiter = []byte("<IDS|MSG>")

// Errors returned by Codec.Decode. The server logs and drops such messages.
var (
	// ErrNoDelimiter means the frames lack the <IDS|MSG> delimiter.
	ErrNoDelimiter = errors.New("kernel: no <IDS|MSG> delimiter")
	// ErrShortMessage means fewer than the five frames after the delimiter.
	ErrShortMessage = errors.New("kernel: message has too few frames")
	// ErrSignature means the signature is missing or does not match.
	ErrSignature = errors.New("kernel: bad message signature")
	// ErrReplayed means the signature is right but the codec accepted the
	// same signature before: the message was captured and sent again.
	ErrReplayed = errors.New("kernel: replayed message signature")
	// ErrJSON means the header, parent header, metadata or content is not
	// a JSON object of the expected shape.
	ErrJSON = errors.New("kernel: invalid message JSON")
)

// Codec converts between Messages and ZeroMQ frames, signing with
// HMAC-SHA256 under the connection key. With a key, it refuses a message
// whose signature it accepted before (ErrReplayed), remembering the last
// 65,536. It is safe for concurrent use.
type Codec struct {
	s    signer
	seen seenSignatures
}

// NewCodec returns a codec signing with key. An empty key sends empty
// signatures and accepts any, as the protocol specifies.
func NewCodec(key []byte) *Codec {
	return &Codec{s: newSigner(key)}
}

var emptyObject = []byte("{}")

// Encode serializes and signs m: identities, delimiter, signature, header,
// parent header, metadata, content, buffers.
func (c *Codec) Encode(m Message) ([][]byte, error) {
	header, err := json.Marshal(m.Header)
	if err != nil {
		return nil, fmt.Errorf("kernel: encode header: %w", err)
	}
	parent := emptyObject
	if m.Parent != (Header{}) {
		if parent, err = json.Marshal(m.Parent); err != nil {
			return nil, fmt.Errorf("kernel: encode parent: %w", err)
		}
	}
	metadata := emptyObject
	if len(m.Metadata) > 0 {
		if metadata, err = json.Marshal(m.Metadata); err != nil {
			return nil, fmt.Errorf("kernel: encode metadata: %w", err)
		}
	}
	content := []byte(m.Content)
	if len(content) == 0 {
		content = emptyObject
	}
	parts := [][]byte{header, parent, metadata, content}
	frames := make([][]byte, 0, len(m.Identities)+6+len(m.Buffers))
	frames = append(frames, m.Identities...)
	frames = append(frames, delimiter, c.s.sign(parts))
	frames = append(frames, parts...)
	return append(frames, m.Buffers...), nil
}

// Decode parses and verifies frames. It never panics, whatever the bytes;
// a failure wraps ErrNoDelimiter, ErrShortMessage, ErrSignature,
// ErrReplayed or ErrJSON. A message is recorded as seen once its signature
// checks, even if its JSON is then found invalid.
func (c *Codec) Decode(frames [][]byte) (Message, error) {
	var m Message
	i := 0
	for i < len(frames) && !bytes.Equal(frames[i], delimiter) {
		i++
	}
	if i == len(frames) {
		return m, ErrNoDelimiter
	}
	rest := frames[i+1:]
	if len(rest) < 5 {
		return m, ErrShortMessage
	}
	if !c.s.verify(rest[0], rest[1:5]) {
		return m, ErrSignature
	}
	if c.s.enabled() && !c.seen.add(rest[0]) {
		return m, ErrReplayed
	}
	if err := json.Unmarshal(rest[1], &m.Header); err != nil || !isObject(rest[1]) {
		return m, fmt.Errorf("%w: header: %v", ErrJSON, err)
	}
	if m.Header.MsgType == "" {
		return m, fmt.Errorf("%w: header has no msg_type", ErrJSON)
	}
	if err := json.Unmarshal(rest[2], &m.Parent); err != nil || !isObject(rest[2]) {
		return m, fmt.Errorf("%w: parent header: %v", ErrJSON, err)
	}
	if err := json.Unmarshal(rest[3], &m.Metadata); err != nil || !isObject(rest[3]) {
		return m, fmt.Errorf("%w: metadata: %v", ErrJSON, err)
	}
	if !isObject(rest[4]) || !json.Valid(rest[4]) {
		return m, fmt.Errorf("%w: content is not a JSON object", ErrJSON)
	}
	m.Identities = frames[:i:i]
	m.Content = json.RawMessage(rest[4])
	if len(rest) > 5 {
		m.Buffers = rest[5:]
	}
	return m, nil
}

// isObject reports whether b, a valid JSON text, is an object.
func isObject(b []byte) bool {
	b = bytes.TrimLeft(b, " \t\r\n")
	return len(b) > 0 && b[0] == '{'
}
