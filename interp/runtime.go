package interp

import (
	_ "embed"
	"reflect"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/interp/internal/rt"
)

// rtPath is the import path under which cells see the runtime, always
// bound to the name __rt.
const rtPath = "github.com/gofutures/gofutures/interp/internal/rt"

// rtSymbols is the hand-written yaegi symbol table of the runtime: the
// calls rewritten cells make, and what __show needs. The interfaces are
// only asserted inside the interpreter, so they need no wrapper structs.
// Spawn, Lines and Mark are the session's: goroutines that cells start
// from goroutines of no task (compiled code calling interpreted code)
// report their panics to orphan, the session's own report, and functions
// mark where they are in the session's own slots.
func rtSymbols(orphan func(v any, stack []byte), lines *rt.Lines) map[string]map[string]reflect.Value {
	m := map[string]reflect.Value{
		"Spawn": reflect.ValueOf(func() *rt.Spawned { return rt.Spawn(orphan) }),
		"Lines": reflect.ValueOf(&lines.Slots).Elem(),
		"Mark":  reflect.ValueOf(lines.Mark),
	}
	for k, v := range rtTable {
		m[k] = v
	}
	return map[string]map[string]reflect.Value{rtPath + "/rt": m}
}

// rtTable is rtSymbols but for the session's own.
var rtTable = map[string]reflect.Value{
	"Check":         reflect.ValueOf(rt.Check),
	"Enter":         reflect.ValueOf(rt.Enter),
	"Result":        reflect.ValueOf(rt.Result),
	"Zero":          reflect.ValueOf(rt.Zero),
	"FlagP":         reflect.ValueOf(&rt.FlagP).Elem(),
	"TierP":         reflect.ValueOf(&rt.TierP).Elem(),
	"Tiered":        reflect.ValueOf(rt.Tiered),
	"TierOn":        reflect.ValueOf(rt.TierOn),
	"Clear":         reflect.ValueOf(rt.Clear),
	"Adopt":         reflect.ValueOf(rt.Adopt),
	"Exit":          reflect.ValueOf(rt.Exit),
	"First":         reflect.ValueOf(rt.First),
	"Offer":         reflect.ValueOf(rt.Offer),
	"Redirected":    reflect.ValueOf(rt.Redirected),
	"SetRedirected": reflect.ValueOf(rt.SetRedirected),
	"Redirect":      reflect.ValueOf(rt.Redirect),
	"SetRedirect":   reflect.ValueOf(rt.SetRedirect),

	"Func":        reflect.ValueOf((*futures.Func)(nil)),
	"Submit1":     reflect.ValueOf(submit1),
	"Submit2":     reflect.ValueOf(submit2),
	"Val":         reflect.ValueOf(taskVal),
	"TaskFn":      reflect.ValueOf(taskFn),
	"Rich":        reflect.ValueOf((*display.Rich)(nil)),
	"Bundle":      reflect.ValueOf((*display.Bundle)(nil)),
	"Fill":        reflect.ValueOf(fill),
	"SetRenderer": reflect.ValueOf(setRenderer),
}

// rendered holds the renderings the interpreter computed for a value.
type rendered struct {
	text, html, markdown, svg, latex string
	png, jpeg                        []byte
	json                             any
	bundle                           *display.Bundle
}

func (r rendered) String() string         { return r.text }
func (r rendered) HTML() string           { return r.html }
func (r rendered) Markdown() string       { return r.markdown }
func (r rendered) PNG() []byte            { return r.png }
func (r rendered) JPEG() []byte           { return r.jpeg }
func (r rendered) SVG() string            { return r.svg }
func (r rendered) LaTeX() string          { return r.latex }
func (r rendered) JSON() any              { return r.json }
func (r rendered) Bundle() display.Bundle { return *r.bundle }

// fill builds the display.Rich of v from the renderings the interpreter
// found: yaegi lets interpreted code call an interpreted type's methods,
// but compiled code cannot, so the prelude calls them and passes the
// results in an interpreted struct (which compiled code sees as a plain
// struct) with fields Text, HTML, Markdown, SVG, LaTeX, PNG, JPEG, JSON,
// Bundle and Has, a map from field name to whether it was found.
func fill(v any, found any) display.Rich {
	r := display.Rich{Value: rt.Concrete(v)}
	f := reflect.ValueOf(rt.Concrete(found))
	if f.Kind() != reflect.Struct {
		return r
	}
	has := func(name string) bool {
		h := f.FieldByName("Has")
		return h.IsValid() && h.Kind() == reflect.Map && h.MapIndex(reflect.ValueOf(name)).IsValid()
	}
	str := func(name string) string { return f.FieldByName(name).String() }
	x := &rendered{}
	if has("Text") {
		x.text, r.Text = str("Text"), x
	}
	if has("HTML") {
		x.html, r.HTML = str("HTML"), x
	}
	if has("Markdown") {
		x.markdown, r.Markdown = str("Markdown"), x
	}
	if has("SVG") {
		x.svg, r.SVG = str("SVG"), x
	}
	if has("LaTeX") {
		x.latex, r.LaTeX = str("LaTeX"), x
	}
	if has("PNG") {
		x.png, r.PNG = f.FieldByName("PNG").Bytes(), x
	}
	if has("JPEG") {
		x.jpeg, r.JPEG = f.FieldByName("JPEG").Bytes(), x
	}
	if has("JSON") {
		x.json, r.JSON = f.FieldByName("JSON").Interface(), x
	}
	if has("Bundle") {
		if b, ok := f.FieldByName("Bundle").Interface().(display.Bundle); ok {
			x.bundle, r.Bundle = &b, x
		}
	}
	return r
}

// prelude is the Go every new session compiles before the first cell: see
// prelude/prelude.go.
//
//go:embed prelude/prelude.go
var prelude string
