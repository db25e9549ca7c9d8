// Package tests runs the project's notebooks end to end as regression tests.
//
// Every notebook under notebooks/ (the tutorials) and tests/notebooks/ is
// executed with `jupyter nbconvert --to notebook --execute` against a
// freshly built gofutures kernel installed into a temporary
// JUPYTER_DATA_DIR, and each executed cell is compared with the outputs
// committed in the notebook. Those committed outputs are what the kernel
// produced; `go test ./tests -update` rewrites them from a run.
//
// A cell says how its outputs are compared in its metadata, under
// "gofutures" (see expect_test.go):
//
//	"gofutures": {
//	  "patterns": ["key", "duration", "float"],  // parts that vary between runs
//	  "unordered": true,                         // stdout lines in any order
//	  "error": "panic: boom",                    // the cell must fail, matching this
//	  "futures": "error",                        // final status of futures it shows
//	  "ignore": true                             // only the invariants below apply
//	}
//
// Whatever the cell says, an executed notebook must also satisfy the
// invariants of a finished run: no unexpected errors, every PNG or JPEG
// image decodes and is not blank, every progress bar ended at 100%, and
// every future widget ended finished (or in the status the cell names).
//
// The notebook tests are end to end and skipped under -short; the
// comparison logic has its own unit tests that need no Jupyter.
package tests
