package zmtp

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-zeromq/zmq4"
)

// TestTransportCarriesMessages runs a zmq4 ROUTER on each guarded
// transport and a plain zmq4 DEALER against it: messages cross both ways,
// including one larger than the read-ahead size.
func TestTransportCarriesMessages(t *testing.T) {
	if err := Register(); err != nil {
		t.Fatal(err)
	}
	sock := filepath.Join(t.TempDir(), "s")
	for _, tc := range []struct{ listen, dial string }{
		{TCP + "://127.0.0.1:0", "tcp://%s"},
		{IPC + "://" + sock, "ipc://" + sock + "%.0s"},
	} {
		t.Run(tc.listen, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second) // deadlock guard
			defer cancel()
			router := zmq4.NewRouter(WithConfig(ctx, Config{MaxMessageSize: 1 << 20}), zmq4.WithID(zmq4.SocketIdentity("router")))
			defer router.Close()
			if err := router.Listen(tc.listen); err != nil {
				t.Fatal(err)
			}
			dealer := zmq4.NewDealer(ctx, zmq4.WithID(zmq4.SocketIdentity("dealer")))
			defer dealer.Close()
			if err := dealer.Dial(fmt.Sprintf(tc.dial, router.Addr())); err != nil {
				t.Fatal(err)
			}
			big := make([]byte, 100<<10)
			if err := dealer.SendMulti(zmq4.NewMsgFrom([]byte("hello"), big)); err != nil {
				t.Fatal(err)
			}
			msg, err := router.Recv()
			if err != nil {
				t.Fatal(err)
			}
			if len(msg.Frames) != 3 || string(msg.Frames[0]) != "dealer" || string(msg.Frames[1]) != "hello" || len(msg.Frames[2]) != len(big) {
				t.Fatalf("router got %d frames", len(msg.Frames))
			}
			if err := router.SendMulti(zmq4.NewMsgFrom([]byte("dealer"), []byte("back"))); err != nil {
				t.Fatal(err)
			}
			if msg, err = dealer.Recv(); err != nil || string(msg.Frames[0]) != "back" {
				t.Fatalf("dealer got %q, %v", msg.Frames, err)
			}
		})
	}
}
