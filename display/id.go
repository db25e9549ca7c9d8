package display

import (
	"crypto/rand"
	"encoding/hex"
)

// NewID returns a fresh display id: 32 random hex digits, unique among the
// outputs of a notebook for all practical purposes.
func NewID() string {
	var b [16]byte
	rand.Read(b[:]) // never fails (crypto/rand documents that it crashes instead)
	return hex.EncodeToString(b[:])
}
