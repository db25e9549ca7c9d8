package cluster

import (
	"fmt"
	"net"
	"os"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// BrokerConfig configures StartBroker.
type BrokerConfig struct {
	// Listen is host:port; "" serves in-process clients only, port 0
	// picks a free one.
	Listen string
	// Store is the directory of JetStream's file storage; "" gives the
	// broker a temporary directory of its own (streams a client makes with
	// memory storage stay in memory).
	Store string
	// User and Password, when set, are required of every client.
	User, Password string
}

// Broker is an embedded NATS server with JetStream.
type Broker struct {
	ns  *server.Server
	tmp string // a store directory of its own, removed by Close
}

// StartBroker starts a NATS server with JetStream in this process and
// waits until it accepts connections.
func StartBroker(cfg BrokerConfig) (*Broker, error) {
	opts := &server.Options{
		JetStream: true, NoSigs: true, NoLog: true,
		Username: cfg.User, Password: cfg.Password,
		MaxPayload: 8 << 20,
	}
	if cfg.Listen == "" {
		opts.DontListen = true
	} else {
		host, port, err := net.SplitHostPort(cfg.Listen)
		if err != nil {
			return nil, fmt.Errorf("cluster: broker address %q: %w", cfg.Listen, err)
		}
		opts.Host = host
		if opts.Port, err = strconv.Atoi(port); err != nil {
			return nil, fmt.Errorf("cluster: broker port %q: %w", port, err)
		}
		if opts.Port == 0 {
			opts.Port = server.RANDOM_PORT
		}
	}
	tmp := ""
	if cfg.Store != "" {
		opts.StoreDir = cfg.Store
	} else {
		// JetStream's default directory is shared by every server of the
		// machine: a broker without a store gets one of its own, and
		// removes it when it closes.
		var err error
		if tmp, err = os.MkdirTemp("", "gofutures-broker-"); err != nil {
			return nil, fmt.Errorf("cluster: broker: %w", err)
		}
		opts.StoreDir = tmp
	}
	ns, err := server.NewServer(opts)
	if err != nil {
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("cluster: broker: %w", err)
	}
	go ns.Start()
	if !ns.ReadyForConnections(10 * time.Second) {
		ns.Shutdown()
		os.RemoveAll(tmp)
		return nil, fmt.Errorf("cluster: broker did not start")
	}
	return &Broker{ns: ns, tmp: tmp}, nil
}

// URL returns the address clients and workers dial ("" for an in-process
// broker without a listener).
func (b *Broker) URL() string {
	if b.ns.Addr() == nil {
		return ""
	}
	return b.ns.ClientURL()
}

// Server returns the embedded server, for in-process connections
// (nats.InProcessServer).
func (b *Broker) Server() *server.Server { return b.ns }

// Close shuts the server down and waits for it.
func (b *Broker) Close() {
	b.ns.Shutdown()
	b.ns.WaitForShutdown()
	if b.tmp != "" {
		os.RemoveAll(b.tmp)
	}
}
