package interp

import "testing"

// TestErrorKindsAreEnames pins the enames the kernel shows for each kind.
func TestErrorKindsAreEnames(t *testing.T) {
	for kind, ename := range map[ErrorKind]string{
		SyntaxError:   "SyntaxError",
		CompileError:  "CompileError",
		Panic:         "panic",
		Interrupted:   "Interrupted",
		InternalError: "InternalError",
		UsageError:    "UsageError",
		OSError:       "OSError",
	} {
		e := &Error{Kind: kind, Msg: "m"}
		if e.Ename() != ename || e.Traceback()[0] != ename+": m" {
			t.Errorf("%s: ename %q, traceback %q", ename, e.Ename(), e.Traceback())
		}
	}
}
