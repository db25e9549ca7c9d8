package futures_test

import (
	"errors"
	"fmt"
	"sort"

	"github.com/gofutures/gofutures/futures"
)

func inc(x int) int    { return x + 1 }
func double(x int) int { return 2 * x }
func add(x, y int) int { return x + y }

// The second seed's first cells: submit, then chain futures into tasks
// without fetching the intermediate results.
func ExampleClient_Submit() {
	c := futures.NewClient()
	defer c.Close()

	x := c.Submit(inc, 1)
	y := c.Submit(double, 2)
	z := c.Submit(add, x, y)
	fmt.Println(z.Result())
	fmt.Println(z.Status())
	// Output:
	// 6 <nil>
	// finished
}

// Pure tasks: the same function with the same arguments has the same key
// and runs once.
func ExampleClient_Submit_pure() {
	c := futures.NewClient()
	defer c.Close()

	a := c.Submit(inc, 1)
	b := c.Submit(inc, 1)
	fmt.Println(a.Key() == b.Key())
	fmt.Println(a.Key())
	r := c.Submit(inc, 1, futures.Pure(false))
	fmt.Println(r.Key() == a.Key())
	// Output:
	// true
	// inc-06e23786a76dca91bebf7219297799cf
	// false
}

// Many dependent tasks, then a sum over all of them: a []*Future passed
// where the function takes []int arrives as the []int of results.
func ExampleClient_Submit_chain() {
	c := futures.NewClient()
	defer c.Close()

	sum := func(xs []int) int {
		s := 0
		for _, x := range xs {
			s += x
		}
		return s
	}
	var zs []*futures.Future
	for i := 0; i < 256; i++ {
		x := c.Submit(inc, i)
		y := c.Submit(double, x)
		zs = append(zs, c.Submit(add, x, y))
	}
	total := c.Submit(sum, zs)
	fmt.Println(zs[0].Result())
	fmt.Println(total.Result())
	// Output:
	// 3 <nil>
	// 98688 <nil>
}

// Tree summation: neighbours merge until one future is left.
func ExampleClient_Submit_treeReduction() {
	c := futures.NewClient()
	defer c.Close()

	L := c.Map(inc, []int{0, 1, 2, 3, 4, 5, 6, 7})
	for len(L) > 1 {
		var next []*futures.Future
		for i := 0; i < len(L); i += 2 {
			next = append(next, c.Submit(add, L[i], L[i+1]))
		}
		L = next
	}
	fmt.Println(L[0].Result())
	// Output: 36 <nil>
}

func ExampleClient_Map() {
	c := futures.NewClient()
	defer c.Close()

	fs := c.Map(add, []int{1, 2, 3}, []int{10, 20, 30})
	fmt.Println(c.Gather(fs))
	// Output: [11 22 33] <nil>
}

func ExampleClient_Gather() {
	c := futures.NewClient()
	defer c.Close()

	fail := func(x int) (int, error) {
		if x == 2 {
			return 0, errors.New("two is not allowed")
		}
		return x, nil
	}
	res, err := c.Gather(c.Map(fail, []int{1, 2, 3}))
	fmt.Println(res, err)
	// Output: [1 <nil> 3] two is not allowed
}

// AsCompleted with Add: sum the results pairwise as they arrive, feeding
// each partial sum back in, until one is left.
func ExampleAsCompleted() {
	c := futures.NewClient()
	defer c.Close()

	seq := futures.AsCompleted(c.Map(inc, []int{1, 2, 3, 4, 5}))
	for seq.Count() > 1 {
		a, _ := seq.Next()
		b, _ := seq.Next()
		seq.Add(c.Submit(add, a, b))
	}
	last, _ := seq.Next()
	fmt.Println(last.Result())
	// Output: 20 <nil>
}

func ExampleCompleted_C() {
	c := futures.NewClient()
	defer c.Close()

	var got []int
	for f := range futures.AsCompleted(c.Map(double, []int{1, 2, 3})).C() {
		v, _ := f.Result()
		got = append(got, v.(int))
	}
	sort.Ints(got)
	fmt.Println(got)
	// Output: [2 4 6]
}

func ExampleDelay() {
	c := futures.NewClient()
	defer c.Close()

	x := futures.Delay(inc, 1)
	y := futures.Delay(inc, 2)
	z := futures.Delay(add, x, y)
	fmt.Println(c.Compute(z).Result())
	// Output: 5 <nil>
}

// A panicking task fails its future with a *futures.PanicError, and tasks
// that depend on it fail with the same error.
func ExampleFuture_Err() {
	c := futures.NewClient()
	defer c.Close()

	boom := func(x int) int { panic(fmt.Sprint("boom ", x)) }
	a := c.Submit(boom, 1)
	b := c.Submit(inc, a)
	_, err := b.Result()
	var pe *futures.PanicError
	fmt.Println(errors.As(err, &pe), pe.Value)
	fmt.Println(a.Status(), b.Status())
	// Output:
	// true boom 1
	// error error
}
