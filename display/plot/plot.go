// Package plot shows gonum plots in a notebook: it renders a *plot.Plot as a
// sharp PNG (or SVG on request) display bundle, and registers that renderer
// with display, so that display.Show(p) and Handle.Update(p) draw plots.
//
// Importing the package registers the renderer; the kernel imports it, so
// cells only import it to choose sizes or SVG.
package plot

import (
	"bytes"
	"fmt"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/gofutures/gofutures/display"
)

// Format is an image format a plot renders to.
type Format string

// The formats a plot renders to.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

// Defaults: a 6×4 inch plot, drawn at twice the resolution it is shown at,
// so that it stays sharp on high-density screens.
const (
	DefaultWidth  = 6 * vg.Inch
	DefaultHeight = 4 * vg.Inch
	DefaultScale  = 2
)

// cssDPI is how many CSS pixels a browser puts in an inch.
const cssDPI = 96

// Options says how to render a plot; the zero value renders a
// DefaultWidth×DefaultHeight PNG at DefaultScale.
type Options struct {
	Width, Height vg.Length
	Format        Format
	// Scale is how many image pixels make one displayed pixel (PNG only).
	Scale float64
}

func (o Options) withDefaults() Options {
	if o.Width <= 0 {
		o.Width = DefaultWidth
	}
	if o.Height <= 0 {
		o.Height = DefaultHeight
	}
	if o.Format == "" {
		o.Format = PNG
	}
	if o.Scale <= 0 {
		o.Scale = DefaultScale
	}
	return o
}

// Figure is a plot with the options to render it with. It is a
// display.Bundler, so display.Show and Handle.Update accept it:
// h.Update(plot.Figure{Plot: p, Options: plot.Options{Format: plot.SVG}}).
type Figure struct {
	Plot *gplot.Plot
	Options
}

// Bundle renders the figure; a rendering error becomes the bundle's text.
func (f Figure) Bundle() display.Bundle {
	b, err := Render(f.Plot, f.Options)
	if err != nil {
		return display.TextBundle(err.Error())
	}
	return b
}

func init() {
	display.Register(func(v any) (display.Bundle, bool) {
		p, ok := v.(*gplot.Plot)
		if !ok {
			return display.Bundle{}, false
		}
		return Figure{Plot: p}.Bundle(), true
	})
}

// Show shows p as a PNG in the running cell.
func Show(p *gplot.Plot) { display.Show(Figure{Plot: p}) }

// ShowSVG shows p as SVG in the running cell.
func ShowSVG(p *gplot.Plot) { display.Show(Figure{Plot: p, Options: Options{Format: SVG}}) }

// Update redraws p in place of the output of h, coalesced as Handle.Update
// is. It is the same as h.Update(p).
func Update(h *display.Handle, p *gplot.Plot) { h.Update(Figure{Plot: p}) }

// Render draws p as o says and returns it as a bundle. A PNG carries
// image/png metadata with its displayed width and height (its pixel size
// divided by o.Scale), which is what makes it look sharp and not oversized.
func Render(p *gplot.Plot, o Options) (display.Bundle, error) {
	if p == nil {
		return display.Bundle{}, fmt.Errorf("display/plot: nil plot")
	}
	o = o.withDefaults()
	w, h := int(float64(o.Width/vg.Inch)*cssDPI+0.5), int(float64(o.Height/vg.Inch)*cssDPI+0.5)
	text := fmt.Sprintf("<plot %dx%d>", w, h)
	if p.Title.Text != "" {
		text = fmt.Sprintf("<plot %q %dx%d>", p.Title.Text, w, h)
	}
	switch o.Format {
	case PNG:
		data, err := renderPNG(p, o)
		if err != nil {
			return display.Bundle{}, err
		}
		b := display.PNGBundle(data)
		b.Data[display.MIMEText] = text
		b.Metadata[display.MIMEPNG] = map[string]any{"width": w, "height": h}
		return b, nil
	case SVG:
		c := vgsvg.New(o.Width, o.Height)
		p.Draw(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return display.Bundle{}, fmt.Errorf("display/plot: %w", err)
		}
		b := display.SVGBundle(buf.String())
		b.Data[display.MIMEText] = text
		return b, nil
	}
	return display.Bundle{}, fmt.Errorf("display/plot: unknown format %q", o.Format)
}

func renderPNG(p *gplot.Plot, o Options) ([]byte, error) {
	c := vgimg.NewWith(vgimg.UseWH(o.Width, o.Height), vgimg.UseDPI(int(cssDPI*o.Scale+0.5)))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if err := encodePNG(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("display/plot: %w", err)
	}
	return buf.Bytes(), nil
}
