package zmtp

import (
	"context"
	"log/slog"
	"time"
)

// Defaults of Config.
const (
	// DefaultMaxMessageSize bounds the frames of one message a peer may
	// send. A Jupyter message is a few kilobytes; large ones carry widget
	// buffers, such as a file upload.
	DefaultMaxMessageSize = 256 << 20
	// DefaultHandshakeTimeout is how long a new connection may take to
	// send its greeting and its first command.
	DefaultHandshakeTimeout = 10 * time.Second
	// DefaultStallTimeout is how long a peer may accept no byte of what
	// the kernel writes to it before it is dropped.
	DefaultStallTimeout = 10 * time.Second
)

// maxHandshakes bounds the connections in handshake at once per listener;
// a connection beyond it is closed at once.
const maxHandshakes = 128

// Config sets the limits of the connections of one zmq4 socket. Zero
// fields take the defaults.
type Config struct {
	MaxMessageSize   int64
	HandshakeTimeout time.Duration
	StallTimeout     time.Duration
	// Logger receives one line per dropped connection; nil discards.
	Logger *slog.Logger
}

func (c Config) withDefaults() Config {
	if c.MaxMessageSize <= 0 {
		c.MaxMessageSize = DefaultMaxMessageSize
	}
	if c.HandshakeTimeout <= 0 {
		c.HandshakeTimeout = DefaultHandshakeTimeout
	}
	if c.StallTimeout <= 0 {
		c.StallTimeout = DefaultStallTimeout
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c
}

type configKey struct{}

// WithConfig returns a context carrying cfg. A zmq4 socket made with it
// (zmq4.NewRouter(ctx) and the like) hands it to the transport, which
// applies it to the socket's connections.
func WithConfig(ctx context.Context, cfg Config) context.Context {
	return context.WithValue(ctx, configKey{}, cfg.withDefaults())
}

func configFrom(ctx context.Context) Config {
	cfg, _ := ctx.Value(configKey{}).(Config)
	return cfg.withDefaults()
}
