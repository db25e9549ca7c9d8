package display

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"image"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"unicode/utf8"
)

// MIMEGIF is the MIME type of GIF images, which []byte values may hold.
const MIMEGIF = "image/gif"

// TextBundle returns a bundle holding only text/plain.
func TextBundle(s string) Bundle {
	return Bundle{Data: map[string]any{MIMEText: s}, Metadata: map[string]any{}}
}

// HTMLBundle returns a bundle holding html, with the text it contains as
// the text/plain fallback.
func HTMLBundle(html string) Bundle { return withText(MIMEHTML, html, stripTags(html)) }

// MarkdownBundle returns a bundle holding markdown, which is also its
// text/plain fallback.
func MarkdownBundle(md string) Bundle { return withText(MIMEMarkdown, md, md) }

// LaTeXBundle returns a bundle holding latex (such as "$x^2$"), which is
// also its text/plain fallback.
func LaTeXBundle(latex string) Bundle { return withText(MIMELaTeX, latex, latex) }

// SVGBundle returns a bundle holding an SVG document.
func SVGBundle(svg string) Bundle { return withText(MIMESVG, svg, "<image/svg+xml>") }

// JSONBundle returns a bundle holding v as application/json, with indented
// JSON as the text/plain fallback. v must be encodable by encoding/json.
func JSONBundle(v any) Bundle {
	text, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return TextBundle(fmt.Sprintf("display: %v", err))
	}
	b := withText(MIMEJSON, v, string(text))
	b.Metadata[MIMEJSON] = map[string]any{"expanded": false}
	return b
}

// PNGBundle returns a bundle holding a PNG image given as raw bytes; the
// bundle carries them base64-encoded, as Jupyter expects.
func PNGBundle(data []byte) Bundle { return imageBytes(MIMEPNG, data) }

// JPEGBundle returns a bundle holding a JPEG image given as raw bytes.
func JPEGBundle(data []byte) Bundle { return imageBytes(MIMEJPEG, data) }

func withText(mime string, data any, text string) Bundle {
	return Bundle{Data: map[string]any{mime: data, MIMEText: text}, Metadata: map[string]any{}}
}

func imageBytes(mime string, data []byte) Bundle {
	text := "<" + mime + ">"
	if w, h, ok := imageSize(mime, data); ok {
		text = fmt.Sprintf("<%s %dx%d>", mime, w, h)
	}
	return withText(mime, base64.StdEncoding.EncodeToString(data), text)
}

func imageSize(mime string, data []byte) (w, h int, ok bool) {
	var (
		cfg image.Config
		err error
	)
	switch mime {
	case MIMEPNG:
		cfg, err = png.DecodeConfig(bytes.NewReader(data))
	case MIMEJPEG:
		cfg, err = jpeg.DecodeConfig(bytes.NewReader(data))
	case MIMEGIF:
		cfg, err = gif.DecodeConfig(bytes.NewReader(data))
	default:
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, err == nil
}

func imageBundle(img image.Image) Bundle {
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return TextBundle(fmt.Sprintf("display: %v", err))
	}
	return PNGBundle(buf.Bytes())
}

// sniffImage recognises PNG, JPEG and GIF images by their signature and
// header (which must decode), and SVG documents by their root element.
func sniffImage(data []byte) (Bundle, bool) {
	for _, c := range []struct {
		mime, magic string
	}{
		{MIMEPNG, "\x89PNG\r\n\x1a\n"},
		{MIMEJPEG, "\xff\xd8\xff"},
		{MIMEGIF, "GIF8"},
	} {
		if bytes.HasPrefix(data, []byte(c.magic)) {
			if _, _, ok := imageSize(c.mime, data); ok {
				return imageBytes(c.mime, data), true
			}
			return Bundle{}, false
		}
	}
	if isSVG(data) {
		return SVGBundle(string(data)), true
	}
	return Bundle{}, false
}

func isSVG(data []byte) bool {
	if !utf8.Valid(data) {
		return false
	}
	s := strings.TrimSpace(strings.TrimPrefix(string(data), "\ufeff"))
	if strings.HasPrefix(s, "<?xml") {
		if i := strings.Index(s, "?>"); i >= 0 {
			s = strings.TrimSpace(s[i+2:])
		}
	}
	return strings.HasPrefix(s, "<svg") && strings.HasSuffix(s, "</svg>")
}

// plainFallback makes the text/plain of a bundle that lacks one: the
// value's String or Error when it has one, else the richest text form of
// the data, else fmt's form of the value.
func plainFallback(data map[string]any, v any) string {
	switch v.(type) {
	case fmt.Stringer, error:
		return fmt.Sprint(v)
	}
	if s, ok := data[MIMEMarkdown].(string); ok {
		return s
	}
	if s, ok := data[MIMELaTeX].(string); ok {
		return s
	}
	if s, ok := data[MIMEHTML].(string); ok {
		return stripTags(s)
	}
	for _, mime := range []string{MIMEPNG, MIMEJPEG, MIMEGIF, MIMESVG} {
		if _, ok := data[mime]; ok {
			return "<" + mime + ">"
		}
	}
	if d, ok := data[MIMEJSON]; ok {
		if text, err := json.Marshal(d); err == nil {
			return string(text)
		}
	}
	switch v.(type) {
	case Bundle, *Bundle, Rich, *Rich:
		return ""
	}
	return fmt.Sprint(v)
}
