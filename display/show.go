package display

// The functions below show their output at once, as a new display_data
// output of the running cell, through Current(). Each bundle carries a
// text/plain fallback. To change an output later, show it through a Handle
// instead (New, then Show and Update).

// HTML shows an HTML fragment.
func HTML(html string) { show(HTMLBundle(html)) }

// Markdown shows Markdown text.
func Markdown(md string) { show(MarkdownBundle(md)) }

// Text shows plain text as an output (not as stdout).
func Text(s string) { show(TextBundle(s)) }

// PNG shows a PNG image given as raw bytes.
func PNG(data []byte) { show(PNGBundle(data)) }

// JPEG shows a JPEG image given as raw bytes.
func JPEG(data []byte) { show(JPEGBundle(data)) }

// SVG shows an SVG document.
func SVG(svg string) { show(SVGBundle(svg)) }

// JSON shows v, which encoding/json must be able to encode, as a JSON tree.
func JSON(v any) { show(JSONBundle(v)) }

// LaTeX shows LaTeX math, such as "$e^{i\pi} + 1 = 0$".
func LaTeX(latex string) { show(LaTeXBundle(latex)) }

// Show shows any value, rendered by FromValue: a string, a Bundle, a Rich,
// an image, a value with HTML/Markdown/PNG/SVG/... methods, or a value a
// registered renderer knows (a gonum plot once display/plot is imported).
// A value that a live shower takes (RegisterLive) is shown by it instead.
func Show(v any) {
	if !showLive(v, Current()) {
		show(FromValue(v))
	}
}

// Clear clears the output of the running cell; with wait, only when the
// next output arrives, which avoids flicker when redrawing.
func Clear(wait bool) { Current().Clear(wait) }

func show(b Bundle) { Current().Display(b, "") }
