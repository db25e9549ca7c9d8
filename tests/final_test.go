package tests

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	_ "image/jpeg" // decoders for notBlank
	_ "image/png"
	"regexp"
	"strconv"
	"strings"
)

// notBlank decodes a base64 image and reports an error when it cannot be
// decoded or every pixel has the same colour.
func notBlank(b64 string) error {
	raw, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(b64), ""))
	if err != nil {
		return fmt.Errorf("not base64: %w", err)
	}
	img, _, err := image.Decode(bytes.NewReader(raw))
	if err != nil {
		return fmt.Errorf("not an image: %w", err)
	}
	r := img.Bounds()
	if r.Empty() {
		return errors.New("the image is empty")
	}
	r0, g0, b0, a0 := img.At(r.Min.X, r.Min.Y).RGBA()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if r1, g1, b1, a1 := img.At(x, y).RGBA(); r1 != r0 || g1 != g0 || b1 != b0 || a1 != a0 {
				return nil
			}
		}
	}
	return fmt.Errorf("the %dx%d image is blank", r.Dx(), r.Dy())
}

// The live displays announce themselves in their plain-text fallback, as
// the futures package prints them: a progress bar reads
// "[####    ] | 100% Completed | 30/30 | 1.2s", a future
// "<Future: finished, type: int, key: inc-3f9a...>" (or, from a widget,
// "Future: inc status: finished ..."). If those renderings change, change
// these too; the unit tests pin what is recognized.
var (
	progressText = regexp.MustCompile(`(?m)^\[[^\]\n]*\][^\n]*?%[^\n]*?\b(\d+)\s*/\s*(\d+)`)
	futureText   = regexp.MustCompile(`(?m)^<?Future\b[^\n]*?\b(pending|running|finished|error|cancelled|lost)\b`)
)

// progressOf reads a progress bar's final state from an output.
func progressOf(o output) (done, total int, ok bool) {
	m := progressText.FindStringSubmatch(o.Data["text/plain"])
	if m == nil {
		return 0, 0, false
	}
	done, _ = strconv.Atoi(m[1])
	total, _ = strconv.Atoi(m[2])
	return done, total, true
}

// futureStatusOf reads a future widget's final status from an output.
func futureStatusOf(o output) (string, bool) {
	m := futureText.FindStringSubmatch(o.Data["text/plain"])
	if m == nil {
		return "", false
	}
	return m[1], true
}
