package interp

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestMagicLines(t *testing.T) {
	for _, tc := range []struct {
		name, cell string
		want       []int // lines taken by magics
	}{
		{"a shell line among Go lines", "x := 1\n!ls\ny := 2", []int{2}},
		{"indented magic lines", "  %time f()\n\t!echo", []int{1, 2}},
		{"a line continuing an expression is Go", "ok := a ||\n\t!b", nil},
		{"inside a function body it is Go", "func f() {\n!x\n}\n%who", []int{4}},
		{"inside a raw string it is Go", "s := `\n!ls\n`\n!ls", []int{4}},
		{"inside a comment it is Go", "/*\n%who\n*/", nil},
		{"a lone ! is Go", "!", nil},
		{"the cell magic's line is not a line magic", "%%time\n!ls", []int{2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, body, _ := cellMagic(tc.cell)
			var got []int
			for _, m := range magicLines(blankBytes(tc.cell[:body]) + tc.cell[body:]) {
				got = append(got, m.line)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("magic lines %v, want %v", got, tc.want)
			}
		})
	}
}

// magicCase is a cell with magics; its stdout must match a pattern.
type magicCase struct {
	name, cell string
	result     string // text/plain of the result
	stdout     string // regexp the whole stdout matches
	stderr     string // regexp the whole stderr matches
	err        string // the error's kind, when it fails
}

func runMagicCells(t *testing.T, s *Session, cases []magicCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			b, err := s.Execute(context.Background(), tc.cell, rec)
			var e *Error
			switch {
			case tc.err != "" && (!errors.As(err, &e) || e.Kind != ErrorKind(tc.err)):
				t.Fatalf("error %v, want one of kind %s", err, tc.err)
			case tc.err == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			}
			got := ""
			if b != nil {
				got, _ = b.Data["text/plain"].(string)
			}
			if got != tc.result {
				t.Errorf("result %q, want %q", got, tc.result)
			}
			rec.mu.Lock()
			defer rec.mu.Unlock()
			if !regexp.MustCompile(`^(?s:` + tc.stdout + `)$`).MatchString(rec.stdout.String()) {
				t.Errorf("stdout %q does not match %q", rec.stdout.String(), tc.stdout)
			}
			if !regexp.MustCompile(`^(?s:` + tc.stderr + `)$`).MatchString(rec.stderr.String()) {
				t.Errorf("stderr %q does not match %q", rec.stderr.String(), tc.stderr)
			}
		})
	}
}

const timeLines = `CPU times: user [0-9.]+ (s|ms|µs|ns), sys: [0-9.]+ (s|ms|µs|ns), total: [0-9.]+ (s|ms|µs|ns)\nWall time: [0-9.]+ (s|ms|µs|ns)\n`

func TestMagics(t *testing.T) {
	t.Setenv("GOFUTURES_MAGIC_TEST", "before")
	wd, _ := os.Getwd()
	t.Cleanup(func() { os.Chdir(wd) })
	dir := t.TempDir()
	dir, _ = filepath.EvalSymlinks(dir)
	runMagicCells(t, newSession(t), []magicCase{
		{name: "shell lines mix with Go lines, in order", cell: "import \"fmt\"\nfmt.Println(1)\n!echo two; echo err >&2\nfmt.Println(3)\nx := 21\nx * 2",
			result: "42", stdout: "1\ntwo\n3\n", stderr: "err\n"},
		{name: "%time runs a line of Go and prints IPython's times", cell: "%time y := x + 1\ny", result: "22", stdout: timeLines},
		{name: "%time of an expression shows its value", cell: "%time x + 2", result: "23", stdout: timeLines},
		{name: "%time of a shell line", cell: "%time !echo hi", stdout: "hi\n" + timeLines},
		{name: "%%time times the whole cell", cell: "%%time\nfunc double(n int) int { return 2 * n }\ndouble(y)", result: "44", stdout: timeLines},
		{name: "%%time with magic lines inside", cell: "%%time\n!echo in\ndouble(1)", result: "2", stdout: "in\n" + timeLines},
		{name: "%who lists names with kinds and types", cell: "type point struct{ X, Y int }\np := point{1, 2}\n%who",
			stdout: `Name +Kind +Type\n-+ +-+ +-+\ndouble +func +func\(n int\) int\np +var +point\npoint +type +struct\{ X, Y int \}\nx +var +int\ny +var +int\n`},
		{name: "%env NAME shows a variable", cell: "%env GOFUTURES_MAGIC_TEST", stdout: "before\n"},
		{name: "%env NAME=value sets it for child processes", cell: "%env GOFUTURES_MAGIC_TEST=after\n!echo $GOFUTURES_MAGIC_TEST",
			stdout: "env: GOFUTURES_MAGIC_TEST=after\nafter\n"},
		{name: "%env lists the environment", cell: "%env", stdout: ".*\nGOFUTURES_MAGIC_TEST=after\n.*"},
		{name: "$name and {expr} in a shell line are Go values; the rest is the shell's", cell: "word := \"go\"\n!echo $word {x*2} '$$word' {a,b} {} {nope} $GOFUTURES_MAGIC_TEST {{x}}",
			stdout: "go 42 \\$word \\{a,b\\} \\{\\} \\{nope\\} after \\{x\\}\n"},
		{name: "!! shows the output as a value", cell: "!!printf 'a\\nb\\n'", result: "[a b]"},
		{name: "%who TYPE lists the names of that type", cell: "%who int", stdout: `Name +Kind +Type\n-+ +-+ +-+\nx +var +int\ny +var +int\n`},
		{name: "%who KIND lists the names of that kind", cell: "%who func type", stdout: `Name +Kind +Type\n-+ +-+ +-+\ndouble +func +func\(n int\) int\npoint +type +struct\{ X, Y int \}\n`},
		{name: "%who of a type nothing has says so", cell: "%who float64", stdout: "No variables match your requested type.\n"},
		{name: "%whos shows the values", cell: "big := make([]int, 100)\n%whos",
			stdout: `Name +Kind +Type +Data/Info\n-+ +-+ +-+ +-+\nbig +var +\[\]int +len 100\ndouble +func +func\(n int\) int\np +var +point +\{1 2\}\npoint +type +struct\{ X, Y int \}\nword +var +string +go\nx +var +int +21\ny +var +int +22\n`},
		{name: "%env of an unset name is an error", cell: "%env GOFUTURES_MAGIC_UNSET", err: "UsageError"},
		{name: "%cd changes the directory and prints it", cell: "%cd " + dir, stdout: regexp.QuoteMeta(dir) + "\n"},
		{name: "%pwd shows it", cell: "%pwd", result: dir},
		{name: "!commands run there", cell: "!pwd", stdout: regexp.QuoteMeta(dir) + "\n"},
		{name: "%cd - goes back", cell: "%cd -", stdout: regexp.QuoteMeta(wd) + "\n"},
		{name: "a failing command reports its status, the cell goes on", cell: "!exit 3\nx", result: "21", stderr: "exit status 3\n"},
		{name: "%lsmagic lists the magics", cell: "%lsmagic", stdout: "Magics .*%%time .*%who .*%env .*%cd .*%pwd .*!COMMAND .*"},
		{name: "%help too", cell: "%help", stdout: "Magics .*"},
		{name: "an unknown line magic is a UsageError", cell: "x\n%nope", err: "UsageError"},
		{name: "an unknown cell magic is a UsageError", cell: "%%nope\nx", err: "UsageError"},
		{name: "an error in a Go segment stops the cell at its line", cell: "!echo before\nz := nope\n!echo after", stdout: "before\n", err: "CompileError"},
	})
	if got := os.Getenv("GOFUTURES_MAGIC_TEST"); got != "after" {
		t.Errorf("%%env set the process's variable to %q, want after", got)
	}
}

func TestMagicErrorPositionsAreTheCells(t *testing.T) {
	s := newSession(t)
	_, err := s.Execute(context.Background(), "!true\nx := 1\n\n%time y := nope", &recorder{})
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "cell:4:12") {
		t.Fatalf("error %v, want one at cell:4:12", err)
	}
}

func TestFormatTime(t *testing.T) {
	for d, want := range map[time.Duration]string{
		0:                         "0 ns",
		1500:                      "1.5 µs",
		5010 * time.Nanosecond:    "5.01 µs",
		2 * time.Millisecond:      "2 ms",
		123456 * time.Microsecond: "123 ms",
		1500 * time.Millisecond:   "1.5 s",
		59 * time.Second:          "59 s",
		63 * time.Second:          "1min 3s",
		3*time.Hour + time.Minute: "3h 1min",
	} {
		if got := formatTime(d); got != want {
			t.Errorf("formatTime(%v) = %q, want %q", d, got, want)
		}
	}
}

// gone waits, up to a long deadline, until process pid no longer exists.
func gone(pid int) bool {
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if syscall.Kill(pid, 0) == syscall.ESRCH {
			return true
		}
	}
	return false
}

// pidSink reports the first number a cell prints on stdout.
type pidSink struct {
	recorder
	pid chan int
}

func (p *pidSink) Stream(name, text string) {
	p.recorder.Stream(name, text)
	if m := regexp.MustCompile(`pid (\d+)`).FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		select {
		case p.pid <- n:
		default:
		}
	}
}

// interruptAtPid runs cell, cancels it once it printed "pid N" and
// returns N and the error of Execute.
func interruptAtPid(t *testing.T, s *Session, cell string) (int, error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink := &pidSink{pid: make(chan int, 1)}
	errc := make(chan error, 1)
	go func() {
		_, err := s.Execute(ctx, cell, sink)
		errc <- err
	}()
	var pid int
	select {
	case pid = <-sink.pid:
	case err := <-errc:
		t.Fatalf("the cell ended before printing its pid: %v", err)
	case <-time.After(time.Minute):
		t.Fatal("no pid printed within a minute")
	}
	cancel()
	select {
	case err := <-errc:
		return pid, err
	case <-time.After(time.Minute):
		t.Fatal("Execute did not return within a minute of the interrupt")
	}
	return 0, nil
}

func TestInterruptKillsShellLine(t *testing.T) {
	s := newSession(t)
	// The shell waits for a child in its process group: both must go.
	pid, err := interruptAtPid(t, s, "!sleep 300 & echo pid $!; wait")
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("Execute returned %v, want ErrInterrupted", err)
	}
	if !gone(pid) {
		t.Errorf("the command's child %d survived the interrupt", pid)
	}
}

func TestInterruptKillsExecCommand(t *testing.T) {
	s := newSession(t)
	pid, err := interruptAtPid(t, s, `import ("fmt"; "os/exec")
cmd := exec.Command("sleep", "300")
if err := cmd.Start(); err != nil { panic(err) }
fmt.Println("pid", cmd.Process.Pid)
cmd.Wait()`)
	if !errors.Is(err, ErrInterrupted) {
		t.Errorf("Execute returned %v, want ErrInterrupted", err)
	}
	if !gone(pid) {
		t.Errorf("the command %d survived the interrupt", pid)
	}
	// The command's own context still works.
	runMagicCells(t, s, []magicCase{{name: "CommandContext with a context that ends", cell: `import "context"
ctx, cancel := context.WithCancel(context.Background())
cancel()
exec.CommandContext(ctx, "true").Run() != nil`, result: "true"}})
}

func TestExecCommand(t *testing.T) {
	runMagicCells(t, newSession(t), []magicCase{
		{name: "Output returns what the command wrote", cell: "import \"os/exec\"\nout, err := exec.Command(\"echo\", \"from a child\").Output()\ntext := string(out)\ntext", result: "from a child\n"},
		{name: "a failing command's ExitError", cell: "err = exec.Command(\"sh\", \"-c\", \"exit 4\").Run()\nerr.(*exec.ExitError).ExitCode()", result: "4"},
		{name: "LookPath", cell: "_, err = exec.LookPath(\"sh\")\nerr == nil", result: "true"},
	})
}

func TestExecCommandOutputReachesTheCellThroughFD(t *testing.T) {
	s, err := New(Options{CaptureFD: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	runMagicCells(t, s, []magicCase{{name: "a child writing to the inherited descriptors",
		cell:   "import (\"os\"; \"os/exec\")\ncmd := exec.Command(\"sh\", \"-c\", \"echo out; echo err >&2\")\ncmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr\ncmd.Run()",
		stdout: "out\n", stderr: "err\n"}})
}

func TestMagicsInAssistance(t *testing.T) {
	s := newSession(t)
	if _, err := s.Execute(context.Background(), "count := 3", &recorder{}); err != nil {
		t.Fatal(err)
	}
	t.Run("completion in Go lines ignores magic lines", func(t *testing.T) {
		code := "!echo 'unterminated\ncou"
		m, start, end := s.Complete(code, len([]rune(code)))
		if !slices.Contains(m, "count") || start != len([]rune(code))-3 || end != len([]rune(code)) {
			t.Errorf("Complete = %v, %d, %d", m, start, end)
		}
	})
	t.Run("completion inside %time's Go", func(t *testing.T) {
		code := "%time cou"
		if m, _, _ := s.Complete(code, len(code)); !slices.Contains(m, "count") {
			t.Errorf("Complete = %v", m)
		}
	})
	t.Run("completion of magic names", func(t *testing.T) {
		code := "x := 1\n%e"
		m, start, _ := s.Complete(code, len(code))
		if !slices.Equal(m, []string{"%env"}) || start != len(code)-2 {
			t.Errorf("Complete = %v from %d", m, start)
		}
		if m, _, _ := s.Complete("%%ti", 4); !slices.Equal(m, []string{"%%time"}) {
			t.Errorf("Complete of a cell magic = %v", m)
		}
	})
	t.Run("inspection in a cell with magic lines", func(t *testing.T) {
		code := "!ls\ncount"
		if _, ok := s.Inspect(code, len(code), 0); !ok {
			t.Error("no help for count")
		}
	})
	t.Run("is_complete", func(t *testing.T) {
		for code, want := range map[string]string{
			"!echo 'a":           "complete",
			"%time f(":           "incomplete",
			"x := 1\n!ls":        "complete",
			"%%time":             "incomplete",
			"%%time\nx := 1":     "incomplete",
			"%%time\nx := 1\n\n": "complete",
			"func f() {\n!ls":    "incomplete",
			"%env A=1\nfor {":    "incomplete",
		} {
			if got, _ := s.IsComplete(code); got != want {
				t.Errorf("IsComplete(%q) = %s, want %s", code, got, want)
			}
		}
	})
}
