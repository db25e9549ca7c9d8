package interp_test

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// TestKernelHelpsWithMethodsCellsDeclare asks for completion and
// inspection of a cell's methods through the protocol, with a cursor
// after characters of several bytes and outside the BMP.
func TestKernelHelpsWithMethodsCellsDeclare(t *testing.T) {
	c, ctx := startKernel(t)
	cell := "type rect struct{ W, H float64 }\n\n// Area is the rectangle's surface.\nfunc (r rect) Area() float64 { return r.W * r.H }\n\nfunc (r *rect) Scale(f float64) { r.W *= f }\nrp := &rect{W: 2}"
	if r, err := c.Execute(ctx, cell); err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Status(), err)
	}

	code := "s := \"é世😀\"; rp."
	cursor := utf8.RuneCountInString(code)
	r, err := c.Call(ctx, kernel.Shell, "complete_request", map[string]any{"code": code, "cursor_pos": cursor})
	if err != nil {
		t.Fatal(err)
	}
	reply := kerneltest.Content(r.Reply)
	var matches []string
	for _, m := range reply["matches"].([]any) {
		matches = append(matches, m.(string))
	}
	if want := []string{"Area", "H", "Scale", "W"}; !slices.Equal(matches, want) {
		t.Errorf("matches %q, want %q", matches, want)
	}
	if reply["cursor_start"] != float64(cursor) || reply["cursor_end"] != float64(cursor) {
		t.Errorf("cursor_start, cursor_end = %v, %v; want %d, %d", reply["cursor_start"], reply["cursor_end"], cursor, cursor)
	}

	code = "s := \"é世😀\"; rp.Area()"
	r, err = c.Call(ctx, kernel.Shell, "inspect_request", map[string]any{"code": code, "cursor_pos": utf8.RuneCountInString(code) - 4, "detail_level": 0})
	if err != nil {
		t.Fatal(err)
	}
	reply = kerneltest.Content(r.Reply)
	data, _ := reply["data"].(map[string]any)
	text, _ := data["text/plain"].(string)
	if reply["found"] != true || !strings.Contains(text, "func (r rect) Area() float64") || !strings.Contains(text, "Area is the rectangle's surface.") {
		t.Errorf("inspect_reply found=%v text %q, want Area's signature and doc", reply["found"], text)
	}
}
