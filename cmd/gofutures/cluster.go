package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/gofutures/gofutures/futures/cluster"
)

// runWorker runs a cluster worker until SIGTERM or SIGINT.
func runWorker(args []string) error {
	return cluster.WorkerMain(args, newResolver(os.Stderr), os.Stderr)
}

// runBroker serves NATS with JetStream and file storage until SIGTERM or
// SIGINT, for clusters whose users run no NATS server of their own.
func runBroker(args []string) error {
	fs := flag.NewFlagSet("broker", flag.ContinueOnError)
	listen := fs.String("listen", "127.0.0.1:4222", "host:port to serve clients and workers on")
	store := fs.String("store", "", "directory of JetStream's file storage (required)")
	user := fs.String("user", "", "user name clients must give")
	password := fs.String("password", os.Getenv("GOFUTURES_BROKER_PASSWORD"), "password clients must give (default $GOFUTURES_BROKER_PASSWORD)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *store == "" {
		return fmt.Errorf("broker needs --store DIR")
	}
	b, err := cluster.StartBroker(cluster.BrokerConfig{Listen: *listen, Store: *store, User: *user, Password: *password})
	if err != nil {
		return err
	}
	defer b.Close()
	fmt.Fprintln(os.Stderr, "gofutures broker: serving", b.URL())
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	<-ctx.Done()
	return nil
}
