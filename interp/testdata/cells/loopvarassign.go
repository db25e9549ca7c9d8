// Go 1.22 per-iteration loop variables when the body assigns the loop
// variable: each closure keeps its iteration's value while the loop
// counts on from it, through continue, break, labels and nested loops.
package main

import "fmt"

func main() {
	var fs []func() int
	for i := 0; i < 10; i++ {
		i++
		fs = append(fs, func() int { return i })
	}
	for i := 0; i < 12; i += 2 {
		if i == 4 {
			i += 2
			continue
		}
		if i == 10 {
			break
		}
		fs = append(fs, func() int { return i * 10 })
		i++
	}
outer:
	for i := 0; i < 4; i++ {
		for j := 0; j < 3; j++ {
			if j == 1 {
				i++
				continue outer
			}
			fs = append(fs, func() int { return i*100 + j })
		}
	}
	for i, n := 0, 0; i < 3; i, n = i+1, n+i {
		n += 5
		fs = append(fs, func() int { return i*1000 + n })
	}
	for _, f := range fs {
		fmt.Print(" ", f())
	}
	fmt.Println()
	p := []*int{}
	for i := 0; i < 3; i++ {
		p = append(p, &i)
	}
	fmt.Println(*p[0], *p[1], *p[2])
}

// Output:
//  1 3 5 7 9 10 40 70 100 100 300 5 1010 2016
// 0 1 2
