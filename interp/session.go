package interp

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"log/slog"
	"os"
	"reflect"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/traefik/yaegi/interp"
	"github.com/traefik/yaegi/stdlib"

	"github.com/gofutures/gofutures/display"
	"github.com/gofutures/gofutures/interp/exports"
	"github.com/gofutures/gofutures/interp/internal/assist"
	"github.com/gofutures/gofutures/interp/internal/decls"
	"github.com/gofutures/gofutures/interp/internal/rt"
	"github.com/gofutures/gofutures/interp/internal/typecheck"
	"github.com/gofutures/gofutures/interp/internal/yaegimsg"
)

// Options configures a Session. The zero value is ready to use.
type Options struct {
	// Stdout and Stderr receive output written while no cell has run yet
	// (nil means os.Stdout and os.Stderr).
	Stdout, Stderr io.Writer
	// Logger receives the session's diagnostics (nil discards them).
	Logger *slog.Logger
	// CaptureFD points the process's file descriptor 1, os.Stderr and the
	// standard logger at the session, so that compiled packages writing to
	// os.Stdout and os.Stderr reach the notebook too (descriptor 2 stays
	// the process's, for the runtime's fatal errors). Only one session per process may
	// capture; Close gives the descriptors back. The process's own output
	// then goes to Stdout and Stderr when set, else to the original
	// descriptors, which ProcessStderr returns for logging.
	CaptureFD bool
	// NativeCache is where imported modules and compiled cells are built
	// and kept as Go plugins (default: os.UserCacheDir()/gofutures/native).
	NativeCache string
	// NoNative turns module imports and compiled cells off.
	NoNative bool
	// NativeFiles is for the sessions of cluster workers: it reads, by
	// name, a file a kernel shared for the compiled code its journals
	// name (//gofutures:plugin lines, see journal_native.go).
	NativeFiles func(ctx context.Context, name string) ([]byte, error)
	// NoTier keeps every function interpreted: without it, self-contained
	// functions are compiled in the background and swapped in (tier.go).
	// The environment variable GOFUTURES_TIER=0 does the same.
	NoTier bool
	// Journals is for the sessions of cluster workers, which run the
	// journals of a kernel's session: their //gofutures:cell lines name
	// the cell and line each declaration came from, and tracebacks of
	// panics in those declarations name that cell and line
	// (journal_origin.go).
	Journals bool
}

// ErrClosed is returned by Execute and Evaluate after Close.
var ErrClosed = errors.New("interp: session closed")

// Session is one notebook's interpreter state. Execute and Evaluate are
// serialized; Complete, Inspect and IsComplete may run beside them.
type Session struct {
	opts Options
	log  *slog.Logger
	yi   *interp.Interpreter
	last atomic.Pointer[sinkBox] // sink of the latest cell

	streams map[string]*stream // "stdout", "stderr": the writers yaegi has
	stdin   *cellStdin         // what cells read as standard input (stdin.go, rewrite_stdin.go)
	fds     []*fdCapture       // captured descriptors, with Options.CaptureFD
	process *processFiles      // the files of package os that capturing replaced (fatal.go)

	mu        sync.Mutex // serializes evaluation
	closed    bool
	restoring bool // declaring functions again after a failed cell (restore.go); guarded by mu

	background background    // tasks of ended cells whose goroutines still run
	taskPool   sync.Pool     // *pooledTask of futures runs, to use again (bridge_task.go)
	grace      time.Duration // how long an interrupted cell gets to stop (interrupt.go)

	// compile is held while yaegi compiles. A cell abandoned by an
	// interrupt may still be running; this orders its compilation before
	// the next cell's.
	compile sync.Mutex

	meta    sync.Mutex        // guards the fields below, never held while evaluating
	names   map[string]string // top-level name -> declaration source
	types   map[string]string // type name -> its declaration, to detect a changed shape
	imports map[string]string // local name -> import path
	decls   *decls.Index      // what declarations say; replaced, never changed (internal/decls)
	cells   map[int]*cell     // every cell run, by number, for positions in tracebacks
	cellNo  int               // number of the latest cell
	count   int               // execution count of the cell running or last run (see countCell); guarded by mu
	safe    map[string]bool   // functions that cannot panic (see findSafe)

	methods map[string]*methodDef   // "T.M" -> its first declaration (rewrite_method.go); guarded by meta
	funcs   map[string]*funcDef     // function name -> its latest declaration (rewrite_func.go)
	flags   struct{ next, end int } // guard flags handed out, and declared (guardFlag); guarded by mu

	renderers int // renderAll functions declared so far (richtypes.go)

	tc      *typecheck.Checker // the session's declarations as go/types sees them (typecheck.go)
	running *typecheck.Result  // the running cell's check until commitCheck (lookupDecl); guarded by meta
	noCheck bool               // for tests of what yaegi does with cells Go rejects

	typedImports map[string]bool // imports made to name types (lower_typed.go); guarded by mu

	prevDir string // the working directory before the last %cd; guarded by mu

	nat  nativeState // module imports and compiled cells (native.go)
	tier tierState   // functions compiled in the background (tier.go)

	journal        journalState      // what cluster workers need of each function (journal.go)
	journalImports map[string]string // packages journals import under names of their own; guarded by meta
	origins        map[string]origin // where each name (and "T.M" method) was last declared, for journals; guarded by meta
	pluginKeys     map[string]string // import path -> key of the plugin providing it; guarded by meta
	clusters       clusters          // clusters the cells opened (cluster.go)

	lines *rt.Lines // where each function of the cells last was (rewrite_pos.go)

	bridgeMu sync.Mutex
	br       *bridge // the futures and display glue (bridge.go); guarded by bridgeMu
}

// New returns a session with the standard library, the packages in
// interp/exports and the cell runtime loaded, and installs its futures
// hooks (see bridge.go).
func New(opts Options) (*Session, error) {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	if opts.Stderr == nil {
		opts.Stderr = os.Stderr
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	s := &Session{
		opts:    opts,
		log:     opts.Logger,
		grace:   defaultGrace,
		names:   map[string]string{},
		types:   map[string]string{},
		imports: map[string]string{},
		methods: map[string]*methodDef{},
		funcs:   map[string]*funcDef{},
		cells:   map[int]*cell{},
		safe:    map[string]bool{},
		tc:      typecheck.New(exportData),
		nat:     newNative(opts.NativeCache, opts.NoNative, opts.NativeFiles, opts.Logger),
	}
	s.streams = map[string]*stream{
		"stdout": {s: s, name: "stdout", fallback: opts.Stdout},
		"stderr": {s: s, name: "stderr", fallback: opts.Stderr},
	}
	// Cells use the process's environment: see envSymbols.
	s.stdin = &cellStdin{}
	s.startBridge()
	orphan, _ := s.newTask(nil) // reports panics of goroutines of no task
	s.lines = rt.NewLines()
	s.yi = interp.New(interp.Options{Stdout: s.streams["stdout"], Stderr: s.streams["stderr"], Stdin: s.stdin})
	for _, m := range []interp.Exports{stdlib.Symbols, exports.Symbols, execSymbols(), envSymbols(), rtSymbols(orphan.OnPanic, s.lines), s.submitSymbols(), s.futuresSymbols(), s.clusterSymbols(), s.stdinSymbols()} {
		if err := s.yi.Use(m); err != nil {
			return nil, fmt.Errorf("interp: loading symbols: %w", err)
		}
	}
	if err := s.loadGenerics(); err != nil {
		return nil, err
	}
	if _, err := s.eval(prelude); err != nil {
		return nil, fmt.Errorf("interp: prelude: %w", err)
	}
	if opts.CaptureFD {
		if err := s.captureStdio(); err != nil {
			return nil, err
		}
	}
	s.startTier()
	return s, nil
}

// ProcessStderr returns where the process's own diagnostics should go:
// the original standard error when the session captures descriptor 2.
func (s *Session) ProcessStderr() io.Writer {
	for _, fc := range s.fds {
		if fc.fd == 2 {
			return fc.saved
		}
	}
	return os.Stderr
}

// Execute runs one cell, streaming its output to out, and returns the
// cell's result bundle, if it has one. When ctx ends first, the cell is
// stopped at its next checkpoint and Execute returns an *Error of kind
// Interrupted (matching ErrInterrupted with errors.Is).
func (s *Session) Execute(ctx context.Context, code string, out display.Sink) (b *display.Bundle, err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	defer func() {
		if r := recover(); r != nil { // a bug in the front-end; the kernel lives on
			s.log.Error("interp: panic in the cell front-end", "value", fmt.Sprint(r))
			b, err = nil, &Error{Kind: InternalError, Msg: fmt.Sprintf("interp: %v", r)}
		}
	}()
	if s.closed {
		return nil, ErrClosed
	}
	if out != nil {
		s.last.Store(&sinkBox{out})
		display.Use(out) // for goroutines of no session (see routeSink)
	}
	s.countCell(out)
	if m := parseMagics(code); m != nil {
		return s.executeMagics(ctx, m, out)
	}
	return s.run(ctx, code, out)
}

// executionCounter is implemented by sinks that know the execution count
// of their cell (the kernel's does), by which tracebacks name cells.
type executionCounter interface{ ExecutionCount() int }

// countCell sets the execution count of the cell that starts: out's when
// it knows one, else one more than the last; the caller holds s.mu.
func (s *Session) countCell(out display.Sink) {
	s.count++
	if c, ok := out.(executionCounter); ok && c.ExecutionCount() > 0 {
		s.count = c.ExecutionCount()
	}
}

// Evaluate computes one user expression for execute_reply.
func (s *Session) Evaluate(ctx context.Context, expr string) (display.Bundle, error) {
	b, err := s.Execute(ctx, expr, nil)
	if err != nil {
		return display.Bundle{}, err
	}
	if b == nil {
		return display.Bundle{Data: map[string]any{display.MIMEText: ""}}, nil
	}
	return *b, nil
}

// Complete returns completion candidates for code at cursor.
func (s *Session) Complete(code string, cursor int) ([]string, int, int) {
	if m, start, end, ok := completeMagic(code, cursor); ok {
		return m, start, end
	}
	return assist.Complete(assistScope{s}, maskMagics(code), cursor)
}

// Inspect returns help for the symbol at cursor.
func (s *Session) Inspect(code string, cursor, detail int) (display.Bundle, bool) {
	return assist.Inspect(assistScope{s}, maskMagics(code), cursor, detail)
}

// IsComplete reports whether code is ready to execute.
func (s *Session) IsComplete(code string) (string, string) { return isCompleteMagic(code) }

// Close releases the session: it closes the futures clients its cells
// created, removes its futures hooks and gives back captured descriptors.
// It is idempotent. It also stops the goroutines cells started, as
// InterruptIdle does.
func (s *Session) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.closed {
		s.closed = true
		s.stopTier()
		s.clusters.closeAll()
		s.background.stop()
		s.stopBridge()
		s.releaseStdio()
	}
	return nil
}

// eval runs src in yaegi, turning a panic that escapes yaegi (it has
// internal ones) into an error.
func (s *Session) eval(src string) (v reflect.Value, err error) {
	compiling := true
	defer func() {
		if r := recover(); r != nil {
			err = &internalError{r, compiling}
		}
	}()
	prog, err := s.compileSrc(src)
	if err != nil {
		return v, err
	}
	compiling = false
	return s.yi.Execute(prog)
}

// compileSrc compiles src under s.compile, which a panic inside yaegi's
// compiler (it has some) must not leave locked.
func (s *Session) compileSrc(src string) (*interp.Program, error) {
	s.compile.Lock()
	defer s.compile.Unlock()
	// yaegi's compiler panics through log.Panic("nil type") on some
	// inputs, which the session recovers (see range_retry.go); log.Panic
	// first writes the line to the standard logger, which CaptureFD would
	// show in the cell's stderr.
	defer quietNilType()()
	defer forgetTrees(s.yi)                                   // yaegi_roots.go
	defer noteEvalFile(s.yi.FileSet(), s.yi.FileSet().Base()) // cell_forget.go
	return s.yi.Compile(src)
}

// nilTypeQuiet counts the compilations under way in the process, of any
// session, while the standard logger (one per process, which yaegi writes
// to) drops "nil type" lines: the first to start installs the filter, the
// last to end puts the writer back, so that sessions compiling at once do
// not wrap the logger in each other's filters or restore it under one
// another.
var nilTypeQuiet struct {
	mu     sync.Mutex
	n      int
	filter *dropNilType // installed while n > 0
}

// quietNilType makes the standard logger drop "nil type" lines until the
// returned function is called.
func quietNilType() (restore func()) {
	q := &nilTypeQuiet
	q.mu.Lock()
	if q.n == 0 {
		q.filter = &dropNilType{log.Writer()}
		log.SetOutput(q.filter)
	}
	q.n++
	q.mu.Unlock()
	return func() {
		q.mu.Lock()
		defer q.mu.Unlock()
		if q.n--; q.n == 0 {
			if log.Writer() == io.Writer(q.filter) { // unless another was set meanwhile
				log.SetOutput(q.filter.w)
			}
			q.filter = nil
		}
	}
}

// dropNilType writes to w what the standard logger writes, but the lines
// whose message is "nil type".
type dropNilType struct{ w io.Writer }

func (d dropNilType) Write(p []byte) (int, error) {
	if yaegimsg.IsNilTypeLog(p) {
		return len(p), nil
	}
	return d.w.Write(p)
}

// internalError is a panic that escaped yaegi itself.
type internalError struct {
	v         any
	compiling bool // rather than running
}

func (e *internalError) Error() string { return fmt.Sprintf("yaegi internal error: %v", e.v) }

// isSafe reports whether the function name of an earlier cell cannot
// panic.
func (s *Session) isSafe(name string) bool {
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.safe[name]
}

// keepSafe records which of the names a cell declared are functions that
// cannot panic. After a failure, which may have come before a declaration
// took effect, none is.
func (s *Session) keepSafe(c *cell, p *plan, ok bool) {
	s.meta.Lock()
	defer s.meta.Unlock()
	for name := range p.source {
		if ok && c.safe[name] {
			s.safe[name] = true
		} else {
			delete(s.safe, name)
		}
	}
}

// cellAt returns the cell numbered no, or nil.
func (s *Session) cellAt(no int) *cell {
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.cells[no]
}

// Names lists the user's top-level names, sorted.
func (s *Session) Names() []string {
	s.meta.Lock()
	defer s.meta.Unlock()
	out := make([]string, 0, len(s.names))
	for n := range s.names {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Imports maps each local package name to its import path.
func (s *Session) Imports() map[string]string {
	s.meta.Lock()
	defer s.meta.Unlock()
	out := make(map[string]string, len(s.imports))
	for k, v := range s.imports {
		out[k] = v
	}
	return out
}

// Value returns the current value of the user global name. While a cell
// runs it reports false rather than wait.
func (s *Session) Value(name string) (reflect.Value, bool) {
	if !s.isUser(name) || !s.mu.TryLock() {
		return reflect.Value{}, false
	}
	defer s.mu.Unlock()
	return s.value(name)
}

func (s *Session) value(name string) (reflect.Value, bool) {
	v, err := s.eval(name)
	return v, err == nil && v.IsValid()
}

// Source returns the source text that declared name.
func (s *Session) Source(name string) (string, bool) {
	s.meta.Lock()
	defer s.meta.Unlock()
	src, ok := s.names[name]
	return src, ok
}

// declared returns what the cells' declarations say of their types, globals
// and functions.
func (s *Session) declared() *decls.Index {
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.decls
}

func (s *Session) isUser(name string) bool {
	s.meta.Lock()
	defer s.meta.Unlock()
	_, ok := s.names[name]
	return ok
}

// global returns the value of the user global name; the caller holds s.mu.
func (s *Session) global(name string) (reflect.Value, bool) {
	if !s.isUser(name) {
		return reflect.Value{}, false
	}
	return s.value(name)
}

// isIntGlobal reports whether the user global name holds an integer; the
// caller holds s.mu.
func (s *Session) isIntGlobal(name string) bool {
	if !s.isUser(name) {
		return false
	}
	v, ok := s.value(name)
	if !ok {
		return false
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return true
	}
	return false
}

// importedAs returns the path of the package earlier cells imported as
// name, or "".
func (s *Session) importedAs(name string) string {
	s.meta.Lock()
	defer s.meta.Unlock()
	return s.imports[name]
}
