package kernel

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/gofutures/gofutures/kernel/internal/zmtp"
)

// Connection is the content of the connection file Jupyter passes a kernel.
type Connection struct {
	Transport       string `json:"transport"`
	IP              string `json:"ip"`
	ShellPort       int    `json:"shell_port"`
	ControlPort     int    `json:"control_port"`
	StdinPort       int    `json:"stdin_port"`
	IOPubPort       int    `json:"iopub_port"`
	HBPort          int    `json:"hb_port"`
	Key             string `json:"key"`
	SignatureScheme string `json:"signature_scheme"`
	KernelName      string `json:"kernel_name,omitempty"`
}

// ReadConnection reads and validates a connection file.
func ReadConnection(path string) (Connection, error) {
	var c Connection
	b, err := os.ReadFile(path)
	if err != nil {
		return c, fmt.Errorf("kernel: read connection file: %w", err)
	}
	if err := json.Unmarshal(b, &c); err != nil {
		return c, fmt.Errorf("kernel: parse connection file %s: %w", path, err)
	}
	return c, c.validate()
}

func (c *Connection) validate() error {
	if c.Transport == "" {
		c.Transport = "tcp"
	}
	if c.Transport != "tcp" && c.Transport != "ipc" {
		return fmt.Errorf("kernel: unsupported transport %q", c.Transport)
	}
	if c.IP == "" {
		c.IP = "127.0.0.1"
	}
	if c.SignatureScheme == "" {
		c.SignatureScheme = "hmac-sha256"
	}
	if c.SignatureScheme != "hmac-sha256" {
		return fmt.Errorf("kernel: unsupported signature scheme %q (want hmac-sha256)", c.SignatureScheme)
	}
	return nil
}

// endpoint returns the ZeroMQ address of one port, over the guarded
// transports of kernel/internal/zmtp.
func (c Connection) endpoint(port int) string {
	if c.Transport == "ipc" {
		return fmt.Sprintf("%s://%s-%d", zmtp.IPC, c.IP, port)
	}
	return fmt.Sprintf("%s://%s:%d", zmtp.TCP, c.IP, port)
}
