package widget_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/display/displaytest"
	"github.com/gofutures/gofutures/display/widget"
)

// A status card is a plain value: show it through a handle and update it
// as the task moves on.
func ExampleStatus() {
	rec := &displaytest.Recorder{}
	h := display.NewHandle(display.HandleOptions{ID: "f", Sink: rec, Interval: -1})
	h.Show(widget.Status{Func: "inc", Key: "inc-7", Status: "pending"})
	h.Update(widget.Status{Func: "inc", Key: "inc-7", Status: "running"})
	h.Update(widget.Status{Func: "inc", Key: "inc-7", Status: "finished", ResultType: "int", Elapsed: 12 * time.Millisecond})
	fmt.Println(rec)
	// Output:
	// display f <Future: pending, key: inc-7>
	// update f <Future: running, key: inc-7, 0ms>
	// update f <Future: finished, type: int, key: inc-7, 12ms>
}

func ExampleStatus_String() {
	fmt.Println(widget.Status{Key: "div-1", Status: "error", Elapsed: time.Second, Err: errors.New("division by zero")})
	// Output: <Future: error, key: div-1, 1.0s, error: division by zero>
}

func ExampleStatus_Bundle() {
	b := widget.Status{Func: "inc", Key: "inc-1", Status: "running"}.Bundle()
	fmt.Println(b.Data[display.MIMEText])
	// Output: <Future: running, key: inc-1, 0ms>
}

func ExampleNewProgress() {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	p := widget.NewProgress(widget.ProgressOptions{Title: "squares", Total: 4, ID: "bar", Sink: rec, Clock: clock})
	for i := 0; i < 4; i++ {
		clock.Advance(250 * time.Millisecond)
		p.Complete(nil)
	}
	fmt.Println(rec)
	// Output:
	// display bar squares [..............................]   0% 0/4 done, 0ms
	// update bar squares [#######.......................]  25% 1/4 done, 250ms, 4.0/s
	// update bar squares [###############...............]  50% 2/4 done, 500ms, 4.0/s
	// update bar squares [######################........]  75% 3/4 done, 750ms, 4.0/s
	// update bar squares [##############################] 100% 4/4 done, 1.0s, 4.0/s
}

// With Comms and a sink that opens comms (the kernel's does), the bar is an
// ipywidgets IntProgress with an HTML label in an HBox.
func ExampleNewProgress_comms() {
	rec := &displaytest.Recorder{}
	p := widget.NewProgress(widget.ProgressOptions{Total: 2, ID: "bar", Sink: rec, Clock: displaytest.NewClock(), Comms: true})
	fmt.Println(p.Comms())
	for _, e := range rec.Events()[:3] {
		fmt.Println(e, e.Data["state"].(map[string]any)["_model_name"])
	}
	// Output:
	// true
	// comm_open comm-1 jupyter.widget IntProgressModel
	// comm_open comm-2 jupyter.widget HTMLModel
	// comm_open comm-3 jupyter.widget HBoxModel
}

func ExampleProgress_Complete() {
	p := widget.NewProgress(widget.ProgressOptions{Total: 2, Sink: &displaytest.Recorder{}, Clock: displaytest.NewClock()})
	p.Complete(nil)
	p.Complete(errors.New("failed"))
	s := p.State()
	fmt.Println(s.Done, s.Errors, s.Complete())
	// Output: 2 1 true
}

func ExampleProgress_Add() {
	p := widget.NewProgress(widget.ProgressOptions{Total: 100, Sink: &displaytest.Recorder{}, Clock: displaytest.NewClock()})
	p.Add(10, 1)
	fmt.Println(p.State().Done)
	// Output: 10
}

func ExampleProgress_Set() {
	p := widget.NewProgress(widget.ProgressOptions{Total: 100, Sink: &displaytest.Recorder{}, Clock: displaytest.NewClock()})
	p.Set(42, 0)
	fmt.Printf("%.2f\n", p.State().Fraction())
	// Output: 0.42
}

func ExampleProgress_SetTotal() {
	p := widget.NewProgress(widget.ProgressOptions{Total: 1, Sink: &displaytest.Recorder{}, Clock: displaytest.NewClock()})
	p.SetTotal(3)
	fmt.Println(p.State().Total)
	// Output: 3
}

func ExampleProgress_State() {
	clock := displaytest.NewClock()
	p := widget.NewProgress(widget.ProgressOptions{Total: 10, Sink: &displaytest.Recorder{}, Clock: clock})
	clock.Advance(2 * time.Second)
	p.Add(5, 0)
	fmt.Println(p.State())
	// Output: [###############...............]  50% 5/10 done, 2.0s, 2.5/s
}

func ExampleProgress_Flush() {
	rec := &displaytest.Recorder{}
	p := widget.NewProgress(widget.ProgressOptions{Total: 10, ID: "bar", Sink: rec, Clock: displaytest.NewClock()})
	p.Add(1, 0) // within the interval of showing: pending until it ends...
	fmt.Println(rec.Count("update"))
	p.Flush() // ...or now
	fmt.Println(rec.Count("update"))
	// Output:
	// 0
	// 1
}

func ExampleProgress_Close() {
	rec := &displaytest.Recorder{}
	p := widget.NewProgress(widget.ProgressOptions{Total: 1, Sink: rec, Clock: displaytest.NewClock(), Comms: true})
	p.Close()
	fmt.Println(rec.Count("comm_close"))
	// Output: 3
}

func ExampleProgress_ID() {
	p := widget.NewProgress(widget.ProgressOptions{Total: 1, ID: "bar-1", Sink: &displaytest.Recorder{}})
	fmt.Println(p.ID())
	// Output: bar-1
}

func ExampleProgress_Comms() {
	p := widget.NewProgress(widget.ProgressOptions{Total: 1, Sink: displaytest.SinkOnly{Sink: &displaytest.Recorder{}}, Comms: true})
	fmt.Println(p.Comms()) // the sink cannot open comms: HTML instead
	// Output: false
}

func ExampleProgressState() {
	s := widget.ProgressState{Title: "load", Done: 3, Total: 4, Errors: 1, Elapsed: 1500 * time.Millisecond}
	fmt.Println(s)
	fmt.Printf("%.2f %.1f/s\n", s.Fraction(), s.Rate())
	// Output:
	// load [######################........]  75% 3/4 done, 1 error, 1.5s, 2.0/s
	// 0.75 2.0/s
}

func ExampleProgressState_Bundle() {
	b := widget.ProgressState{Done: 1, Total: 1}.Bundle()
	_, html := b.Data[display.MIMEHTML]
	fmt.Println(html)
	// Output: true
}

func ExampleClientSummary() {
	display.Show(widget.ClientSummary{Workers: 2, ResultBytes: 8024, Pending: 3, Running: 2, Finished: 5})
	// Output: <Client: 2 workers, 2 threads, results 8.0 KB, tasks: 3 pending, 2 running, 5 finished, 0 error, 0 cancelled>
}

func ExampleTaskStream() {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	display.Show(widget.TaskStream{Records: []widget.TaskRecord{
		{Worker: "w1", Name: "inc", Start: t0, Stop: t0.Add(300 * time.Millisecond), Status: "finished"},
		{Worker: "w2", Name: "inc", Start: t0.Add(100 * time.Millisecond), Stop: t0.Add(1200 * time.Millisecond), Status: "error"},
	}})
	// Output: <TaskStream: 2 tasks on 2 workers over 1.2s>
}

// WantComms decides whether a notebook's progress bar is a widget. By
// default (CommsAuto) that is when the frontend runs a widgets manager;
// SetComms overrides it for the session.
func ExampleWantComms() {
	lab := &displaytest.Recorder{Widgets: true} // JupyterLab with ipywidgets
	nbconvert := &displaytest.Recorder{}        // comms, but nothing draws widgets
	plain := displaytest.SinkOnly{Sink: lab}    // cannot open comms at all
	fmt.Println(widget.WantComms(lab), widget.WantComms(nbconvert), widget.WantComms(plain))

	previous := widget.SetComms(widget.CommsOn)
	fmt.Println(widget.WantComms(lab), widget.WantComms(nbconvert), widget.WantComms(plain))

	widget.SetComms(widget.CommsOff)
	fmt.Println(widget.WantComms(lab), widget.WantComms(nbconvert), widget.WantComms(plain))

	widget.SetComms(previous)
	fmt.Println(previous)
	// Output:
	// true false false
	// true true false
	// false false false
	// CommsAuto
}

// A bar made over tasks that are already over starts in their state, and
// its time is their span: from the earliest start to the latest stop.
func ExampleProgressOptions_finished() {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	t0 := displaytest.Epoch.Add(-2 * time.Second)
	p := widget.NewProgress(widget.ProgressOptions{
		Total: 3, ID: "bar", Sink: rec, Clock: clock,
		Finished: []widget.Task{
			{Start: t0, Stop: t0.Add(time.Second)},
			{Start: t0.Add(500 * time.Millisecond), Stop: t0.Add(1500 * time.Millisecond), Err: errors.New("boom")},
		},
	})
	p.Finish(widget.Task{Start: t0.Add(time.Second), Stop: t0.Add(2 * time.Second)})
	fmt.Println(rec)
	// Output:
	// display bar [####################..........]  66% 2/3 done, 1 error, 2.0s, 1.0/s
	// update bar [##############################] 100% 3/3 done, 1 error, 2.0s, 1.5/s
}

func ExampleProgress_Finish() {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	start := clock.Now()
	p := widget.NewProgress(widget.ProgressOptions{Total: 1, ID: "bar", Sink: rec, Clock: clock, Start: start})
	clock.Advance(time.Minute) // the bar is looked at long after the task ended
	p.Finish(widget.Task{Start: start, Stop: start.Add(4 * time.Second)})
	fmt.Println(rec)
	// Output:
	// display bar [..............................]   0% 0/1 done, 0ms
	// update bar [##############################] 100% 1/1 done, 4.0s, 0.2/s
}

// A slice of futures shows as one table: counts, then a row per future.
func ExampleFutureTable() {
	t := widget.FutureTable{Rows: []widget.Status{
		{Func: "inc", Key: "inc-1", Status: "finished", ResultType: "int", Elapsed: 3 * time.Millisecond},
		{Func: "inc", Key: "inc-2", Status: "running", Elapsed: 1500 * time.Millisecond},
		{Func: "inc", Key: "inc-3", Status: "pending"},
	}}
	fmt.Println(t)
	// Output:
	// <3 futures: 1/3 done: 1 finished; 1 pending, 1 running>
	// <Future: finished, type: int, key: inc-1, 3ms>
	// <Future: running, key: inc-2, 1.5s>
	// <Future: pending, key: inc-3>
}

// With Settle, the last state goes out through display.Handle.Settle: the
// kernel then also writes it as a line for frontends that ignore in-place
// updates, such as jupyter console.
func ExampleProgressOptions_settle() {
	rec, clock := &displaytest.Recorder{}, displaytest.NewClock()
	p := widget.NewProgress(widget.ProgressOptions{Total: 2, ID: "bar", Sink: rec, Clock: clock, Settle: true})
	clock.Advance(time.Second)
	p.Complete(nil)
	clock.Advance(time.Second)
	p.Complete(nil)
	for _, e := range rec.Events() {
		fmt.Println(e, e.Settled)
	}
	// Output:
	// display bar [..............................]   0% 0/2 done, 0ms false
	// update bar [###############...............]  50% 1/2 done, 1.0s, 1.0/s false
	// update bar [##############################] 100% 2/2 done, 2.0s, 1.0/s true
}

func ExampleClusterSummary() {
	display.Show(widget.ClusterSummary{
		Address: "nats://127.0.0.1:4222",
		Workers: []widget.ClusterWorker{
			{Name: "w1", Host: "node1", PID: 101, Slots: 2, Running: 1, Memory: 1500},
			{Name: "w2", Host: "node2", PID: 102, Slots: 1, Memory: 500, Resources: "GPU=1"},
		},
		Tasks: widget.ClientSummary{Pending: 3, Running: 1, Finished: 5},
	})
	// Output:
	// <Cluster: 2 workers, 3 threads, memory 2.0 KB, tasks: 3 pending, 1 running, 5 finished, 0 error, 0 cancelled>
	//   address nats://127.0.0.1:4222
	//   w1 (node1, pid 101): 1/2 running, memory 1.5 KB
	//   w2 (node2, pid 102): 0/1 running, memory 500 B, GPU=1
}
