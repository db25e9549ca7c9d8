package plot

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"testing"
)

func TestEncodePNGRoundTrips(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	opaque := image.NewRGBA(image.Rect(0, 0, 37, 23))
	for i := range opaque.Pix {
		opaque.Pix[i] = byte(rng.IntN(256))
		if i%4 == 3 {
			opaque.Pix[i] = 255
		}
	}
	translucent := image.NewRGBA(image.Rect(0, 0, 5, 5))
	translucent.Set(2, 2, color.RGBA{100, 0, 0, 128})
	tests := []struct {
		name string
		img  image.Image
	}{
		{"encodes an opaque image on the fast path", opaque},
		{"encodes a sub-image that does not start at the origin", opaque.SubImage(image.Rect(3, 4, 30, 20))},
		{"encodes a translucent image with the standard encoder", translucent},
		{"encodes a gray image with the standard encoder", image.NewGray(image.Rect(0, 0, 4, 4))},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			if err := encodePNG(&buf, tt.img); err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(&buf)
			if err != nil {
				t.Fatal(err)
			}
			b := tt.img.Bounds()
			if got.Bounds().Size() != b.Size() {
				t.Fatalf("size %v, want %v", got.Bounds().Size(), b.Size())
			}
			for y := 0; y < b.Dy(); y++ {
				for x := 0; x < b.Dx(); x++ {
					g := color.NRGBAModel.Convert(got.At(x, y))
					w := color.NRGBAModel.Convert(tt.img.At(b.Min.X+x, b.Min.Y+y))
					if g != w {
						t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, g, w)
					}
				}
			}
		})
	}
}
