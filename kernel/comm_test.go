package kernel_test

import (
	"context"
	"reflect"
	"strconv"
	"sync"
	"testing"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

func TestComms(t *testing.T) {
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		s := basicScript()
		var (
			mu       sync.Mutex
			received []map[string]any
			opened   display.Comm
		)
		s.Add("open", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
			c, err := out.(display.CommOpener).OpenComm("jupyter.widget", map[string]any{"state": map[string]any{"value": 1.0}},
				map[string]any{"version": "2.1.0"}, func(data map[string]any) {
					mu.Lock()
					received = append(received, data)
					c := opened
					mu.Unlock()
					c.Send(map[string]any{"method": "update", "echo": data["x"]}, [][]byte{[]byte("buf")})
				})
			mu.Lock()
			opened = c
			mu.Unlock()
			return nil, err
		})
		echoTarget := func(c display.Comm, data map[string]any) func(map[string]any) {
			c.Send(map[string]any{"hello": data["who"]}, nil)
			return func(d map[string]any) { c.Send(map[string]any{"echo": d["x"]}, nil) }
		}
		k := start(s, func(o *kernel.Options) { o.CommTargets = map[string]kernel.CommTarget{"echo": echoTarget} })
		ctx := testContext(t)
		commInfo := func(target string) map[string]any {
			t.Helper()
			r := must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "comm_info_request", map[string]any{"target_name": target}))
			return content(r.Reply)["comms"].(map[string]any)
		}

		t.Run("a cell opens a comm and the frontend talks on it", func(t *testing.T) {
			r := must[kerneltest.Result](t)(k.c.Execute(ctx, "open"))
			wantTypes(t, r, "status", "execute_input", "comm_open", "status")
			open := r.Of("comm_open")[0]
			c := content(open)
			id, _ := c["comm_id"].(string)
			if c["target_name"] != "jupyter.widget" || id == "" || open.Metadata["version"] != "2.1.0" {
				t.Fatalf("comm_open %v metadata %v", c, open.Metadata)
			}
			if info := commInfo("jupyter.widget"); !reflect.DeepEqual(info, map[string]any{id: map[string]any{"target_name": "jupyter.widget"}}) {
				t.Errorf("comm_info: %v", info)
			}
			if info := commInfo("other"); len(info) != 0 {
				t.Errorf("comm_info for another target: %v", info)
			}
			req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_msg", map[string]any{"comm_id": id, "data": map[string]any{"x": "ping"}}))
			io := kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, req))}
			wantTypes(t, io, "status", "comm_msg", "status")
			m := io.Of("comm_msg")[0]
			if c := content(m); c["comm_id"] != id || c["data"].(map[string]any)["echo"] != "ping" || len(m.Buffers) != 1 {
				t.Errorf("answer on the comm: %v, %d buffers", c, len(m.Buffers))
			}
			mu.Lock()
			if len(received) != 1 || received[0]["x"] != "ping" {
				t.Errorf("cell received %v", received)
			}
			c2 := opened
			mu.Unlock()

			// The kernel side closes it: comm_close, and it is gone.
			if err := c2.Close(); err != nil {
				t.Fatal(err)
			}
			closeMsg := must[kernel.Message](t)(k.c.Next(ctx, kernel.IOPub, func(m kernel.Message) bool { return m.Header.MsgType == "comm_close" }))
			if content(closeMsg)["comm_id"] != id {
				t.Errorf("comm_close %v", content(closeMsg))
			}
			if err := c2.Send(nil, nil); err != kernel.ErrCommClosed {
				t.Errorf("send after close: got %v, want ErrCommClosed", err)
			}
			if info := commInfo(""); len(info) != 0 {
				t.Errorf("comm_info after close: %v", info)
			}
		})

		t.Run("the frontend opens a comm on a registered target", func(t *testing.T) {
			req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_open", map[string]any{"comm_id": "c-1", "target_name": "echo", "data": map[string]any{"who": "lab"}}))
			io := kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, req))}
			wantTypes(t, io, "status", "comm_msg", "status")
			if c := content(io.Of("comm_msg")[0]); c["data"].(map[string]any)["hello"] != "lab" {
				t.Errorf("greeting %v", c)
			}
			if info := commInfo("echo"); len(info) != 1 {
				t.Errorf("comm_info: %v", info)
			}
			req = must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_msg", map[string]any{"comm_id": "c-1", "data": map[string]any{"x": 7}}))
			io = kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, req))}
			if c := content(io.Of("comm_msg")[0]); c["data"].(map[string]any)["echo"] != 7.0 {
				t.Errorf("echo %v", c)
			}
			req = must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_close", map[string]any{"comm_id": "c-1", "data": map[string]any{}}))
			io = kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, req))}
			wantTypes(t, io, "status", "status")
			if info := commInfo("echo"); len(info) != 0 {
				t.Errorf("comm_info after the frontend closed it: %v", info)
			}
		})

		t.Run("a comm for an unknown target is closed at once", func(t *testing.T) {
			req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_open", map[string]any{"comm_id": "c-2", "target_name": "nobody", "data": map[string]any{}}))
			io := kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, req))}
			wantTypes(t, io, "status", "comm_close", "status")
			if c := content(io.Of("comm_close")[0]); c["comm_id"] != "c-2" {
				t.Errorf("comm_close %v", c)
			}
		})
	})
}

// A cell learns from its sink whether the frontend runs a Jupyter widgets
// manager: yes once the frontend has opened or asked about a comm target
// only such a manager uses, and not before.
func TestWidgetManagerIsNoticed(t *testing.T) {
	s := basicScript()
	s.Add("widgets?", func(_ context.Context, out display.Sink) (*display.Bundle, error) {
		b := kerneltest.Text(strconv.FormatBool(out.(display.WidgetHost).WidgetManager()))
		return &b, nil
	})
	ask := func(t *testing.T, k *running, ctx context.Context) string {
		t.Helper()
		r := must[kerneltest.Result](t)(k.c.Execute(ctx, "widgets?"))
		return content(r.Of("execute_result")[0])["data"].(map[string]any)["text/plain"].(string)
	}
	forEachTransport(t, func(t *testing.T, start func(kernel.Executor, ...func(*kernel.Options)) *running) {
		t.Run("ipywidgets 8 opens the control comm", func(t *testing.T) {
			k, ctx := start(s), testContext(t)
			if got := ask(t, k, ctx); got != "false" {
				t.Fatalf("before any widget traffic: %s", got)
			}
			must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "comm_info_request", map[string]any{"target_name": "other"}))
			req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_open", map[string]any{"comm_id": "c-1", "target_name": "echo", "data": map[string]any{}}))
			must[[]kernel.Message](t)(k.c.IOPub(ctx, req))
			if got := ask(t, k, ctx); got != "false" {
				t.Fatalf("after traffic for other targets: %s", got)
			}
			req = must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_open", map[string]any{"comm_id": "c-2", "target_name": "jupyter.widget.control", "data": map[string]any{}}))
			io := kerneltest.Result{IOPub: must[[]kernel.Message](t)(k.c.IOPub(ctx, req))}
			wantTypes(t, io, "status", "comm_close", "status") // the manager falls back to comm_info
			if got := ask(t, k, ctx); got != "true" {
				t.Fatalf("after the control comm: %s", got)
			}
		})
		t.Run("ipywidgets 6 cannot draw protocol 2 widgets", func(t *testing.T) {
			k, ctx := start(s), testContext(t)
			// What Notebook 6 with ipywidgets 6 sends when it connects.
			must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "comm_info_request", map[string]any{"target_name": "jupyter.widget"}))
			req := must[kernel.Message](t)(k.c.Request(kernel.Shell, "comm_open", map[string]any{"comm_id": "v-1", "target_name": "jupyter.widget.version", "data": map[string]any{}}))
			must[[]kernel.Message](t)(k.c.IOPub(ctx, req))
			if got := ask(t, k, ctx); got != "false" {
				t.Fatalf("after ipywidgets 6's version comm: %s", got)
			}
		})
		t.Run("ipywidgets 7 asks comm_info for the widget target", func(t *testing.T) {
			k, ctx := start(s), testContext(t)
			must[kerneltest.Result](t)(k.c.Call(ctx, kernel.Shell, "comm_info_request", map[string]any{"target_name": "jupyter.widget"}))
			if got := ask(t, k, ctx); got != "true" {
				t.Fatalf("after comm_info for jupyter.widget: %s", got)
			}
		})
	})
}
