package displaytest_test

import (
	"fmt"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
)

func ExampleRecorder() {
	rec := &displaytest.Recorder{}
	defer display.Use(rec)()
	display.Markdown("**hi**")
	rec.Stream("stdout", "text\n")
	display.Clear(false)
	fmt.Println(rec)
	fmt.Println(rec.Count("display"))
	// Output:
	// display  **hi**
	// stream stdout "text\n"
	// clear false
	// 1
}

func ExampleRecorder_Deliver() {
	rec := &displaytest.Recorder{}
	comm, _ := rec.OpenComm("echo", nil, nil, func(data map[string]any) { fmt.Println("got", data["n"]) })
	rec.Deliver(comm.ID(), map[string]any{"n": 1})
	comm.Send(map[string]any{"method": "update"}, nil)
	comm.Close()
	fmt.Println(rec.Deliver(comm.ID(), nil))
	fmt.Println(rec)
	// Output:
	// got 1
	// false
	// comm_open comm-1 echo
	// comm_msg comm-1 update
	// comm_close comm-1
}

func ExampleRecorder_Last() {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "x", Sink: rec, Interval: -1})
	h.Show(1)
	h.Update(2)
	h.Update(3)
	e, ok := rec.Last("update")
	fmt.Println(e.Bundle.Data[display.MIMEText], ok)
	rec.Reset()
	fmt.Println(len(rec.Events()))
	// Output:
	// 3 true
	// 0
}

func ExampleClock() {
	c := displaytest.NewClock()
	c.AfterFunc(2*time.Second, func() { fmt.Println("second timer at", c.Now().Sub(displaytest.Epoch)) })
	stop := c.AfterFunc(time.Second, func() { fmt.Println("never") })
	c.AfterFunc(time.Second, func() { fmt.Println("first timer at", c.Now().Sub(displaytest.Epoch)) })
	fmt.Println(stop(), c.Pending())
	c.Advance(5 * time.Second)
	fmt.Println(c.Now().Sub(displaytest.Epoch), c.Pending())
	// Output:
	// true 2
	// first timer at 1s
	// second timer at 2s
	// 5s 0
}

func ExampleSinkOnly() {
	var s display.Sink = displaytest.SinkOnly{Sink: &displaytest.Recorder{}}
	_, canOpen := s.(display.CommOpener)
	fmt.Println(canOpen)
	// Output: false
}
