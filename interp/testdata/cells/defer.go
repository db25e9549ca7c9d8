// Deferred calls. yaegi v0.16.1 deadlocks when a function's deferred calls
// run a closure the function made (traefik/yaegi#1697), makes a deferred
// func literal only when the deferred calls run (so in a loop each one
// sees the last iteration's variables), and keeps the arguments of a
// deferred call of an interpreted function in slots that later iterations
// overwrite. The rewrite binds each in a frame of its own.
package main

import (
	"fmt"
	"strings"
)

var out []string

func show(x int) { out = append(out, fmt.Sprint(x)) }

func sum(label string, xs ...int) {
	t := 0
	for _, x := range xs {
		t += x
	}
	out = append(out, fmt.Sprint(label, t))
}

func literals() {
	for i := 0; i < 3; i++ {
		defer func() { show(i) }()
	}
	for _, v := range []string{"a", "b"} {
		defer func(prefix string) { out = append(out, prefix+v) }("v=")
	}
}

func arguments() {
	for i := range 3 {
		defer show(i * 10)
		defer sum("s", i, i)
	}
	x := 1
	defer show(x)
	x = 2
}

func closures() (n int) {
	count := func() { n++ }
	defer count()
	defer func() { count() }()
	for i := 0; i < 3; i++ {
		add := func() { n += i * 100 }
		defer add()
	}
	return 0
}

func recovered() (msg string) {
	for i := 0; i < 2; i++ {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprint("recovered ", r)
			}
		}()
	}
	panic("boom")
}

func main() {
	literals()
	fmt.Println(strings.Join(out, " "))
	out = nil
	arguments()
	fmt.Println(strings.Join(out, " "))
	fmt.Println(closures())
	fmt.Println(recovered())
}

// Output:
// v=b v=a 2 1 0
// 1 s4 20 s2 10 s0 0
// 302
// recovered boom
