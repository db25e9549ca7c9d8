package display_test

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gofutures/gofutures/display"
)

type stringer struct{}

func (stringer) String() string { return "a stringer" }

type htmlOnly struct{ N int }

func (h htmlOnly) HTML() string { return "<b>bold</b> &amp; more" }

type manyFaces struct{}

func (manyFaces) String() string   { return "many" }
func (manyFaces) HTML() string     { return "<i>many</i>" }
func (manyFaces) Markdown() string { return "*many*" }
func (manyFaces) SVG() string      { return "<svg/>" }
func (manyFaces) LaTeX() string    { return "$m$" }
func (manyFaces) JSON() any        { return map[string]any{"m": 1} }
func (manyFaces) PNG() []byte      { return tinyPNG() }
func (manyFaces) JPEG() []byte     { return []byte("not really") }

type panicky struct{}

func (panicky) HTML() string { panic("boom") }

type bundler struct{}

func (bundler) Bundle() display.Bundle {
	return display.Bundle{Data: map[string]any{"text/html": "<p>from bundler</p>"}}
}

type celsius float64

func tinyPNG() []byte {
	img := image.NewRGBA(image.Rect(0, 0, 3, 2))
	img.Set(1, 1, color.RGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	png.Encode(&buf, img)
	return buf.Bytes()
}

func b64(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

func TestFromValue(t *testing.T) {
	unregister := display.Register(func(v any) (display.Bundle, bool) {
		if c, ok := v.(celsius); ok {
			return display.LaTeXBundle(fmt.Sprintf("$%g^\\circ C$", float64(c))), true
		}
		return display.Bundle{}, false
	})
	defer unregister()

	tests := []struct {
		name string
		v    any
		want map[string]any
	}{
		{"renders nil as text", nil, map[string]any{"text/plain": "<nil>"}},
		{"renders a string as itself", "hello", map[string]any{"text/plain": "hello"}},
		{"renders a number with fmt", 42, map[string]any{"text/plain": "42"}},
		{"renders an error by its message", errors.New("bad"), map[string]any{"text/plain": "bad"}},
		{"renders a Stringer by String", stringer{}, map[string]any{"text/plain": "a stringer"}},
		{"renders an HTMLer with the text of its HTML as fallback", htmlOnly{1}, map[string]any{
			"text/html": "<b>bold</b> &amp; more", "text/plain": "bold & more"}},
		{"renders every interface a value has", manyFaces{}, map[string]any{
			"text/plain": "many", "text/html": "<i>many</i>", "text/markdown": "*many*", "image/svg+xml": "<svg/>",
			"text/latex": "$m$", "application/json": map[string]any{"m": 1}, "image/png": b64(tinyPNG()),
			"image/jpeg": b64([]byte("not really"))}},
		{"renders a Bundler and fills in text", bundler{}, map[string]any{
			"text/html": "<p>from bundler</p>", "text/plain": "from bundler"}},
		{"copies a Bundle and keeps its text", display.Bundle{Data: map[string]any{"text/plain": "t", "text/html": "h"}},
			map[string]any{"text/plain": "t", "text/html": "h"}},
		{"gives a Bundle without text the text of its markdown", &display.Bundle{Data: map[string]any{"text/markdown": "# T"}},
			map[string]any{"text/plain": "# T", "text/markdown": "# T"}},
		{"renders Rich from its fields and its value", display.Rich{Value: 7, HTML: htmlOnly{}, Markdown: manyFaces{}},
			map[string]any{"text/plain": "7", "text/html": "<b>bold</b> &amp; more", "text/markdown": "*many*"}},
		{"lets Rich's Text override text/plain", &display.Rich{Value: 7, Text: stringer{}},
			map[string]any{"text/plain": "a stringer"}},
		{"renders a Rich without value from its fields", display.Rich{SVG: manyFaces{}},
			map[string]any{"text/plain": "<image/svg+xml>", "image/svg+xml": "<svg/>"}},
		{"consults registered renderers", celsius(21.5), map[string]any{"text/plain": "$21.5^\\circ C$", "text/latex": "$21.5^\\circ C$"}},
		{"renders PNG bytes as an image", tinyPNG(), map[string]any{"text/plain": "<image/png 3x2>", "image/png": b64(tinyPNG())}},
		{"renders SVG bytes as an image", []byte(`<?xml version="1.0"?> <svg width="1"></svg>`),
			map[string]any{"text/plain": "<image/svg+xml>", "image/svg+xml": `<?xml version="1.0"?> <svg width="1"></svg>`}},
		{"renders other bytes as fmt does", []byte{1, 2}, map[string]any{"text/plain": "[1 2]"}},
		{"renders bytes with a PNG signature but no valid header as fmt does", []byte("\x89PNG\r\n\x1a\nxx"),
			map[string]any{"text/plain": "[137 80 78 71 13 10 26 10 120 120]"}},
		{"renders an image.Image as PNG", image.NewGray(image.Rect(0, 0, 4, 5)), nil},
		{"turns a panic in a method into text", panicky{}, map[string]any{"text/plain": "display: panic rendering display_test.panicky: boom"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b := display.FromValue(tt.v)
			if b.Metadata == nil {
				t.Errorf("Metadata is nil")
			}
			if tt.want == nil { // checked by its text only
				if got := b.Data["text/plain"]; got != "<image/png 4x5>" {
					t.Errorf("text/plain = %v, want <image/png 4x5>", got)
				}
				return
			}
			if !reflect.DeepEqual(b.Data, tt.want) {
				t.Errorf("FromValue(%#v).Data =\n\t%#v\nwant\n\t%#v", tt.v, b.Data, tt.want)
			}
		})
	}
}

func TestFromValueCopiesTheBundle(t *testing.T) {
	in := display.Bundle{Data: map[string]any{"text/plain": "a"}}
	out := display.FromValue(in)
	in.Data["text/plain"] = "b"
	if out.Data["text/plain"] != "a" {
		t.Errorf("FromValue shares the caller's map")
	}
}

func TestRegisterRemovesTheRendererOnUnregister(t *testing.T) {
	unregister := display.Register(func(v any) (display.Bundle, bool) { return display.TextBundle("caught"), true })
	if got := display.FromValue(1).Data["text/plain"]; got != "caught" {
		t.Fatalf("registered renderer not consulted: got %v", got)
	}
	unregister()
	if got := display.FromValue(1).Data["text/plain"]; got != "1" {
		t.Errorf("after unregister got %v, want 1", got)
	}
}

func TestBundleConstructors(t *testing.T) {
	tests := []struct {
		name string
		b    display.Bundle
		want map[string]any
	}{
		{"html falls back to its text", display.HTMLBundle("<p>a</p><p>b&lt;c</p><script>x()</script><!-- no -->"),
			map[string]any{"text/html": "<p>a</p><p>b&lt;c</p><script>x()</script><!-- no -->", "text/plain": "a b<c"}},
		{"json falls back to indented json", display.JSONBundle(map[string]int{"a": 1}),
			map[string]any{"application/json": map[string]int{"a": 1}, "text/plain": "{\n  \"a\": 1\n}"}},
		{"json reports what it cannot encode", display.JSONBundle(func() {}),
			map[string]any{"text/plain": "display: json: unsupported type: func()"}},
		{"latex falls back to its source", display.LaTeXBundle("$x$"), map[string]any{"text/latex": "$x$", "text/plain": "$x$"}},
		{"jpeg with a bad header has no size", display.JPEGBundle([]byte{0xff}),
			map[string]any{"image/jpeg": "/w==", "text/plain": "<image/jpeg>"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !reflect.DeepEqual(tt.b.Data, tt.want) {
				t.Errorf("Data =\n\t%#v\nwant\n\t%#v", tt.b.Data, tt.want)
			}
		})
	}
}

// FuzzFromValueBytes checks that any bytes render without panicking, with
// text, and that an image type is claimed only for bytes that decode.
func FuzzFromValueBytes(f *testing.F) {
	f.Add(tinyPNG())
	f.Add([]byte("\xff\xd8\xff\xe0"))
	f.Add([]byte("GIF89a\x01\x00\x01\x00"))
	f.Add([]byte("<svg></svg>"))
	f.Add([]byte("<?xml?><svg>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		b := display.FromValue(data)
		if _, ok := b.Data["text/plain"].(string); !ok {
			t.Fatalf("no text/plain in %v", b.Data)
		}
		if s, ok := b.Data["image/png"].(string); ok {
			raw, _ := base64.StdEncoding.DecodeString(s)
			if _, err := png.DecodeConfig(bytes.NewReader(raw)); err != nil {
				t.Fatalf("claimed PNG does not decode: %v", err)
			}
		}
		if s, ok := b.Data["image/svg+xml"].(string); ok && !strings.Contains(s, "<svg") {
			t.Fatalf("claimed SVG has no svg element: %q", s)
		}
	})
}

// FuzzHTMLText checks the text/plain made from HTML: no panic, valid UTF-8
// for valid input, and no tag survives.
func FuzzHTMLText(f *testing.F) {
	for _, s := range []string{"<p>a</p>", "<SCRIPT>x</script>y", "a<!--b", "<b", "İ<SCRİPT>x</SCRIPT>", "&lt;b&gt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, html string) {
		text := display.HTMLBundle(html).Data["text/plain"].(string)
		if utf8.ValidString(html) && !utf8.ValidString(text) {
			t.Fatalf("text %q of valid %q is not valid UTF-8", text, html)
		}
		if !strings.Contains(html, "&") && strings.Contains(text, "<") && strings.Contains(text[strings.Index(text, "<"):], ">") {
			t.Fatalf("a tag survived in %q (from %q)", text, html)
		}
	})
}
