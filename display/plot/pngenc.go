package plot

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/png"
)

// encodePNG writes img as a PNG. Opaque RGBA images, which is what a plot
// on its default white background is, take a fast path: 8-bit RGB rows with
// the "up" filter and the fastest deflate level. The standard encoder tries
// five filters on every row, which costs more than drawing the plot; a plot
// is mostly rows equal to the one above, which the up filter turns into
// zeros that deflate well. Other images go to the standard encoder.
func encodePNG(buf *bytes.Buffer, img image.Image) error {
	rgba, ok := img.(*image.RGBA)
	if !ok || !rgba.Opaque() {
		return encoder.Encode(buf, img)
	}
	b := rgba.Bounds()
	w, h := b.Dx(), b.Dy()
	buf.WriteString("\x89PNG\r\n\x1a\n")
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(w))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(h))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits per sample, truecolour
	writeChunk(buf, "IHDR", ihdr[:])

	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return err
	}
	prev := make([]byte, 3*w) // the previous row, unfiltered; zeros above the first
	cur := make([]byte, 3*w)
	row := make([]byte, 1+3*w)
	row[0] = 2 // filter type "up"
	for y := 0; y < h; y++ {
		pix := rgba.Pix[(y+b.Min.Y-rgba.Rect.Min.Y)*rgba.Stride+(b.Min.X-rgba.Rect.Min.X)*4:]
		for x := 0; x < w; x++ {
			cur[3*x], cur[3*x+1], cur[3*x+2] = pix[4*x], pix[4*x+1], pix[4*x+2]
		}
		for i, c := range cur {
			row[1+i] = c - prev[i]
		}
		if _, err := zw.Write(row); err != nil {
			return err
		}
		prev, cur = cur, prev
	}
	if err := zw.Close(); err != nil {
		return err
	}
	writeChunk(buf, "IDAT", idat.Bytes())
	writeChunk(buf, "IEND", nil)
	return nil
}

func writeChunk(buf *bytes.Buffer, name string, data []byte) {
	var n [4]byte
	binary.BigEndian.PutUint32(n[:], uint32(len(data)))
	buf.Write(n[:])
	crc := crc32.NewIEEE()
	crc.Write([]byte(name))
	crc.Write(data)
	buf.WriteString(name)
	buf.Write(data)
	binary.BigEndian.PutUint32(n[:], crc.Sum32())
	buf.Write(n[:])
}

// encoder is the standard encoder for images off the fast path.
var encoder = png.Encoder{CompressionLevel: png.BestSpeed}
