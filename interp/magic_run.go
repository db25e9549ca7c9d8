package interp

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/gofutures/gofutures/display"
)

// magicCell is a cell that has magics: its cell magic, if any, and its
// segments in order.
type magicCell struct {
	cell, cellArgs string // "time" for %%time; "" without a cell magic
	segs           []segment
}

// segment is a run of Go lines, padded to keep the cell's positions, or
// one magic line.
type segment struct {
	goSrc string
	magic *magicLine
	pad   string // for a `%time GO` line: the cell up to its Go code, blanked
}

// parseMagics splits code into segments, or returns nil when it has no
// magic.
func parseMagics(code string) *magicCell {
	name, args, body, isCell := cellMagic(code)
	// The cell magic line, blanked, keeps the lines of the body in place.
	code = blankBytes(code[:body]) + code[body:]
	lines := magicLines(code)
	if !isCell && len(lines) == 0 {
		return nil
	}
	m := &magicCell{cell: name, cellArgs: args}
	if isCell && name == "" {
		m.cell = "%" // `%%` alone: an unknown cell magic
	}
	addGo := func(from, to int) {
		if strings.TrimSpace(code[from:to]) != "" {
			m.segs = append(m.segs, segment{goSrc: blankBytes(code[:from]) + code[from:to]})
		}
	}
	at := 0
	for i := range lines {
		ml := &lines[i]
		addGo(at, ml.start)
		seg := segment{magic: ml}
		if g, ok := timedGo(*ml); ok {
			seg.pad = blankBytes(code[:ml.start+g])
			seg.goSrc = code[ml.start+g : ml.end]
		}
		m.segs = append(m.segs, seg)
		at = ml.end
	}
	addGo(at, len(code))
	return m
}

// blankBytes replaces every byte of s but newlines with a space, keeping
// byte offsets, lines and columns.
func blankBytes(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c != '\n' {
			b[i] = ' '
		}
	}
	return string(b)
}

// executeMagics runs a cell that has magics; the caller holds s.mu.
func (s *Session) executeMagics(ctx context.Context, m *magicCell, out display.Sink) (*display.Bundle, error) {
	switch m.cell {
	case "":
		return s.runSegments(ctx, m.segs, out)
	case "time":
		if m.cellArgs != "" {
			return nil, usageError("%%%%time takes no arguments on its line; the cell below it is timed")
		}
		clock := startClock()
		b, err := s.runSegments(ctx, m.segs, out)
		s.say(out, "stdout", clock.report())
		return b, err
	}
	return nil, usageError(fmt.Sprintf("Cell magic `%%%%%s` not found.", m.cell))
}

// runSegments runs segs in order and returns the result of the last one.
// It stops at the first error.
func (s *Session) runSegments(ctx context.Context, segs []segment, out display.Sink) (*display.Bundle, error) {
	var result *display.Bundle
	for _, seg := range segs {
		if ctx.Err() != nil {
			return nil, interruptedError()
		}
		var b *display.Bundle
		var err error
		if seg.magic == nil {
			b, err = s.run(ctx, seg.goSrc, out)
		} else {
			b, err = s.runMagic(ctx, seg, out)
		}
		if err != nil {
			return nil, err
		}
		result = b
	}
	return result, nil
}

// say writes text to the named stream of the cell, or of the process when
// there is no cell sink (an expression of execute_request's
// user_expressions).
func (s *Session) say(out display.Sink, name, text string) {
	if text == "" {
		return
	}
	if out != nil {
		out.Stream(name, text)
		return
	}
	fmt.Fprint(s.streams[name].fallback, text)
}

func usageError(msg string) *Error { return &Error{Kind: UsageError, Msg: msg} }

func interruptedError() *Error { return &Error{Kind: Interrupted, Msg: "interrupted"} }

// clock measures wall and CPU time from its start.
type clock struct {
	wall          time.Time
	user, sys     time.Duration
	cpuMeasurable bool
}

func startClock() clock {
	c := clock{wall: time.Now()}
	c.user, c.sys, c.cpuMeasurable = cpuTimes()
	return c
}

// report returns what IPython's %time prints: the CPU times of the process
// since the start (where the system reports them) and the wall time.
func (c clock) report() string {
	wall := time.Since(c.wall)
	out := ""
	if user, sys, ok := cpuTimes(); ok && c.cpuMeasurable {
		user, sys = user-c.user, sys-c.sys
		out = fmt.Sprintf("CPU times: user %s, sys: %s, total: %s\n",
			formatTime(user), formatTime(sys), formatTime(user+sys))
	}
	return out + fmt.Sprintf("Wall time: %s\n", formatTime(wall))
}

// formatTime writes d as IPython's %time does: three significant digits
// in s, ms, µs or ns below a minute, and "1min 3s" above.
func formatTime(d time.Duration) string {
	secs := d.Seconds()
	if secs >= 60 {
		var parts []string
		left := secs
		for _, u := range []struct {
			suffix string
			length float64
		}{{"d", 86400}, {"h", 3600}, {"min", 60}, {"s", 1}} {
			if v := int(left / u.length); v > 0 {
				left -= float64(v) * u.length
				parts = append(parts, fmt.Sprintf("%d%s", v, u.suffix))
			}
			if left < 1 {
				break
			}
		}
		return strings.Join(parts, " ")
	}
	units := []string{"s", "ms", "µs", "ns"}
	scale := []float64{1, 1e3, 1e6, 1e9}
	order := 3
	if secs > 0 {
		order = min(max(-int(floorDiv3(secs)), 0), 3)
	}
	return fmt.Sprintf("%.3g %s", secs*scale[order], units[order])
}

// floorDiv3 is ⌊⌊log10 x⌋ / 3⌋: which power of 1000 x is in.
func floorDiv3(x float64) float64 { return math.Floor(math.Floor(math.Log10(x)) / 3) }
