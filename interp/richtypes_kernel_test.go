package interp_test

import (
	"slices"
	"testing"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// TestKernelShowsCellTypesRichly: a value of a cell type with an HTML
// method and no String method reaches the frontend as text/html, from
// display.Show, from a handle's Update and as the cell's value.
func TestKernelShowsCellTypesRichly(t *testing.T) {
	c, ctx := startKernel(t)
	executePrinting(t, c, ctx, []printingCell{
		{"import \"github.com/gofutures/gofutures/display\"\ntype Card struct{ Title string }\nfunc (k Card) HTML() string { return \"<b>\" + k.Title + \"</b>\" }", ""},
	})
	r, err := c.Execute(ctx, "display.Show(Card{\"a\"})\nh := display.New()\nh.Update(Card{\"b\"})\nh.Flush()\nh.Update(Card{\"c\"})\nh.Flush()\nCard{\"d\"}")
	if err != nil || r.Status() != "ok" {
		t.Fatalf("%v, %v", r.Status(), err)
	}
	var got []string
	for _, m := range r.Of("display_data") {
		got = append(got, htmlOf(m))
	}
	for _, m := range r.Of("update_display_data") {
		got = append(got, htmlOf(m))
	}
	for _, m := range r.Of("execute_result") {
		got = append(got, htmlOf(m))
	}
	if want := []string{"<b>a</b>", "<b>b</b>", "<b>c</b>", "<b>d</b>"}; !slices.Equal(got, want) {
		t.Errorf("text/html of display_data, update_display_data, execute_result: %q, want %q", got, want)
	}
}

// htmlOf returns the text/html of a display message.
func htmlOf(m kernel.Message) string {
	data, _ := kerneltest.Content(m)["data"].(map[string]any)
	s, _ := data["text/html"].(string)
	return s
}
