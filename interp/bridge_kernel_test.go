package interp

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofutures/gofutures/futures"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// These tests run progress bars through the Jupyter protocol: a
// kernel.Server over the in-memory transport with a bridged session.

func startBridgedKernel(t *testing.T) (*kerneltest.Client, *Session, context.Context) {
	t.Helper()
	s := bridgedSession(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute) // a deadlock guard
	t.Cleanup(cancel)
	return kerneltest.Start(t, s), s, ctx
}

// displayOf returns the display id and text/plain of a display_data or
// update_display_data message.
func displayOf(t *testing.T, m kernel.Message) (id, text string) {
	t.Helper()
	var c struct {
		Data      map[string]any `json:"data"`
		Transient struct {
			DisplayID string `json:"display_id"`
		} `json:"transient"`
	}
	if err := json.Unmarshal(m.Content, &c); err != nil {
		t.Fatal(err)
	}
	return c.Transient.DisplayID, fmt.Sprint(c.Data["text/plain"])
}

// startBlockedKernel is startBridgedKernel with a client c whose one worker
// is busy with a compiled task (WaitGroup.Wait) until release is called,
// so that futures submitted next stay pending.
func startBlockedKernel(t *testing.T) (k *kerneltest.Client, s *Session, ctx context.Context, release func()) {
	t.Helper()
	k, s, ctx = startBridgedKernel(t)
	r, err := k.Execute(ctx, `import (
	"strconv"
	"sync"

	"github.com/gofutures/gofutures/futures"
)
c := futures.NewClient(futures.Workers(1))
gate := &sync.WaitGroup{}
gate.Add(1)
blocker := c.Submit(gate.Wait)`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("setup cell: %v, %v", r.Types(), err)
	}
	v, _ := s.Value("gate")
	gate := v.Interface().(*sync.WaitGroup)
	var once sync.Once
	release = func() { once.Do(gate.Done) }
	t.Cleanup(release) // before the session closes its client, which waits for the worker
	return k, s, ctx, release
}

// liveDisplay returns the display id and text of the one display_data a
// cell sent for a live value, which must not also go out as its
// execute_result.
func liveDisplay(t *testing.T, r kerneltest.Result) (id, text string) {
	t.Helper()
	if n := len(r.Of("execute_result")); n != 0 {
		t.Errorf("iopub %v: a live value also went out as an execute_result", r.Types())
	}
	shown := r.Of("display_data")
	if len(shown) != 1 {
		t.Fatalf("iopub %v, want one display_data", r.Types())
	}
	return displayOf(t, shown[0])
}

// updatesOfOneDisplay checks that a cell showed one display and updated
// only that one before its idle, and returns the updates.
func updatesOfOneDisplay(t *testing.T, r kerneltest.Result) []kernel.Message {
	t.Helper()
	shown := r.Of("display_data")
	if len(shown) != 1 {
		t.Fatalf("iopub %v, want one display_data", r.Types())
	}
	id, _ := displayOf(t, shown[0])
	updates := r.Of("update_display_data")
	if len(updates) == 0 {
		t.Fatalf("iopub %v, want updates before idle", r.Types())
	}
	for _, u := range updates {
		if uid, _ := displayOf(t, u); uid != id {
			t.Errorf("update of display %q, want %q", uid, id)
		}
	}
	return updates
}

func TestKernelProgressWaitEndsInItsFinalState(t *testing.T) {
	c, _, ctx := startBridgedKernel(t)
	r, err := c.Execute(ctx, `import (
	"strings"

	"github.com/gofutures/gofutures/futures"
)
client := futures.NewClient(futures.Workers(2))
fs := client.Map(strings.ToUpper, []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"})
futures.ProgressWait(fs...)`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	finalHTMLBar(t, r, "100% 10/10 done")
	if r.Stderr() != "" {
		t.Errorf("stderr %q: the text bar ran beside the widget", r.Stderr())
	}
}

func TestKernelProgressUpdatesAfterTheCellEnded(t *testing.T) {
	c, s, ctx := startBridgedKernel(t)
	// The task is compiled code (WaitGroup.Wait): interpreted code in a
	// task would run while the next cell compiles, which yaegi races on.
	r, err := c.Execute(ctx, `import (
	"sync"

	"github.com/gofutures/gofutures/futures"
)
client := futures.NewClient(futures.Workers(1))
gate := &sync.WaitGroup{}
gate.Add(1)
first := client.Submit(gate.Wait)
futures.Progress(first)`)
	if err != nil || r.Status() != "ok" {
		t.Fatalf("cell: %v, %v", r.Types(), err)
	}
	shown := r.Of("display_data")
	if len(shown) != 1 {
		t.Fatalf("iopub %v, want one display_data", r.Types())
	}
	id, text := displayOf(t, shown[0])
	if !strings.Contains(text, "0/1 done") {
		t.Errorf("first state %q, want 0/1 done", text)
	}
	// Release the task while no cell runs: the update then belongs to
	// the cell that made the bar.
	v, ok := s.Value("gate")
	gate, _ := v.Interface().(*sync.WaitGroup)
	if !ok || gate == nil {
		t.Fatalf("gate = %v", v)
	}
	gate.Done()
	final, err := c.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
		if m.Header.MsgType != "update_display_data" {
			return false
		}
		uid, text := displayOf(t, m)
		return uid == id && strings.Contains(text, "1/1 done")
	})
	if err != nil {
		t.Fatalf("no final update of display %s: %v", id, err)
	}
	if final.Parent.MsgID != r.Request.Header.MsgID {
		t.Errorf("the late update's parent is %q, want the first cell's request %q", final.Parent.MsgID, r.Request.Header.MsgID)
	}
}

func TestKernelFutureWidgetUpdatesInPlace(t *testing.T) {
	tests := []struct {
		name, submit, final string
	}{
		{"a future shown pending ends finished", `c.Submit(strconv.Itoa, 42)`, "<Future: finished, type: string, key: "},
		{"a future shown pending ends in error", `c.Submit(strconv.Atoi, "x")`, "<Future: error, key: "},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, _, ctx, release := startBlockedKernel(t)
			r, err := k.Execute(ctx, "f := "+tt.submit+"\nf")
			if err != nil || r.Status() != "ok" {
				t.Fatalf("cell: %v, %v", r.Types(), err)
			}
			id, text := liveDisplay(t, r)
			if id == "" || !strings.HasPrefix(text, "<Future: pending, key: ") {
				t.Fatalf("display %q: %q, want a pending card with a display id", id, text)
			}
			release()
			final, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
				if m.Header.MsgType != "update_display_data" {
					return false
				}
				uid, text := displayOf(t, m)
				if uid != id {
					t.Errorf("update of display %q, want %q", uid, id)
				}
				return strings.HasPrefix(text, tt.final)
			})
			if err != nil {
				t.Fatalf("no update to %q...: %v", tt.final, err)
			}
			if final.Parent.MsgID != r.Request.Header.MsgID {
				t.Errorf("the update's parent is %q, want the cell that showed the future", final.Parent.MsgID)
			}
		})
	}
}

func TestKernelTaskStreamFollowsItsClient(t *testing.T) {
	tests := []struct{ name, show string }{
		{"shown as the cell's value", `b.TaskStream()`},
		{"shown by display.Show", `import "github.com/gofutures/gofutures/display"
display.Show(b.TaskStream())`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, s, ctx := startBridgedKernel(t)
			// Two clients, and no task has run on b yet when its stream is shown.
			r, err := k.Execute(ctx, `import "github.com/gofutures/gofutures/futures"
a := futures.NewClient(futures.Workers(1))
b := futures.NewClient(futures.Workers(1))`)
			if err != nil || r.Status() != "ok" {
				t.Fatalf("setup cell: %v, %v", r.Types(), err)
			}
			r, err = k.Execute(ctx, tt.show)
			if err != nil || r.Status() != "ok" {
				t.Fatalf("cell: %v, %v", r.Types(), err)
			}
			shown := r.Of("display_data")
			if len(shown) != 1 || len(r.Of("execute_result")) != 0 {
				t.Fatalf("iopub %v, want one display_data and no execute_result", r.Types())
			}
			id, text := displayOf(t, shown[0])
			if id == "" || !strings.HasPrefix(text, "<TaskStream: 0 tasks") {
				t.Fatalf("display %q: %q, want an empty stream with a display id", id, text)
			}
			// The tasks run outside any cell: their updates all come late.
			client := func(name string) *futures.Client {
				v, _ := s.Value(name)
				c, _ := v.Interface().(*futures.Client)
				if c == nil {
					t.Fatalf("%s = %v", name, v)
				}
				return c
			}
			if _, err := client("a").Submit(strconv.Itoa, 1).Result(); err != nil {
				t.Fatal(err)
			}
			gate := &sync.WaitGroup{}
			gate.Add(1)
			var once sync.Once
			release := func() { once.Do(gate.Done) }
			t.Cleanup(release) // before the session closes b, which waits for its worker
			client("b").Submit(gate.Wait)
			running := nextState(t, k, id, "<TaskStream: 1 task (1 running) on 1 worker")
			if html, _ := kerneltest.Content(running)["data"].(map[string]any)["text/html"].(string); !strings.Contains(svgOf(t, html), "stroke-dasharray") {
				t.Errorf("the running task is not drawn dashed:\n%s", html)
			}
			release()
			nextState(t, k, id, "<TaskStream: 1 task on 1 worker")
		})
	}
}

// nextState waits for an update of display id whose text/plain starts with
// want, failing on an update that counts the tasks of another client.
func nextState(t *testing.T, k *kerneltest.Client, id, want string) kernel.Message {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	m, err := k.Next(ctx, kernel.IOPub, func(m kernel.Message) bool {
		if m.Header.MsgType != "update_display_data" {
			return false
		}
		uid, text := displayOf(t, m)
		if uid == id && strings.Contains(text, "2 tasks") {
			t.Errorf("update %q counts the other client's task", text)
		}
		return uid == id && strings.HasPrefix(text, want)
	})
	if err != nil {
		t.Fatalf("no update of display %s to %q...: %v", id, want, err)
	}
	return m
}
