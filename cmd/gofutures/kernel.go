package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/gofutures/gofutures/interp"
	"github.com/gofutures/gofutures/kernel"
)

var _ kernel.Executor = (*interp.Session)(nil)

// runKernel serves one kernel until shutdown_request, SIGTERM or SIGHUP.
// SIGINT interrupts the running cell instead of killing the kernel.
func runKernel(args []string) error {
	fs := flag.NewFlagSet("kernel", flag.ContinueOnError)
	file := fs.String("f", "", "connection file")
	maxMessage := fs.Int64("max-message-size", 0, "largest message in bytes a client may send; a client announcing more is disconnected (0: 256 MiB)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *file == "" && fs.NArg() == 1 {
		*file = fs.Arg(0)
	}
	if *file == "" || fs.NArg() > 1 || (fs.NArg() == 1 && fs.Arg(0) != *file) {
		return errors.New("usage: gofutures kernel [-max-message-size BYTES] [-f] CONNECTION_FILE")
	}
	// The session takes over descriptors 1 and 2 so that compiled packages'
	// output reaches the notebook; the kernel's own log then goes to the
	// original standard error, which the session hands back.
	logOut := &switchWriter{w: os.Stderr}
	log := newLogger(logOut)
	conn, err := kernel.ReadConnection(*file)
	if err != nil {
		return err
	}
	// Take SIGINT before anything slow, so an early interrupt cannot kill us.
	sigs := make(chan os.Signal, 4)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer signal.Stop(sigs)

	tr, err := kernel.NewZMQWithOptions(conn, kernel.ZMQOptions{Logger: log, MaxMessageSize: *maxMessage})
	if err != nil {
		return err
	}
	defer tr.Close()
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	// The interpreter loads while the kernel already answers
	// kernel_info_request: cells wait for it.
	exec := kernel.NewDeferred(func() (kernel.Executor, error) {
		sess, err := interp.New(interp.Options{Logger: log, CaptureFD: true})
		if err != nil {
			err = fmt.Errorf("start interpreter: %w", err)
			cancel(err)
			return nil, err
		}
		logOut.set(sess.ProcessStderr())
		return sess, nil
	})
	defer exec.Close()
	srv, err := kernel.NewServer(kernel.Options{
		Executor:  exec,
		Transport: tr,
		Key:       []byte(conn.Key),
		Logger:    log,
		Info:      kernel.Info{ImplementationVersion: version(), HelpLinks: helpLinks},
	})
	if err != nil {
		return err
	}

	go func() {
		for sig := range sigs {
			if sig == os.Interrupt {
				log.Info("gofutures: SIGINT, interrupting the running cell")
				srv.Interrupt()
				continue
			}
			log.Info("gofutures: stopping", "signal", sig)
			cancel(nil)
		}
	}()
	go watchParent(ctx, func() { cancel(nil) })
	if err := srv.Run(ctx); err != nil && !errors.Is(err, context.Canceled) {
		return err
	}
	if _, err := exec.Wait(); err != nil {
		return err
	}
	return nil
}

// newLogger logs warnings and errors, or what GOFUTURES_LOG asks for
// (debug, info, warn, error).
func newLogger(w io.Writer) *slog.Logger {
	level := slog.LevelWarn
	if v := os.Getenv("GOFUTURES_LOG"); v != "" {
		if err := level.UnmarshalText([]byte(strings.ToUpper(v))); err != nil {
			level = slog.LevelWarn
		}
	}
	return slog.New(slog.NewTextHandler(w, &slog.HandlerOptions{Level: level}))
}

// watchParent stops the kernel when the process that started it dies, as
// ipykernel does: Jupyter names itself in JPY_PARENT_PID, and a kernel
// orphaned by a crashed server would otherwise run forever.
func watchParent(ctx context.Context, stop context.CancelFunc) {
	ppid, err := strconv.Atoi(os.Getenv("JPY_PARENT_PID"))
	if err != nil || ppid <= 1 || os.Getppid() != ppid {
		return
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
			if os.Getppid() != ppid {
				stop()
				return
			}
		}
	}
}

// switchWriter is an io.Writer whose destination can change while other
// goroutines write to it.
type switchWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *switchWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

func (s *switchWriter) set(w io.Writer) {
	s.mu.Lock()
	s.w = w
	s.mu.Unlock()
}
