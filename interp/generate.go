package interp

// The symbol tables in exports/ come from `yaegi extract`, one file per
// package; exports/docs.jsonl, the doc index inspect shows, comes from
// exports/gendoc (go/doc over the same packages and the standard library),
// and exports/types.zip, the compiler's export data of every importable
// package that the type checker reads (internal/typecheck), from
// exports/gentypes.
// Regenerate with `make generate` whenever one of these packages changes
// its exported API; `make check-generated` fails when the committed files
// are stale. gendoc's arguments list every package that must have a table,
// because yaegi extract reports a failure without failing. Cells do not get
// futures.SetHooks or WithHooks, nor display.Route: the hooks and the
// routing of output belong to the session (bridge.go, stdio.go). os/exec
// comes from here because yaegi's stdlib tables leave it out (they keep it
// for yaegi's unrestricted mode, beside os.Exit); the session makes the
// commands a cell starts stop with the cell (exec.go).

//go:generate sh -c "rm -f exports/*-*.go"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat gonum.org/v1/gonum/mat"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/plotutil gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/font gonum.org/v1/plot/text gonum.org/v1/plot/palette"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract -exclude ^SetHooks$,^Hooks$,^WithHooks$ github.com/gofutures/gofutures/futures"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract -exclude ^ServeWorker$,^WorkerMain$,^RunWorker$ github.com/gofutures/gofutures/futures/cluster"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract -exclude ^Route$ github.com/gofutures/gofutures/display github.com/gofutures/gofutures/display/plot github.com/gofutures/gofutures/display/widget"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract os/exec"
//go:generate go run ./exports/gentypes -o exports/types.zip os/exec github.com/gofutures/gofutures/futures github.com/gofutures/gofutures/futures/cluster github.com/gofutures/gofutures/display github.com/gofutures/gofutures/display/plot github.com/gofutures/gofutures/display/widget gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat gonum.org/v1/gonum/mat gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/plotutil gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/font gonum.org/v1/plot/text gonum.org/v1/plot/palette
//go:generate go run ./exports/gendoc -o exports/docs.jsonl os/exec github.com/gofutures/gofutures/futures github.com/gofutures/gofutures/futures/cluster github.com/gofutures/gofutures/display github.com/gofutures/gofutures/display/plot github.com/gofutures/gofutures/display/widget gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat gonum.org/v1/gonum/mat gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/plotutil gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/font gonum.org/v1/plot/text gonum.org/v1/plot/palette
