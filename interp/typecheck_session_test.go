package interp

import (
	"context"
	"errors"
	"os"
	"testing"
)

// TestCellsAreTypeChecked: go/types checks every cell before it runs. Go
// that yaegi would run wrongly or report in its own terms fails with
// go/types' messages, all of them, and a cell that fails runs nothing and
// declares nothing, while earlier declarations stay.
func TestCellsAreTypeChecked(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import (\"fmt\"; \"strconv\"; \"github.com/gofutures/gofutures/futures\")\nn := 5"},
		{name: "a value of the wrong type", cell: "var s string = n",
			err: "cell:1:16: cannot use n (variable of type int) as string value in variable declaration"},
		{name: "two results to one name", cell: "one := strconv.Atoi(\"7\")",
			err: "cell:1:8: assignment mismatch: 1 variable but strconv.Atoi returns 2 values"},
		{name: "every error, each at its line", cell: "fmt.Println(\"not run\")\nvar a int = \"x\"\nb := undefinedName",
			err: "cell:2:13: cannot use \"x\" (untyped string constant) as int value in variable declaration\ncell:3:6: undefined: undefinedName"},
		{name: "a failed cell leaves nothing behind", cell: "c2 := futures.NewClient()\nc2.Bogus()",
			err: "cell:2:4: c2.Bogus undefined (type *futures.Client has no field or method Bogus)"},
		{name: "c2 was not declared", cell: "c2", err: "cell:1:1: undefined: c2"},
		{name: "a type and method of a failed cell", cell: "type Q struct{ w int }\nfunc (q *Q) M() int { return q.w }\nfunc bad() int { return nope }",
			err: "undefined: nope"},
		{name: "are declared anew by a cell that checks", cell: "type Q struct{ w int }\nfunc (q *Q) M() int { return q.w }\nfmt.Println((&Q{1}).M())", stdout: "1\n"},
		{name: "earlier declarations stay", cell: "n + 1", result: "6"},
	})
}

// TestRewritesReadTypes: the rewrites that work around yaegi take their
// types from the checker. Only the futures package's Submit, Map and Delay
// get a futures.Func; a cell's own type with a Map method gets the function.
func TestRewritesReadTypes(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import (\"fmt\"; \"github.com/gofutures/gofutures/futures\")\nfunc double(x int) int { return 2 * x }"},
		{name: "a cell's type with a Map method", cell: "type L struct{ n int }\nfunc (l L) Map(f func(int) int) int { return f(l.n) }\nL{2}.Map(double)", result: "4"},
		{name: "and a Submit method", cell: "type S struct{}\nfunc (S) Submit(f func(int) int, x int) int { return f(x) }\nfmt.Println(S{}.Submit(double, 5))", stdout: "10\n"},
		{name: "the futures client's Map still names its tasks", cell: "c := futures.NewClient()\nfs := c.Map(double, []int{1, 2})\nv, err := fs[1].Result()\nfs[0].Result()\nfmt.Println(v, err, fs[0].Key()[:7])", stdout: "4 <nil> double-\n"},
	})
}

// TestFinalCallOfACallIsShown: a cell ending in a call of what a call
// returned shows its results, as the checker counts them.
func TestFinalCallOfACallIsShown(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "import \"github.com/gofutures/gofutures/futures\"\nclient := futures.NewClient()\nfunc inc(x int) int { return x + 1 }"},
		{name: "two results", cell: "client.Submit(inc, 1).Result()", result: "2 "}, // a nil error shows as nothing,
		{name: "one result", cell: "type box struct{ n int }\nfunc mk(n int) box { return box{n} }\nfunc (b box) Get() int { return b.n }\nfunc (b box) Pair() (int, string) { return b.n, \"s\" }\nfunc (b box) Nothing() {}\nmk(3).Get()", result: "3"},
		{name: "two results of a cell's method", cell: "mk(4).Pair()", result: "4 s"},
		{name: "none", cell: "mk(5).Nothing()"},
	})
}

// TestNilsForSeveralVariables: `a, b = nil, nil`, which yaegi fails with
// "reflect: New(nil)", gives each nil its variable's type.
func TestNilsForSeveralVariables(t *testing.T) {
	runCells(t, []cellCase{
		{name: "at the top level", cell: "import \"fmt\"\nvar a, b error\nvar p *int\na, b = nil, nil\na, p = fmt.Errorf(\"x\"), nil\nfmt.Println(a, b, p)", stdout: "x <nil> <nil>\n"},
		{name: "in a function", cell: "func reset() (error, []int) { var e error; var xs []int; e, xs = nil, nil; return e, xs }\nfmt.Println(reset())", stdout: "<nil> []\n"},
	})
}

// TestKernelEnvironment: os.Getenv and os.Environ see the kernel's
// environment, which yaegi would leave empty.
func TestKernelEnvironment(t *testing.T) {
	t.Setenv("GOFUTURES_TEST_ENV", "seen")
	runCells(t, []cellCase{
		{name: "Getenv", cell: "import (\"fmt\"; \"os\"; \"strings\")\nfmt.Println(os.Getenv(\"GOFUTURES_TEST_ENV\"))", stdout: "seen\n"},
		{name: "Environ", cell: "for _, e := range os.Environ() { if strings.HasPrefix(e, \"GOFUTURES_TEST_ENV=\") { fmt.Println(e) } }", stdout: "GOFUTURES_TEST_ENV=seen\n"},
	})
}

// refusingSink is a sink whose frontend does not allow input.
type refusingSink struct{ *recorder }

func (refusingSink) Input(context.Context, string, bool) (string, error) {
	return "", errors.New("input is not allowed")
}

// TestScanWithoutInput: fmt.Scanln where the frontend does not allow
// input fails with an error saying so.
func TestScanWithoutInput(t *testing.T) {
	s := newSession(t)
	rec := &recorder{}
	_, err := s.Execute(context.Background(), "import \"fmt\"\nvar s string\n_, err := fmt.Scanln(&s)\nfmt.Println(err)", refusingSink{rec})
	if want := "interp: standard input: the frontend does not allow input: input is not allowed\n"; err != nil || rec.out() != want {
		t.Errorf("got %q, %v; want %q", rec.out(), err, want)
	}
}

// TestCellsShareTheProcessEnvironment: %env, os.Setenv in a cell, and the
// children a cell starts all see one environment, the kernel's own.
func TestCellsShareTheProcessEnvironment(t *testing.T) {
	t.Setenv("GOFUTURES_TEST_SHARED", "")
	runCells(t, []cellCase{
		{name: "%env reaches os.Getenv", cell: "%env GOFUTURES_TEST_SHARED=from-magic\nimport (\"fmt\"; \"os\"; \"os/exec\")\nfmt.Println(os.Getenv(\"GOFUTURES_TEST_SHARED\"))",
			stdout: "env: GOFUTURES_TEST_SHARED=from-magic\nfrom-magic\n"},
		{name: "os.Setenv reaches a child process",
			cell:   "os.Setenv(\"GOFUTURES_TEST_SHARED\", \"from-cell\")\nout, _ := exec.Command(\"sh\", \"-c\", \"echo $GOFUTURES_TEST_SHARED\").Output()\nfmt.Print(string(out))",
			stdout: "from-cell\n"},
		{name: "LookupEnv after Unsetenv", cell: "os.Unsetenv(\"GOFUTURES_TEST_SHARED\")\n_, ok := os.LookupEnv(\"GOFUTURES_TEST_SHARED\")\nfmt.Println(ok)", stdout: "false\n"},
	})
	if v, ok := os.LookupEnv("GOFUTURES_TEST_SHARED"); ok {
		t.Errorf("the process still has GOFUTURES_TEST_SHARED=%q after the cell unset it", v)
	}
}

// TestFailedCellsDeclareNoMethods: a method a cell adds to an earlier
// cell's type is gone when the cell fails to check, for go/types and for
// yaegi alike; and an unkeyed literal of an earlier cell's type is checked
// as go build checks it.
func TestFailedCellsDeclareNoMethods(t *testing.T) {
	runCells(t, []cellCase{
		{name: "setup", cell: "type T struct{ a int }\ntype R struct{ a uint8; b string }"},
		{name: "a cell adding a method fails", cell: "func (t T) M() int { return 7 }\nvar x int = \"s\"", err: "cannot use \"s\""},
		{name: "the method is not declared", cell: "T{}.M()", err: "cell:1:5: T{}.M undefined (type T has no field or method M)"},
		{name: "and may be declared with another signature", cell: "func (t T) M() string { return \"s\" }\nT{}.M()", result: "s"},
		{name: "an unkeyed literal's constant must fit its field", cell: "r := R{300, \"x\"}", err: "cell:1:8: cannot use 300 (untyped int constant) as uint8 value in struct literal (overflows)"},
		{name: "and have its type", cell: "r := R{1, 2}", err: "cell:1:11: cannot use 2 (untyped int constant) as string value in struct literal"},
		{name: "a right one runs", cell: "R{255, \"x\"}.a", result: "255"},
	})
}
