package install

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// Logo draws the kernel's logo, size pixels square, as PNG: a Go-blue disc
// with three white dots in a row, futures waiting to complete, the last
// one hollow.
func Logo(size int) ([]byte, error) {
	if size < 8 {
		return nil, fmt.Errorf("install: logo size %d too small", size)
	}
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := color.NRGBA{0x00, 0xad, 0xd8, 0xff}
	white := color.NRGBA{0xff, 0xff, 0xff, 0xff}
	s := float64(size)
	c := s / 2
	dots := []struct{ x, y, r, hole float64 }{
		{c - s*0.25, c, s * 0.09, 0},
		{c, c, s * 0.09, 0},
		{c + s*0.25, c, s * 0.09, s * 0.05},
	}
	for y := 0; y < size; y++ {
		for x := 0; x < size; x++ {
			px, py := float64(x)+0.5, float64(y)+0.5
			if math.Hypot(px-c, py-c) > s/2-0.5 {
				continue // transparent outside the disc
			}
			col := blue
			for _, d := range dots {
				r := math.Hypot(px-d.x, py-d.y)
				if r <= d.r && r >= d.hole {
					col = white
				}
			}
			img.SetNRGBA(x, y, col)
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("install: encode logo: %w", err)
	}
	return buf.Bytes(), nil
}
