package interp

import (
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
var rtSymbols = map[string]map[string]reflect.Value{
	rtPath + "/rt": {
		"Check": reflect.ValueOf(rt.Check),
		"FlagP": reflect.ValueOf(&rt.FlagP).Elem(),
		"Go":    reflect.ValueOf(rt.Go),
		"Clear": reflect.ValueOf(rt.Clear),

		"Func":   reflect.ValueOf((*futures.Func)(nil)),
		"Rich":   reflect.ValueOf((*display.Rich)(nil)),
		"Bundle": reflect.ValueOf((*display.Bundle)(nil)),
		"Fill":   reflect.ValueOf(fill),
	},
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

// prelude is evaluated in every new session. __show asks the interpreter,
// which still sees an interpreted type's methods, which renderings a value
// has; __min and __max stand in for the builtins yaegi lacks.
var prelude = []string{
	`import __rt "` + rtPath + `"`,
	`package main

type (
	__stringer   interface{ String() string }
	__htmler     interface{ HTML() string }
	__markdowner interface{ Markdown() string }
	__pnger      interface{ PNG() []byte }
	__jpeger     interface{ JPEG() []byte }
	__svger      interface{ SVG() string }
	__latexer    interface{ LaTeX() string }
	__jsoner     interface{ JSON() any }
	__bundler    interface{ Bundle() __rt.Bundle }
)

type __found struct {
	Text, HTML, Markdown, SVG, LaTeX string
	PNG, JPEG                        []byte
	JSON                             any
	Bundle                           __rt.Bundle
	Has                              map[string]bool
}

func __show(v any) (r __rt.Rich) {
	var f __found
	f.Has = map[string]bool{}
	defer func() {
		if recover() != nil { // a rendering method panicked: show what was found
			r = __rt.Fill(v, f)
		}
	}()
	switch v.(type) {
	case nil, bool, int, int8, int16, int32, int64, uint, uint8, uint16, uint32, uint64, float32, float64, string:
		return __rt.Fill(v, nil)
	}
	// yaegi v0.16.1 runs interface assertions on interpreted types only in
	// type switches, hence one switch per interface.
	switch x := v.(type) {
	case __stringer:
		f.Text = x.String()
		f.Has["Text"] = true
	}
	if !f.Has["Text"] {
		switch x := v.(type) { // a separate switch: yaegi misses cases after an interpreted interface
		case error:
			f.Text = x.Error()
			f.Has["Text"] = true
		}
	}
	switch x := v.(type) {
	case __htmler:
		f.HTML = x.HTML()
		f.Has["HTML"] = true
	}
	switch x := v.(type) {
	case __markdowner:
		f.Markdown = x.Markdown()
		f.Has["Markdown"] = true
	}
	switch x := v.(type) {
	case __pnger:
		f.PNG = x.PNG()
		f.Has["PNG"] = true
	}
	switch x := v.(type) {
	case __jpeger:
		f.JPEG = x.JPEG()
		f.Has["JPEG"] = true
	}
	switch x := v.(type) {
	case __svger:
		f.SVG = x.SVG()
		f.Has["SVG"] = true
	}
	switch x := v.(type) {
	case __latexer:
		f.LaTeX = x.LaTeX()
		f.Has["LaTeX"] = true
	}
	switch x := v.(type) {
	case __jsoner:
		f.JSON = x.JSON()
		f.Has["JSON"] = true
	}
	switch x := v.(type) {
	case __bundler:
		f.Bundle = x.Bundle()
		f.Has["Bundle"] = true
	}
	return __rt.Fill(v, f)
}

func __show2(a, b any) []__rt.Rich { return []__rt.Rich{__show(a), __show(b)} }

func __show3(a, b, c any) []__rt.Rich { return []__rt.Rich{__show(a), __show(b), __show(c)} }

// __pull0, __pull1 and __pull2 run a function iterator on a goroutine and
// hand its values over channels, for range over func, which yaegi lacks.
// stop ends the iterator early (its yield returns false) and waits for it
// to return, as a range over func does.
func __pull0(seq func(func() bool)) (chan bool, func()) {
	ch, done, ended := make(chan bool), make(chan struct{}), make(chan struct{})
	run := func() {
		defer func() { close(ch); close(ended) }()
		seq(func() bool {
			select {
			case ch <- true:
				return true
			case <-done:
				return false
			}
		})
	}
	__rt.Go(run)
	return ch, func() { close(done); <-ended }
}

func __pull1[T any](seq func(func(T) bool)) (chan T, func()) {
	ch, done, ended := make(chan T), make(chan struct{}), make(chan struct{})
	run := func() {
		defer func() { close(ch); close(ended) }()
		seq(func(v T) bool {
			select {
			case ch <- v:
				return true
			case <-done:
				return false
			}
		})
	}
	__rt.Go(run)
	return ch, func() { close(done); <-ended }
}

func __pull2[K, V any](seq func(func(K, V) bool)) (chan K, chan V, func()) {
	ks, vs, done, ended := make(chan K), make(chan V), make(chan struct{}), make(chan struct{})
	run := func() {
		defer func() { close(ks); close(ended) }()
		seq(func(k K, v V) bool {
			select {
			case ks <- k:
				vs <- v // the loop takes v right after k
				return true
			case <-done:
				return false
			}
		})
	}
	__rt.Go(run)
	return ks, vs, func() { close(done); <-ended }
}

type __ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func __min[T __ordered](x T, ys ...T) T {
	for _, y := range ys {
		if y < x {
			x = y
		}
	}
	return x
}

func __max[T __ordered](x T, ys ...T) T {
	for _, y := range ys {
		if y > x {
			x = y
		}
	}
	return x
}
`,
}
