package display

import (
	"fmt"
	"image"
	"sync"
)

// Rich-value interfaces: a value with one of these methods shows in that
// MIME type, so that libraries can be displayed without importing display.
type (
	// HTMLer renders a value as text/html.
	HTMLer interface{ HTML() string }
	// Markdowner renders a value as text/markdown.
	Markdowner interface{ Markdown() string }
	// PNGer renders a value as a PNG image (raw bytes, not base64).
	PNGer interface{ PNG() []byte }
	// JPEGer renders a value as a JPEG image (raw bytes, not base64).
	JPEGer interface{ JPEG() []byte }
	// SVGer renders a value as image/svg+xml.
	SVGer interface{ SVG() string }
	// LaTeXer renders a value as text/latex.
	LaTeXer interface{ LaTeX() string }
	// JSONer renders a value as application/json (any JSON-encodable value).
	JSONer interface{ JSON() any }
	// Bundler renders a value as a whole Bundle.
	Bundler interface{ Bundle() Bundle }
)

// Rich carries a value together with its renderings. yaegi hides the
// methods of interpreted types from compiled code, so the interpreter, which
// can still assert them, fills the fields it finds and hands Rich to
// FromValue. Nil fields are skipped; Value supplies whatever FromValue
// makes of it (text/plain at least), and Text, when set, overrides text/plain.
type Rich struct {
	Value    any
	Text     fmt.Stringer
	HTML     HTMLer
	Markdown Markdowner
	PNG      PNGer
	JPEG     JPEGer
	SVG      SVGer
	LaTeX    LaTeXer
	JSON     JSONer
	Bundle   Bundler
}

// Renderer renders the values it knows (a plot, say) and reports whether it
// did. Packages that display foreign types register one with Register.
type Renderer func(v any) (Bundle, bool)

var renderers struct {
	mu   sync.RWMutex
	next int
	m    map[int]Renderer
	ids  []int // registration order
}

// Register adds r to the renderers FromValue consults, after Bundle, Rich
// and Bundler values and before the one-method interfaces. Renderers are
// tried in registration order; the returned function removes r. display/plot
// registers the gonum plot renderer when it is imported.
func Register(r func(v any) (Bundle, bool)) (unregister func()) {
	renderers.mu.Lock()
	defer renderers.mu.Unlock()
	if renderers.m == nil {
		renderers.m = map[int]Renderer{}
	}
	id := renderers.next
	renderers.next++
	renderers.m[id] = r
	renderers.ids = append(renderers.ids, id)
	return func() {
		renderers.mu.Lock()
		defer renderers.mu.Unlock()
		delete(renderers.m, id)
		for i, x := range renderers.ids {
			if x == id {
				renderers.ids = append(renderers.ids[:i:i], renderers.ids[i+1:]...)
				break
			}
		}
	}
}

func registered() []Renderer {
	renderers.mu.RLock()
	defer renderers.mu.RUnlock()
	rs := make([]Renderer, 0, len(renderers.ids))
	for _, id := range renderers.ids {
		rs = append(rs, renderers.m[id])
	}
	return rs
}

// FromValue renders any value as a Bundle, trying in order: a Bundle or
// *Bundle (copied), Rich, Bundler, the registered renderers, then every
// one-method interface the value has (HTMLer, Markdowner, PNGer, JPEGer,
// SVGer, LaTeXer, JSONer), an image.Image (as PNG), and []byte holding a
// PNG, JPEG, GIF or SVG image. text/plain is always set: fmt's form of the
// value (String or Error when it has them) unless a rendering supplied one.
// Metadata is never nil.
//
// A panic in a value's method does not escape: the bundle then says what
// panicked in text/plain, because FromValue also runs on timer goroutines
// where a panic would end the process.
func FromValue(v any) (b Bundle) {
	defer func() {
		if r := recover(); r != nil {
			b = TextBundle(fmt.Sprintf("display: panic rendering %T: %v", v, r))
		}
	}()
	return normalize(render(v), v)
}

func render(v any) Bundle {
	switch x := v.(type) {
	case nil:
		return TextBundle("<nil>")
	case Bundle:
		return x
	case *Bundle:
		if x == nil {
			return TextBundle("<nil>")
		}
		return *x
	case Rich:
		return renderRich(x)
	case *Rich:
		if x == nil {
			return TextBundle("<nil>")
		}
		return renderRich(*x)
	case Bundler:
		return x.Bundle()
	}
	for _, r := range registered() {
		if b, ok := r(v); ok {
			return b
		}
	}
	b := Bundle{Data: map[string]any{}, Metadata: map[string]any{}}
	if addInterfaces(b, v) {
		return b
	}
	switch x := v.(type) {
	case image.Image:
		return imageBundle(x)
	case []byte:
		if ib, ok := sniffImage(x); ok {
			return ib
		}
	}
	return TextBundle(fmt.Sprint(v))
}

// addInterfaces adds the rendering of each one-method interface v has and
// reports whether there was any.
func addInterfaces(b Bundle, v any) bool {
	n := len(b.Data)
	if x, ok := v.(HTMLer); ok {
		b.Data[MIMEHTML] = x.HTML()
	}
	if x, ok := v.(Markdowner); ok {
		b.Data[MIMEMarkdown] = x.Markdown()
	}
	if x, ok := v.(PNGer); ok {
		mergeImage(b, PNGBundle(x.PNG()))
	}
	if x, ok := v.(JPEGer); ok {
		mergeImage(b, JPEGBundle(x.JPEG()))
	}
	if x, ok := v.(SVGer); ok {
		b.Data[MIMESVG] = x.SVG()
	}
	if x, ok := v.(LaTeXer); ok {
		b.Data[MIMELaTeX] = x.LaTeX()
	}
	if x, ok := v.(JSONer); ok {
		b.Data[MIMEJSON] = x.JSON()
	}
	return len(b.Data) > n
}

func mergeImage(dst, src Bundle) {
	for k, d := range src.Data {
		if k != MIMEText {
			dst.Data[k] = d
		}
	}
	for k, m := range src.Metadata {
		dst.Metadata[k] = m
	}
}

func renderRich(r Rich) Bundle {
	b := Bundle{Data: map[string]any{}, Metadata: map[string]any{}}
	if r.Value != nil {
		merge(b, normalize(render(r.Value), r.Value))
	}
	if r.Bundle != nil {
		merge(b, r.Bundle.Bundle())
	}
	if r.HTML != nil {
		b.Data[MIMEHTML] = r.HTML.HTML()
	}
	if r.Markdown != nil {
		b.Data[MIMEMarkdown] = r.Markdown.Markdown()
	}
	if r.PNG != nil {
		mergeImage(b, PNGBundle(r.PNG.PNG()))
	}
	if r.JPEG != nil {
		mergeImage(b, JPEGBundle(r.JPEG.JPEG()))
	}
	if r.SVG != nil {
		b.Data[MIMESVG] = r.SVG.SVG()
	}
	if r.LaTeX != nil {
		b.Data[MIMELaTeX] = r.LaTeX.LaTeX()
	}
	if r.JSON != nil {
		b.Data[MIMEJSON] = r.JSON.JSON()
	}
	if r.Text != nil {
		b.Data[MIMEText] = r.Text.String()
	}
	return b
}

func merge(dst, src Bundle) {
	for k, d := range src.Data {
		dst.Data[k] = d
	}
	for k, m := range src.Metadata {
		dst.Metadata[k] = m
	}
}

// normalize copies b's maps, so that the caller may keep changing its own,
// and fills in text/plain and Metadata.
func normalize(b Bundle, v any) Bundle {
	out := Bundle{Data: make(map[string]any, len(b.Data)+1), Metadata: make(map[string]any, len(b.Metadata))}
	for k, d := range b.Data {
		out.Data[k] = d
	}
	for k, m := range b.Metadata {
		out.Metadata[k] = m
	}
	if _, ok := out.Data[MIMEText]; !ok {
		out.Data[MIMEText] = plainFallback(out.Data, v)
	}
	return out
}
