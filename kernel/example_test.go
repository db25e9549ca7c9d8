package kernel_test

import (
	"encoding/json"
	"fmt"

	"github.com/gofutures/gofutures/kernel"
)

func ExampleCodec() {
	codec := kernel.NewCodec([]byte("connection-key"))
	frames, _ := codec.Encode(kernel.Message{
		Identities: [][]byte{[]byte("client")},
		Header:     kernel.Header{MsgID: "1", MsgType: "kernel_info_request", Version: kernel.ProtocolVersion},
		Content:    json.RawMessage(`{}`),
	})
	fmt.Printf("%s %s, %d frames\n", frames[0], frames[1], len(frames))

	m, err := codec.Decode(frames)
	fmt.Println(m.Header.MsgType, err)

	frames[len(frames)-1] = []byte(`{"tampered":true}`)
	_, err = codec.Decode(frames)
	fmt.Println(err)
	// Output:
	// client <IDS|MSG>, 7 frames
	// kernel_info_request <nil>
	// kernel: bad message signature
}
