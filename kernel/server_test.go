package kernel_test

import (
	"context"
	"fmt"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

func content(m kernel.Message) map[string]any { return kerneltest.Content(m) }

func wantTypes(t *testing.T, r kerneltest.Result, want ...string) {
	t.Helper()
	if got := r.Types(); !reflect.DeepEqual(got, want) {
		t.Errorf("iopub types: got %v, want %v", got, want)
	}
}

// basicScript has cells every test may use.
func basicScript() *kerneltest.Script {
	s := &kerneltest.Script{}
	s.Add("hello", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		out.Stream("stdout", "hello, ")
		out.Stream("stdout", "world\n")
		b := kerneltest.Text("42")
		return &b, nil
	})
	s.Add("fail", func(context.Context, display.Sink) (*display.Bundle, error) { return nil, errBoom })
	s.Add("nothing", func(context.Context, display.Sink) (*display.Bundle, error) { return nil, nil })
	s.Add("panic", func(context.Context, display.Sink) (*display.Bundle, error) { panic("cell exploded") })
	return s
}

func TestExecute(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		// The cell's two writes must arrive as one stream message whatever
		// the machine's load: only the flush at the cell's end may send them.
		k := start(basicScript(), func(o *kernel.Options) { o.StreamDelay = time.Hour })
		ctx := testContext(t)

		t.Run("publishes busy, input, outputs, result, idle in order", func(t *testing.T) {
			r := must[kerneltest.Result](t)(k.c.Execute(ctx, "hello"))
			wantTypes(t, r, "status", "execute_input", "stream", "execute_result", "status")
			if r.Status() != "ok" || r.Stdout() != "hello, world\n" {
				t.Errorf("got status %q stdout %q", r.Status(), r.Stdout())
			}
			if s := content(r.IOPub[0])["execution_state"]; s != "busy" {
				t.Errorf("first status %v, want busy", s)
			}
			for _, m := range r.IOPub {
				if m.Parent.MsgID != r.Request.Header.MsgID {
					t.Errorf("%s has parent %q, want %q", m.Header.MsgType, m.Parent.MsgID, r.Request.Header.MsgID)
				}
			}
			if r.Reply.Header.MsgType != "execute_reply" || r.Reply.Header.Session == "" || r.Reply.Header.Date == "" {
				t.Errorf("bad reply header %+v", r.Reply.Header)
			}
		})

		t.Run("counts executions stored in history only", func(t *testing.T) {
			count := func(c map[string]any) float64 {
				t.Helper()
				r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "execute_request", c))
				return content(r.Reply)["execution_count"].(float64)
			}
			first := count(kerneltest.ExecuteContent("nothing"))
			if second := count(kerneltest.ExecuteContent("nothing")); second != first+1 {
				t.Errorf("count after a stored cell: got %v, want %v", second, first+1)
			}
			silent := kerneltest.ExecuteContent("hello")
			silent["silent"] = true
			r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "execute_request", silent))
			wantTypes(t, r, "status", "stream", "status") // no execute_input, no execute_result
			if c := content(r.Reply)["execution_count"].(float64); c != first+1 {
				t.Errorf("silent count: got %v, want %v", c, first+1)
			}
			unstored := kerneltest.ExecuteContent("nothing")
			unstored["store_history"] = false
			if c := count(unstored); c != first+1 {
				t.Errorf("count without store_history: got %v, want %v", c, first+1)
			}
			if c := count(kerneltest.ExecuteContent("nothing")); c != first+2 {
				t.Errorf("count after: got %v, want %v", c, first+2)
			}
		})

		t.Run("an error gives an error reply and an error message", func(t *testing.T) {
			r := must[kerneltest.Result](t)(k.c.Execute(ctx, "fail"))
			wantTypes(t, r, "status", "execute_input", "error", "status")
			c := content(r.Reply)
			if c["status"] != "error" || c["ename"] != "Error" || c["evalue"] != "boom" || c["execution_count"] == nil {
				t.Errorf("reply %v", c)
			}
		})

		t.Run("a panicking executor is an error, and the kernel lives on", func(t *testing.T) {
			r := must[kerneltest.Result](t)(k.c.Execute(ctx, "panic"))
			if c := content(r.Reply); c["ename"] != "panic" || c["evalue"] != "cell exploded" {
				t.Errorf("reply %v", c)
			}
			if r := must[kerneltest.Result](t)(k.c.Execute(ctx, "hello")); r.Status() != "ok" {
				t.Errorf("after panic: status %q", r.Status())
			}
		})

		t.Run("user expressions are evaluated", func(t *testing.T) {
			c := kerneltest.ExecuteContent("nothing")
			c["user_expressions"] = map[string]any{"a": "x+1", "b": ""}
			r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "execute_request", c))
			ue := content(r.Reply)["user_expressions"].(map[string]any)
			a := ue["a"].(map[string]any)
			if a["status"] != "ok" || a["data"].(map[string]any)["text/plain"] != "x+1" {
				t.Errorf("a: %v", a)
			}
			if b := ue["b"].(map[string]any); b["status"] != "error" {
				t.Errorf("b: %v", b)
			}
		})
	})
}

func TestStopOnError(t *testing.T) {
	cases := []struct {
		name        string
		stopOnError bool
		wantSecond  string
	}{
		{"queued requests are aborted after an error", true, "error"},
		{"queued requests run when stop_on_error is false", false, "ok"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := basicScript()
			release := make(chan struct{})
			s.Add("slow fail", func(context.Context, display.Sink) (*display.Bundle, error) {
				<-release
				return nil, errBoom
			})
			k := startMemory(t, s)
			ctx := testContext(t)
			first := kerneltest.ExecuteContent("slow fail")
			first["stop_on_error"] = tc.stopOnError
			req1 := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", first))
			req2 := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("hello")))
			// The kernel has both once it answers a later request.
			must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "kernel_info_request", map[string]any{}))
			close(release)
			if r := must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req1)); content(r)["status"] != "error" {
				t.Errorf("first: %v", content(r))
			}
			r2 := must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req2))
			if got := content(r2)["status"]; got != tc.wantSecond {
				t.Errorf("second: got %v, want %v (%v)", got, tc.wantSecond, content(r2))
			}
			io := must[[]kernel.Message](t)(k.c.IOPub(ctx, req2))
			if io[0].Header.MsgType != "status" || io[len(io)-1].Header.MsgType != "status" {
				t.Errorf("aborted request must still be wrapped in busy/idle: %v", io)
			}
			// Requests sent after the failure run again.
			if r := must[kerneltest.Result](t)(k.c.Execute(ctx, "hello")); r.Status() != "ok" {
				t.Errorf("after abort: %q", r.Status())
			}
		})
	}
}

func TestBadMessagesAreDropped(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		k := start(basicScript())
		ctx := testContext(t)
		good := must[kernel.Message](t)(k.c.NewMessage("execute_request", kerneltest.ExecuteContent("hello")))
		frames := must[[][]byte](t)(kernel.NewCodec(kerneltest.Key).Encode(good))
		forged := must[[][]byte](t)(kernel.NewCodec([]byte("wrong key")).Encode(good))
		unsigned := must[[][]byte](t)(kernel.NewCodec(nil).Encode(good))
		bad := [][][]byte{
			forged,
			unsigned,
			{[]byte("no delimiter")},
			append([][]byte{}, frames[:3]...),
			{frames[0], frames[1], []byte("{nope"), []byte("{}"), []byte("{}"), []byte("{}")},
		}
		for _, f := range bad {
			if err := k.c.Frontend().Send(kernel.Shell, f); err != nil {
				t.Fatal(err)
			}
		}
		// Had any been answered, its reply would precede this one.
		info := must[kernel.Message](t)(k.c.Request(kernel.Shell, "kernel_info_request", map[string]any{}))
		reply := must[kernel.Message](t)(k.c.Next(ctx, kernel.Shell, nil))
		if reply.Parent.MsgID != info.Header.MsgID {
			t.Fatalf("got a reply to %q (%s), want only the kernel_info reply", reply.Parent.MsgID, reply.Header.MsgType)
		}
		idle := false
		for !idle {
			m := must[kernel.Message](t)(k.c.Next(ctx, kernel.IOPub, nil))
			if m.Parent.MsgID == good.Header.MsgID {
				t.Fatalf("kernel published %s for a dropped request", m.Header.MsgType)
			}
			idle = m.Parent.MsgID == info.Header.MsgID && content(m)["execution_state"] == "idle"
		}
	})
}

func TestKernelInfoWhileACellRuns(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		s := basicScript()
		release, started := make(chan struct{}), make(chan struct{})
		s.Add("block", func(context.Context, display.Sink) (*display.Bundle, error) {
			close(started)
			<-release
			return nil, nil
		})
		k := start(s)
		ctx := testContext(t)
		req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("block")))
		<-started
		for _, ch := range []kernel.Channel{kernel.Shell, kernel.Control} {
			r := must[kerneltest.Result](t)(k.c.Call(ctx, ch, "kernel_info_request", map[string]any{}))
			c := content(r.Reply)
			li := c["language_info"].(map[string]any)
			if c["status"] != "ok" || c["protocol_version"] != "5.4" || li["name"] != "go" || li["file_extension"] != ".go" ||
				li["mimetype"] != "text/x-go" || li["pygments_lexer"] != "go" || li["codemirror_mode"] != "go" || c["banner"] == "" {
				t.Errorf("%s kernel_info_reply: %v", ch, c)
			}
			wantTypes(t, r, "status", "status")
		}
		close(release)
		if r := must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req)); content(r)["status"] != "ok" {
			t.Errorf("cell: %v", content(r))
		}
	})
}

func TestInterrupt(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		s := basicScript()
		started := make(chan struct{})
		s.Add("wait", func(ctx context.Context, _ display.Sink) (*display.Bundle, error) {
			close(started)
			<-ctx.Done()
			return nil, ctx.Err()
		})
		k := start(s)
		ctx := testContext(t)
		req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("wait")))
		<-started
		r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Control, "interrupt_request", map[string]any{}))
		if r.Status() != "ok" {
			t.Errorf("interrupt_reply: %v", content(r.Reply))
		}
		wantTypes(t, r, "status", "status")
		reply := must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req))
		if c := content(reply); c["status"] != "error" || c["ename"] != "Interrupted" {
			t.Errorf("interrupted cell reply: %v", c)
		}
		if r := must[kerneltest.Result](t)(k.c.Execute(ctx, "hello")); r.Status() != "ok" {
			t.Errorf("after interrupt: %q", r.Status())
		}
	})
}

// idleScript is a Script that counts the interrupts it gets while idle.
type idleScript struct {
	*kerneltest.Script
	idle atomic.Int32
}

func (s *idleScript) InterruptIdle() { s.idle.Add(1) }

func TestInterruptWhileIdle(t *testing.T) {
	s := &idleScript{Script: basicScript()}
	started := make(chan struct{})
	s.Add("wait", func(ctx context.Context, _ display.Sink) (*display.Bundle, error) {
		close(started)
		<-ctx.Done()
		return nil, ctx.Err()
	})
	k := startMemory(t, s)
	ctx := testContext(t)
	if r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Control, "interrupt_request", map[string]any{})); r.Status() != "ok" {
		t.Errorf("interrupt_reply while idle: %v", content(r.Reply))
	}
	if n := s.idle.Load(); n != 1 {
		t.Errorf("an interrupt while idle called InterruptIdle %d times, want 1", n)
	}
	req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("wait")))
	<-started
	must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Control, "interrupt_request", map[string]any{}))
	if c := content(must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req))); c["ename"] != "Interrupted" {
		t.Errorf("interrupted cell reply: %v", c)
	}
	if n := s.idle.Load(); n != 1 {
		t.Errorf("an interrupt of a running cell called InterruptIdle: %d calls, want 1", n)
	}
}

func TestInterruptAsSoonAsBusy(t *testing.T) {
	s := basicScript()
	s.Add("wait", func(ctx context.Context, _ display.Sink) (*display.Bundle, error) {
		<-ctx.Done()
		return nil, ctx.Err()
	})
	k := startMemory(t, s)
	ctx := testContext(t)
	for i := 0; i < 20; i++ {
		req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("wait")))
		must[kernel.Message](t)(k.c.Next(ctx, kernel.IOPub, kerneltest.ParentIs(req))) // busy
		must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Control, "interrupt_request", map[string]any{}))
		if r := must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req)); content(r)["ename"] != "Interrupted" {
			t.Fatalf("reply %v", content(r))
		}
	}
}

func TestShutdown(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		for _, ch := range []kernel.Channel{kernel.Control, kernel.Shell} {
			for _, restart := range []bool{false, true} {
				t.Run(fmt.Sprintf("on %s with restart %v the kernel replies and Run returns", ch, restart), func(t *testing.T) {
					k := start(basicScript())
					ctx := testContext(t)
					req := must[kernel.Message](t)(k.c.Request(ch, "shutdown_request", map[string]any{"restart": restart}))
					if err := <-k.done; err != nil {
						t.Errorf("Run: %v", err)
					}
					// The binary closes the transport as soon as Run returns;
					// the reply queued before must still go out.
					k.tr.Close()
					r := must[kernel.Message](t)(k.c.Reply(ctx, ch, req))
					if c := content(r); c["status"] != "ok" || c["restart"] != restart {
						t.Errorf("shutdown_reply: %v", c)
					}
				})
			}
		}
	})
}

func TestShellRequests(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		k := start(basicScript())
		ctx := testContext(t)
		call := func(msgType string, c map[string]any) map[string]any {
			t.Helper()
			r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, msgType, c))
			wantTypes(t, r, "status", "status")
			return content(r.Reply)
		}
		t.Run("complete offers the executor's matches", func(t *testing.T) {
			c := call("complete_request", map[string]any{"code": "x := he", "cursor_pos": 7})
			if !reflect.DeepEqual(c["matches"], []any{"hello"}) || c["cursor_start"] != 5.0 || c["cursor_end"] != 7.0 {
				t.Errorf("complete_reply: %v", c)
			}
		})
		t.Run("inspect reports what the executor found", func(t *testing.T) {
			c := call("inspect_request", map[string]any{"code": "hello", "cursor_pos": 2, "detail_level": 0})
			if c["found"] != true || c["data"].(map[string]any)["text/plain"] != "cell hello" {
				t.Errorf("inspect_reply: %v", c)
			}
			if c := call("inspect_request", map[string]any{"code": "zzz", "cursor_pos": 1}); c["found"] != false {
				t.Errorf("inspect_reply for nothing: %v", c)
			}
		})
		t.Run("is_complete gives status and indent", func(t *testing.T) {
			for code, want := range map[string]string{"x": "complete", "if x {": "incomplete", "}{": "invalid"} {
				c := call("is_complete_request", map[string]any{"code": code})
				if c["status"] != want || (want == "incomplete") != (c["indent"] != nil) {
					t.Errorf("%q: got %v, want %s", code, c, want)
				}
			}
		})
		t.Run("history returns stored cells", func(t *testing.T) {
			must[kerneltest.Result](t)(k.c.Execute(ctx, "hello"))
			must[kerneltest.Result](t)(k.c.Execute(ctx, "nothing"))
			c := call("history_request", map[string]any{"hist_access_type": "tail", "n": 2, "output": false, "raw": true})
			h := c["history"].([]any)
			if len(h) != 2 || h[0].([]any)[2] != "hello" || h[1].([]any)[2] != "nothing" {
				t.Errorf("tail: %v", h)
			}
			c = call("history_request", map[string]any{"hist_access_type": "search", "pattern": "hel*", "unique": true, "output": true})
			h = c["history"].([]any)
			if len(h) != 1 || !reflect.DeepEqual(h[0].([]any)[2], []any{"hello", "42"}) {
				t.Errorf("search: %v", h)
			}
			line := h[0].([]any)[1].(float64)
			c = call("history_request", map[string]any{"hist_access_type": "range", "session": 1, "start": line, "stop": line + 1})
			if h := c["history"].([]any); len(h) != 1 || h[0].([]any)[2] != "hello" {
				t.Errorf("range: %v", h)
			}
		})
		t.Run("unknown requests get an error reply", func(t *testing.T) {
			if c := call("frobnicate_request", map[string]any{}); c["status"] != "error" {
				t.Errorf("reply: %v", c)
			}
		})
	})
}

func TestStdin(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		s := basicScript()
		s.Add("ask", func(ctx context.Context, out display.Sink) (*display.Bundle, error) {
			v, err := out.(display.Prompter).Input(ctx, "name? ", false)
			if err != nil {
				return nil, err
			}
			out.Stream("stdout", "hi "+v)
			return nil, nil
		})
		k := start(s)
		ctx := testContext(t)

		t.Run("a cell reads a line through input_request", func(t *testing.T) {
			req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "execute_request", kerneltest.ExecuteContent("ask")))
			ir := must[kernel.Message](t)(k.c.Next(ctx, kernel.Stdin, nil))
			if ir.Header.MsgType != "input_request" || ir.Parent.MsgID != req.Header.MsgID || content(ir)["prompt"] != "name? " {
				t.Fatalf("got %s %v", ir.Header.MsgType, content(ir))
			}
			must[kernel.Message](t)(k.c.Request(kernel.Stdin, "input_reply", map[string]any{"value": "gopher"}))
			must[kernel.Message](t)(k.c.Reply(ctx, kernel.Shell, req))
			io := kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, req))}
			if io.Stdout() != "hi gopher" {
				t.Errorf("stdout %q", io.Stdout())
			}
		})
		t.Run("input fails when the frontend does not allow stdin", func(t *testing.T) {
			c := kerneltest.ExecuteContent("ask")
			c["allow_stdin"] = false
			r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "execute_request", c))
			if c := content(r.Reply); c["status"] != "error" || !strings.Contains(c["evalue"].(string), "input") {
				t.Errorf("reply: %v", c)
			}
		})
	})
}
