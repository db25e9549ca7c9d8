package kernel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"testing"
)

func testMessage() Message {
	return Message{
		Identities: [][]byte{[]byte("client-1")},
		Header:     Header{MsgID: "m1", Session: "s", Username: "u", Date: "2026-01-01T00:00:00Z", MsgType: "execute_request", Version: "5.4"},
		Metadata:   map[string]any{"k": "v"},
		Content:    json.RawMessage(`{"code":"1+1"}`),
		Buffers:    [][]byte{{0, 1, 2}},
	}
}

func TestCodecRoundTrip(t *testing.T) {
	c := NewCodec([]byte("secret"))
	frames, err := c.Encode(testMessage())
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.Decode(frames)
	if err != nil {
		t.Fatal(err)
	}
	want := testMessage()
	if m.Header != want.Header || m.Parent != (Header{}) || string(m.Content) != string(want.Content) ||
		m.Metadata["k"] != "v" || len(m.Buffers) != 1 || !bytes.Equal(m.Identities[0], want.Identities[0]) {
		t.Errorf("round trip: got %+v, want %+v", m, want)
	}
}

func TestDecodeRejects(t *testing.T) {
	good := func(t *testing.T) [][]byte {
		frames, err := NewCodec([]byte("secret")).Encode(testMessage())
		if err != nil {
			t.Fatal(err)
		}
		return frames
	}
	resign := func(frames [][]byte) [][]byte { // frames[1] is the delimiter
		frames[2] = newSigner([]byte("secret")).sign(frames[3:7])
		return frames
	}
	cases := []struct {
		name   string
		frames func(t *testing.T) [][]byte
		want   error
	}{
		{"frames without a delimiter are rejected", func(t *testing.T) [][]byte { return good(t)[2:] }, ErrNoDelimiter},
		{"a message cut short is rejected", func(t *testing.T) [][]byte { return good(t)[:5] }, ErrShortMessage},
		{"a missing signature is rejected", func(t *testing.T) [][]byte { f := good(t); f[2] = nil; return f }, ErrSignature},
		{"a signature made with another key is rejected", func(t *testing.T) [][]byte {
			f, _ := NewCodec([]byte("other")).Encode(testMessage())
			return f
		}, ErrSignature},
		{"a tampered content is rejected", func(t *testing.T) [][]byte { f := good(t); f[6] = []byte(`{"code":"rm"}`); return f }, ErrSignature},
		{"a signature that is not hex is rejected", func(t *testing.T) [][]byte { f := good(t); f[2] = []byte("zz"); return f }, ErrSignature},
		{"the right signature in upper-case hex is rejected", func(t *testing.T) [][]byte { f := good(t); f[2] = bytes.ToUpper(f[2]); return f }, ErrSignature},
		{"invalid JSON content is rejected", func(t *testing.T) [][]byte { f := good(t); f[6] = []byte(`{"code":`); return resign(f) }, ErrJSON},
		{"a content that is not an object is rejected", func(t *testing.T) [][]byte { f := good(t); f[6] = []byte(`[1]`); return resign(f) }, ErrJSON},
		{"a header without msg_type is rejected", func(t *testing.T) [][]byte { f := good(t); f[3] = []byte(`{"msg_id":"x"}`); return resign(f) }, ErrJSON},
		{"a header of the wrong shape is rejected", func(t *testing.T) [][]byte { f := good(t); f[3] = []byte(`{"msg_type":7}`); return resign(f) }, ErrJSON},
		{"a null metadata is rejected", func(t *testing.T) [][]byte { f := good(t); f[5] = []byte(`null`); return resign(f) }, ErrJSON},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := NewCodec([]byte("secret")).Decode(tc.frames(t))
			if !errors.Is(err, tc.want) {
				t.Errorf("got %v, want %v", err, tc.want)
			}
		})
	}
}

func TestDecodeRefusesReplays(t *testing.T) {
	c := NewCodec([]byte("secret"))
	frames, err := c.Encode(testMessage())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Decode(frames); err != nil {
		t.Fatalf("first decode: %v", err)
	}
	if _, err := c.Decode(frames); !errors.Is(err, ErrReplayed) {
		t.Errorf("second decode of the same frames: got %v, want ErrReplayed", err)
	}
	other := testMessage()
	other.Header.MsgID = "m2"
	frames2, _ := c.Encode(other)
	if _, err := c.Decode(frames2); err != nil {
		t.Errorf("another message after a replay: %v", err)
	}
}

func TestSeenSignaturesForgetsTheOldest(t *testing.T) {
	var s seenSignatures
	sig := func(i int) []byte { return fmt.Appendf(nil, "%032x", i) }
	for i := range recentSignatures {
		if !s.add(sig(i)) {
			t.Fatalf("signature %d reported as seen", i)
		}
	}
	if s.add(sig(0)) || s.add(sig(recentSignatures-1)) {
		t.Fatal("a remembered signature was accepted again")
	}
	if !s.add(sig(recentSignatures)) {
		t.Fatal("a new signature was refused")
	}
	if !s.add(sig(0)) {
		t.Error("the oldest signature is still remembered past the bound")
	}
	if s.add(sig(2)) {
		t.Error("a signature within the bound was forgotten")
	}
	if len(s.set) != recentSignatures || len(s.ring) != recentSignatures {
		t.Errorf("%d signatures kept, %d in the ring, want %d", len(s.set), len(s.ring), recentSignatures)
	}
}

func TestEmptyKeyDisablesSigning(t *testing.T) {
	c := NewCodec(nil)
	frames, err := c.Encode(testMessage())
	if err != nil {
		t.Fatal(err)
	}
	if len(frames[2]) != 0 {
		t.Errorf("signature with empty key: got %q, want empty", frames[2])
	}
	frames[2] = []byte("anything")
	if _, err := c.Decode(frames); err != nil {
		t.Errorf("empty key must accept any signature, got %v", err)
	}
}

func FuzzDecode(f *testing.F) {
	c := NewCodec([]byte("secret"))
	frames, _ := c.Encode(testMessage())
	join := func(fr [][]byte) []byte { return bytes.Join(fr, []byte{0}) }
	f.Add(join(frames))
	f.Add(join(frames[1:]))
	f.Add([]byte("<IDS|MSG>"))
	f.Add([]byte("<IDS|MSG>\x00\x00{}\x00{}\x00{}\x00{}"))
	f.Add([]byte("a\x00<IDS|MSG>\x00sig\x00{\"msg_type\":\"x\"}\x00{}\x00{}\x00{}\x00buf"))
	f.Add([]byte{})
	unsigned := NewCodec(nil)
	f.Fuzz(func(t *testing.T, data []byte) {
		fr := bytes.Split(data, []byte{0}) // NUL separates the frames
		for _, codec := range []*Codec{c, unsigned} {
			m, err := codec.Decode(fr)
			if err != nil {
				continue
			}
			// What decodes must encode again and decode to the same header.
			out, err := unsigned.Encode(m)
			if err != nil {
				t.Fatalf("re-encode: %v", err)
			}
			m2, err := unsigned.Decode(out)
			if err != nil || m2.Header != m.Header {
				t.Fatalf("re-decode: %v: %+v != %+v", err, m2.Header, m.Header)
			}
		}
	})
}
