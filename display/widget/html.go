package widget

import (
	"fmt"
	"strings"
)

// HTML that keeps its colours when a frontend strips inline styles.
//
// Jupyter Notebook 6 sanitizes the HTML outputs of a notebook it does not
// trust (one saved elsewhere, or the tutorials before `jupyter trust`):
// its sanitizer (sanitize-html, with the tags and attributes Google Caja
// allowed) removes every style attribute, <style> element and SVG drawing,
// but keeps the presentational attributes of HTML 4 (bgcolor, width and
// height on table cells, color on font) and the <progress> element. So each
// coloured part is drawn twice over: inline styles, which win wherever
// they survive, and those attributes underneath, which draw a plainer but
// still coloured card, bar or badge when the styles are gone.

// segment is one coloured part of a stacked bar: a fraction of its width.
type segment struct {
	frac  float64
	color string
}

// stackedBar draws segments side by side in a bar width×height pixels, as
// a one-row table whose cells carry their colour as bgcolor too.
func stackedBar(segs []segment, width, height int) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<table class="gofutures-bar" width="%d" cellspacing="0" cellpadding="0" border="0" `+
		`style="border-collapse:collapse;table-layout:fixed;width:%dpx;margin:4px 0 0;border:none"><tr style="background:none">`, width, width)
	for _, s := range segs {
		pct := 100 * s.frac
		fmt.Fprintf(&b, `<td width="%.1f%%" height="%d" bgcolor="%s" style="width:%.1f%%;height:%dpx;padding:0;border:none;background:%s"></td>`,
			pct, height, s.color, pct, height, s.color)
	}
	b.WriteString(`</tr></table>`)
	return b.String()
}

// badge is a state name on a pill of its colour; unstyled, the name is
// written in that colour instead.
func badge(text, color string) string {
	return fmt.Sprintf(`<font color="%s"><span style="background:%s;color:white;border-radius:8px;padding:0 6px">%s</span></font>`,
		color, color, esc(text))
}

// swatch is a small square of a colour, before a label.
func swatch(color string) string {
	return fmt.Sprintf(`<font color="%s"><span style="color:%s">&#9632;</span></font>`, color, color)
}

// card opens a box with a coloured strip on its left, a table of one row
// whose first cell is the strip; closeCard ends it.
func card(class, color string) string {
	return fmt.Sprintf(`<table class="%s" cellspacing="0" cellpadding="0" border="0" style="border-collapse:collapse;`+
		`display:inline-table;margin:0;font-family:sans-serif;font-size:12px;border:1px solid #ddd;border-radius:3px">`+
		`<tr style="background:none"><td width="4" bgcolor="%s" style="width:4px;min-width:4px;padding:0;border:none;background:%s"></td>`+
		`<td align="left" style="padding:4px 8px;text-align:left;line-height:1.5;border:none">`, class, color, color)
}

const closeCard = `</td></tr></table>`
