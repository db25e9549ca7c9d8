package kernel_test

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"runtime"
	"syscall"
	"testing"
	"time"

	"github.com/gofutures/gofutures/kernel"
	"github.com/gofutures/gofutures/kernel/kerneltest"
)

// Raw ZMTP 3.0 (RFC 23) for tests that must misbehave below zmq4.

const guardWait = 30 * time.Second // deadlock guard, not a timing assertion

type kernelPort struct {
	name     string
	port     int
	peerType string // the socket type a client uses on this port
}

func kernelPorts(c kernel.Connection) []kernelPort {
	return []kernelPort{
		{"shell", c.ShellPort, "DEALER"},
		{"control", c.ControlPort, "DEALER"},
		{"stdin", c.StdinPort, "DEALER"},
		{"iopub", c.IOPubPort, "SUB"},
		{"heartbeat", c.HBPort, "REQ"},
	}
}

func zmtpGreeting() []byte {
	g := make([]byte, 64)
	g[0], g[9], g[10] = 0xFF, 0x7F, 3
	copy(g[12:], "NULL")
	return g
}

// zmtpHeader is a long frame header announcing size bytes.
func zmtpHeader(flags byte, size uint64) []byte {
	h := make([]byte, 9)
	h[0] = flags | 0x02
	binary.BigEndian.PutUint64(h[1:], size)
	return h
}

func zmtpFrame(flags byte, body []byte) []byte {
	if len(body) > 255 {
		return append(zmtpHeader(flags, uint64(len(body))), body...)
	}
	return append([]byte{flags, byte(len(body))}, body...)
}

// zmtpReady is the READY command of a socket of type sockType.
func zmtpReady(sockType string) []byte {
	body := append([]byte("\x05READY\x0bSocket-Type"), 0, 0, 0, byte(len(sockType)))
	return zmtpFrame(0x04, append(body, sockType...))
}

// rawPeer is a TCP connection to one of the kernel's ports.
type rawPeer struct {
	t testing.TB
	c net.Conn
}

func dialRaw(t testing.TB, port int) *rawPeer {
	t.Helper()
	return dialRawWith(t, port, &net.Dialer{Timeout: guardWait})
}

// dialSmallWindow dials with a 4 KiB receive buffer, set before the
// connection exists so that the window the peer sees stays small.
func dialSmallWindow(t testing.TB, port int) *rawPeer {
	t.Helper()
	return dialRawWith(t, port, &net.Dialer{Timeout: guardWait, Control: func(_, _ string, rc syscall.RawConn) error {
		var err error
		if cerr := rc.Control(func(fd uintptr) {
			err = syscall.SetsockoptInt(int(fd), syscall.SOL_SOCKET, syscall.SO_RCVBUF, 4096)
		}); cerr != nil {
			return cerr
		}
		return err
	}})
}

func dialRawWith(t testing.TB, port int, d *net.Dialer) *rawPeer {
	t.Helper()
	c, err := d.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return &rawPeer{t: t, c: c}
}

func (r *rawPeer) send(parts ...[]byte) *rawPeer {
	r.t.Helper()
	r.c.SetWriteDeadline(time.Now().Add(guardWait))
	for _, p := range parts {
		if _, err := r.c.Write(p); err != nil {
			r.t.Fatalf("write: %v", err)
		}
	}
	return r
}

// waitClosed reads until the kernel closes the connection, and fails the
// test if it is still open after guardWait.
func (r *rawPeer) waitClosed() {
	r.t.Helper()
	r.c.SetReadDeadline(time.Now().Add(guardWait))
	_, err := io.Copy(io.Discard, r.c)
	if errors.Is(err, os.ErrDeadlineExceeded) {
		r.t.Fatalf("the kernel kept the connection open for %v", guardWait)
	}
}

// within runs f and fails the test if it has not returned after guardWait.
func within(t testing.TB, what string, f func() error) {
	t.Helper()
	errc := make(chan error, 1)
	go func() { errc <- f() }()
	select {
	case err := <-errc:
		if err != nil {
			t.Fatalf("%s: %v", what, err)
		}
	case <-time.After(guardWait):
		t.Fatalf("%s: no answer after %v", what, guardWait)
	}
}

// heapAlloc is the live heap after a collection.
func heapAlloc() int64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return int64(m.HeapAlloc)
}

// checkServes connects a new client to the kernel and has it complete
// kernel_info on shell and control, an iopub round and a heartbeat.
func checkServes(t *testing.T, conn kernel.Connection) {
	t.Helper()
	var f *kerneltest.ZMQFrontend
	within(t, "connect a new client", func() (err error) {
		f, err = kerneltest.DialZMQ(conn)
		return err
	})
	t.Cleanup(func() { f.Close() })
	c := kerneltest.NewClient(f, kerneltest.Key)
	ctx := testContext(t)
	if err := c.WaitIOPub(ctx); err != nil {
		t.Fatalf("iopub: %v", err)
	}
	for _, ch := range []kernel.Channel{kernel.Shell, kernel.Control} {
		r, err := c.Call(ctx, ch, "kernel_info_request", map[string]any{})
		if err != nil {
			t.Fatalf("kernel_info on %s: %v", ch, err)
		}
		if content(r.Reply)["status"] != "ok" {
			t.Fatalf("kernel_info on %s: %v", ch, content(r.Reply))
		}
	}
	within(t, "heartbeat", func() error {
		got, err := f.Ping([]byte("ping"))
		if err == nil && string(got) != "ping" {
			err = fmt.Errorf("echo %q", got)
		}
		return err
	})
}
