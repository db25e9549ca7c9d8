package kerneltest

import (
	"fmt"
	"strings"

	"github.com/gofutures/gofutures/kernel"
)

// ConsoleText is what a text console shows of iopub messages, as jupyter
// console 6 does: only the output its own client session caused (it
// compares the parent header's session, not the request's message id; a
// parent without a session counts as its own), and only streams, results,
// displays (their text/plain) and errors. It ignores update_display_data,
// so a display stays as first drawn. session is the console's client
// session id (the Session of its requests' headers).
func ConsoleText(iopub []kernel.Message, session string) string {
	var b strings.Builder
	for _, m := range iopub {
		if m.Parent.Session != "" && m.Parent.Session != session {
			continue
		}
		c := Content(m)
		switch m.Header.MsgType {
		case "stream":
			s, _ := c["text"].(string)
			b.WriteString(s)
		case "execute_result":
			data, _ := c["data"].(map[string]any)
			if s, ok := data["text/plain"].(string); ok {
				fmt.Fprintf(&b, "Out[%v]: %s\n", c["execution_count"], s)
			}
		case "display_data":
			data, _ := c["data"].(map[string]any)
			if s, ok := data["text/plain"].(string); ok {
				b.WriteString(s + "\n")
			}
		case "error":
			tb, _ := c["traceback"].([]any)
			for _, line := range tb {
				fmt.Fprintln(&b, line)
			}
		}
	}
	return b.String()
}
