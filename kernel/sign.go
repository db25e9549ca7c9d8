package kernel

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"hash"
)

// signer computes and checks message signatures: the hex HMAC of the
// serialized header, parent header, metadata and content. An empty key
// disables signing, as the protocol says.
type signer struct {
	key []byte
}

func (s signer) enabled() bool { return len(s.key) > 0 }

func (s signer) mac(parts [][]byte) []byte {
	var h hash.Hash = hmac.New(sha256.New, s.key)
	for _, p := range parts {
		h.Write(p)
	}
	return h.Sum(nil)
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
// constant time. With signing disabled every signature is accepted.
func (s signer) verify(sig []byte, parts [][]byte) bool {
	if !s.enabled() {
		return true
	}
	got := make([]byte, hex.DecodedLen(len(sig)))
	if _, err := hex.Decode(got, sig); err != nil {
		return false
	}
	return hmac.Equal(got, s.mac(parts))
}
