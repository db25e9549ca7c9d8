package interp

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/gofutures/gofutures/display"
)

// magicTier is %tier: with no argument, the tiering state of each function
// the cells declared (native, building, queued, interpreted with the
// reason); %tier off stops queueing functions (builds queued already are
// cancelled; functions already native stay so) and %tier on starts again,
// for functions declared from then on.
func (s *Session) magicTier(ctx context.Context, seg segment, args string, out display.Sink) (*display.Bundle, error) {
	t := &s.tier
	switch strings.TrimSpace(args) {
	case "off":
		if t.on {
			t.paused = true
			t.mu.Lock()
			for name, j := range t.pending {
				if j.built == nil {
					j.cancel()
					delete(t.pending, name)
				}
			}
			t.mu.Unlock()
		}
		s.say(out, "stdout", "tiering is off: functions declared from now on stay interpreted\n")
		return nil, nil
	case "on":
		if !t.on {
			return nil, usageError("tiering is unavailable in this session (NoTier, NoNative, GOFUTURES_TIER=0, or no Go toolchain)")
		}
		t.paused = false
		s.say(out, "stdout", "tiering is on: eligible functions declared from now on are compiled in the background\n")
		return nil, nil
	case "":
	default:
		return nil, usageError("usage: %tier, %tier off, %tier on")
	}
	if !t.on {
		s.say(out, "stdout", "tiering is unavailable in this session (NoTier, NoNative, GOFUTURES_TIER=0, or no Go toolchain)\n")
		return nil, nil
	}
	t.mu.Lock()
	status := map[string]string{}
	for name, why := range t.why {
		status[name] = "interpreted: " + why
	}
	for name, j := range t.pending {
		switch {
		case j.built != nil:
			status[name] = "native (swapped in before the next cell)"
		case t.current == j:
			status[name] = "building"
		default:
			status[name] = "queued"
		}
	}
	for name := range t.native {
		status[name] = "native"
	}
	t.mu.Unlock()
	var b strings.Builder
	if t.paused {
		b.WriteString("tiering is off (%tier on starts it again)\n")
	}
	names := make([]string, 0, len(status))
	for n := range status {
		names = append(names, n)
	}
	sort.Strings(names)
	tw := tabwriter.NewWriter(&b, 0, 8, 2, ' ', 0)
	for _, n := range names {
		fmt.Fprintf(tw, "%s\t%s\n", n, status[n])
	}
	tw.Flush()
	if len(names) == 0 {
		b.WriteString("no functions declared yet\n")
	}
	s.say(out, "stdout", b.String())
	return nil, nil
}
