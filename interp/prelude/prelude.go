//go:build gofutures_prelude

// The prelude: Go that every new session compiles into its interpreter
// before the first cell (see runtime.go, which embeds this file). The
// build constraint, which no build sets, keeps it out of every package;
// gofmt sees it, and TestPreludeIsGoFmt checks it. It cannot be
// type-checked: __rt is the hand-written symbol table rtSymbols, whose
// Rich, Bundle, Fill and Func come from other packages than rt.
//
// __show asks the interpreter, which still sees an interpreted type's
// methods, which renderings a value has; __min and __max stand in for the
// builtins yaegi lacks; __go and the __pull functions run goroutines and
// function iterators for the rewrite.
package main

import __rt "github.com/gofutures/gofutures/interp/internal/rt"

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

// __renderAll renders values of cell types (see richtypes.go).
var __renderAll func(any) (__rt.Rich, bool)

// __showArg is what the rewrite passes the argument of display.Show and
// of a handle's Show and Update through: the renderings of a value of a
// cell type, which compiled code cannot compute, or the value itself.
func __showArg(v any) (r any) {
	if __renderAll == nil {
		return v
	}
	defer func() {
		if recover() != nil { // a rendering method panicked: let display say so
			r = v
		}
	}()
	if x, ok := __renderAll(v); ok {
		return x
	}
	return v
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
	if __renderAll != nil { // a cell type: see richtypes.go
		if r, ok := __renderAll(v); ok {
			return r
		}
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

// __go runs the goroutine of a rewritten go statement (see rewrite_go.go):
// registered with the task that called __rt.Spawn, with its panics
// recovered and reported. recover works only when the deferred function
// calls it itself, hence __goexit. s is an any: see rt.Spawn.
func __go(s any, fn func()) {
	__rt.Adopt(s)
	defer __goexit(s)
	fn()
}

func __goexit(s any) { __rt.Exit(s, recover()) }

// __pull0, __pull1 and __pull2 run a function iterator on a goroutine,
// for range over func, which yaegi lacks: next returns the next values,
// or false when the iterator has returned, and yield returns only when the
// loop asks for the next values, so that the iterator runs only between
// iterations, as in Go. stop ends the iterator early (its yield returns
// false) and waits for it to return. The loop's function keeps the stops
// in its __iters, whose deferred end stops the iterators a panic left
// running: their yield then panics, so that only their defers run.
type __iters struct{ stops []func(bool) }

func (g *__iters) end() {
	for len(g.stops) > 0 {
		g.stops[len(g.stops)-1](true)
	}
}

// __iter is the iterator side of a __pull: yield hands values over after
// wait, which waits for the loop to ask; stopped says how it was stopped.
type __iter struct {
	more, done, ended chan struct{}
	panicking, asked  bool
}

// add registers a new iterator and returns it with its stop, for the loop.
func (g *__iters) add() (*__iter, func()) {
	it := &__iter{more: make(chan struct{}), done: make(chan struct{}), ended: make(chan struct{})}
	stopped, at := false, len(g.stops)
	stop := func(p bool) {
		if stopped {
			return
		}
		stopped, it.panicking = true, p
		close(it.done)
		<-it.ended
		if len(g.stops) > at {
			g.stops = g.stops[:at]
		}
	}
	g.stops = append(g.stops, stop)
	return it, func() { stop(false) }
}

// wait is called by yield after handing values over: it returns whether
// the loop asked for more.
func (it *__iter) wait() bool {
	if __rt.First(it.more, it.done) {
		return true
	}
	return it.stopped()
}

// stopped is yield's answer once the loop stopped it: false, or a panic
// that unwinds the iterator after the loop body panicked.
func (it *__iter) stopped() bool {
	if it.panicking {
		panic("__stopIter")
	}
	return false
}

// ask tells the iterator to go on, from the second value on.
func (it *__iter) ask() {
	if it.asked {
		__rt.Offer(it.more, it.ended)
	}
	it.asked = true
}

// run calls seq on a goroutine of the cell, closing ended after it. The
// goroutine's function is made here, in a frame of its own (see
// rewrite_go.go).
func (it *__iter) run(seq func(), closeCh func()) {
	body := func() {
		defer func() { closeCh(); close(it.ended) }()
		defer func() {
			if it.panicking {
				recover()
			}
		}()
		seq()
	}
	go __go(__rt.Spawn(), body)
}

func __pull0(g *__iters, seq func(func() bool)) (func() bool, func()) {
	it, stop := g.add()
	ch := make(chan bool)
	it.run(func() {
		seq(func() bool {
			select {
			case ch <- true:
				return it.wait()
			case <-it.done:
				return it.stopped()
			}
		})
	}, func() { close(ch) })
	return func() bool { it.ask(); _, ok := <-ch; return ok }, stop
}

func __pull1[__T any](g *__iters, seq func(func(__T) bool)) (func() (__T, bool), func()) {
	it, stop := g.add()
	ch := make(chan __T)
	it.run(func() {
		seq(func(v __T) bool {
			select {
			case ch <- v:
				return it.wait()
			case <-it.done:
				return it.stopped()
			}
		})
	}, func() { close(ch) })
	return func() (__T, bool) { it.ask(); v, ok := <-ch; return v, ok }, stop
}

func __pull2[__K, __V any](g *__iters, seq func(func(__K, __V) bool)) (func() (__K, __V, bool), func()) {
	it, stop := g.add()
	ks, vs := make(chan __K), make(chan __V)
	it.run(func() {
		seq(func(k __K, v __V) bool {
			select {
			case ks <- k:
				vs <- v // the loop takes v right after k
				return it.wait()
			case <-it.done:
				return it.stopped()
			}
		})
	}, func() { close(ks) })
	return func() (__K, __V, bool) {
		it.ask()
		k, ok := <-ks
		var v __V
		if ok {
			v = <-vs
		}
		return k, v, ok
	}, stop
}

type __ordered interface {
	~int | ~int8 | ~int16 | ~int32 | ~int64 | ~uint | ~uint8 | ~uint16 | ~uint32 | ~uint64 | ~uintptr | ~float32 | ~float64 | ~string
}

func __min[__T __ordered](x __T, ys ...__T) __T {
	for _, y := range ys {
		if y < x {
			x = y
		}
	}
	return x
}

func __max[__T __ordered](x __T, ys ...__T) __T {
	for _, y := range ys {
		if y > x {
			x = y
		}
	}
	return x
}
