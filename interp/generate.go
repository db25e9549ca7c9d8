package interp

// The symbol tables in exports/ come from `yaegi extract`, one file per
// package; the doc index comes from go/doc over the same packages and the
// standard library. Regenerate with `make generate` whenever one of these
// packages changes its exported API; `make check-generated` fails when the
// committed files are stale.

//go:generate sh -c "rm -f exports/*-*.go exports/docs.json.gz"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/gonum/floats gonum.org/v1/gonum/stat gonum.org/v1/gonum/mat"
//go:generate sh -c "cd exports && go run github.com/traefik/yaegi/cmd/yaegi extract gonum.org/v1/plot gonum.org/v1/plot/plotter gonum.org/v1/plot/plotutil gonum.org/v1/plot/vg gonum.org/v1/plot/vg/draw gonum.org/v1/plot/font gonum.org/v1/plot/text gonum.org/v1/plot/palette"
