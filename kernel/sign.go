package kernel

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"sync"
)

// signer computes and checks message signatures: the hex HMAC of the
// serialized header, parent header, metadata and content. An empty key
// disables signing, as the protocol says.
type signer struct {
	key []byte
	// macs holds HMACs keyed with key, reset after use: making one hashes
	// the key, which costs as much as signing a small message.
	macs *sync.Pool
}

func newSigner(key []byte) signer {
	key = bytes.Clone(key)
	return signer{key: key, macs: &sync.Pool{New: func() any { return hmac.New(sha256.New, key) }}}
}

func (s signer) enabled() bool { return len(s.key) > 0 }

func (s signer) mac(parts [][]byte) []byte {
	h := s.macs.Get().(hash.Hash)
	for _, p := range parts {
		h.Write(p)
	}
	sum := h.Sum(make([]byte, 0, sha256.Size))
	h.Reset()
	s.macs.Put(h)
	return sum
}

// sign returns the hex signature of parts, or nil when signing is disabled.
func (s signer) sign(parts [][]byte) []byte {
	if !s.enabled() {
		return nil
	}
	sum := s.mac(parts)
	out := make([]byte, hex.EncodedLen(len(sum)))
	hex.Encode(out, sum)
	return out
}

// verify reports whether sig is the signature of parts, comparing in
// constant time. The signature must be written as Jupyter writes it, in
// lower-case hex: an upper-case spelling of the right HMAC is refused, as
// ipykernel refuses it. With signing disabled every signature is accepted.
func (s signer) verify(sig []byte, parts [][]byte) bool {
	if !s.enabled() {
		return true
	}
	return hmac.Equal(sig, s.sign(parts))
}

// recentSignatures is how many accepted signatures a Codec remembers to
// refuse replays; ipykernel's digest history keeps as many (2^16). At most
// about 3 MiB.
const recentSignatures = 1 << 16

// seenSignatures remembers the signatures of the last recentSignatures
// messages a Codec accepted, so that a signed message captured and sent
// again is refused. It forgets the oldest first. It is safe for concurrent
// use; the zero value is ready.
type seenSignatures struct {
	mu   sync.Mutex
	set  map[[32]byte]struct{}
	ring [][32]byte // in order of arrival, from next on
	next int
}

// add records sig and reports whether it was new. The first 32 hex digits
// (128 bits of the HMAC) identify a signature.
func (s *seenSignatures) add(sig []byte) bool {
	var k [32]byte
	copy(k[:], sig)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.set[k]; dup {
		return false
	}
	if s.set == nil {
		s.set = make(map[[32]byte]struct{})
	}
	if len(s.ring) < recentSignatures {
		s.ring = append(s.ring, k)
	} else {
		delete(s.set, s.ring[s.next])
		s.ring[s.next] = k
		s.next = (s.next + 1) % recentSignatures
	}
	s.set[k] = struct{}{}
	return true
}
