package kernel

import (
	"encoding/json"
	"strconv"
	"time"
)

// ProtocolVersion is the Jupyter messaging protocol version the kernel speaks.
const ProtocolVersion = "5.4"

// Header is a message header. A reply's parent header is its request's header.
type Header struct {
	MsgID    string `json:"msg_id"`
	Session  string `json:"session"`
	Username string `json:"username"`
	Date     string `json:"date"`
	MsgType  string `json:"msg_type"`
	Version  string `json:"version"`
	// SubshellID is set by frontends that use kernel subshells (JEP 91).
	SubshellID string `json:"subshell_id,omitempty"`
}

// Message is one Jupyter message, as it travels on any channel.
type Message struct {
	// Identities are the ZeroMQ routing frames that preceded the delimiter;
	// a reply carries its request's identities back. On iopub the single
	// identity is the topic.
	Identities [][]byte
	Header     Header
	// Parent is the header of the request this message answers; the zero
	// Header is sent as {}.
	Parent   Header
	Metadata map[string]any
	// Content is the message content, a JSON object.
	Content json.RawMessage
	// Buffers are binary frames after the content; they are not signed.
	Buffers [][]byte
}

// newHeader makes a fresh header of msgType for session; seq numbers the
// messages of the session.
//
// The message id is the session id and the message's number in it, as
// jupyter_client's Session makes its ids: unique as long as the session id
// is, and without a call into the system's random source per message.
func newHeader(msgType, session string, seq uint64) Header {
	return Header{
		MsgID:    session + "_" + strconv.FormatUint(seq, 10),
		Session:  session,
		Username: "kernel",
		Date:     time.Now().UTC().Format(time.RFC3339Nano),
		MsgType:  msgType,
		Version:  ProtocolVersion,
	}
}

// DecodeContent unmarshals the message content into v; empty content
// leaves v untouched.
func (m *Message) DecodeContent(v any) error {
	if len(m.Content) == 0 {
		return nil
	}
	return json.Unmarshal(m.Content, v)
}
