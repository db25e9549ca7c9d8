# gofutures: a Go Jupyter kernel with a futures runtime.
# `make` alone lists the targets.

GO      ?= /usr/local/go/bin/go
PYTHON  ?= /usr/bin/python3
JUPYTER ?= /usr/bin/jupyter
BIN     := bin/gofutures
export PATH := $(dir $(GO)):$(PATH)

.DEFAULT_GOAL := help
.PHONY: help deps go-deps jupyter-deps build install uninstall generate check-generated \
        vet lint depcheck race conformance nbtest nbtest-deps test notebook gcc-deps warm bench-native \
        bench bench-kernel bench-interp bench-futures bench-display bench-cluster bench-soak

help: ## list the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-18s %s\n", $$1, $$2}'

go-deps: ## download the Go modules
	$(GO) mod download

gcc-deps: ## install gcc when missing (root on Debian), else say what to install: plugins need cgo
	@GO=$(GO) bash scripts/ensure-gcc.sh

jupyter-deps: ## install Debian's Jupyter when missing (root on Debian), else say what to install
	@bash scripts/ensure-jupyter.sh

deps: go-deps jupyter-deps gcc-deps ## everything the project needs

build: go-deps ## build bin/gofutures
	$(GO) build -o $(BIN) ./cmd/gofutures

install: build gcc-deps ## install the kernelspec for this user (and warm the plugin build cache in the background)
	$(BIN) install --user
	@$(MAKE) --no-print-directory warm

uninstall: build ## remove the kernelspec
	$(BIN) uninstall --user

generate: go-deps ## regenerate the yaegi symbol tables in interp/exports
	$(GO) generate ./interp/...

check-generated: go-deps ## fail if the generated symbol tables are stale
	@bash scripts/check-generated.sh

vet: go-deps ## go vet and gofmt
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }

depcheck: go-deps ## check the package dependency direction
	@bash scripts/depcheck.sh

lint: vet depcheck ## every static check

race: go-deps ## go test -race ./... (notebook tests included), and interp without the race detector
	$(GO) test -race -timeout 30m ./...
	@# The rewrite writes checkpoints, position marks and function guards
	@# differently under the race detector: test the forms the kernel runs too.
	$(GO) test -timeout 10m ./interp/...

conformance: build jupyter-deps ## the Jupyter kernel conformance suite (jupyter_kernel_test)
	@bash tests/conformance/run.sh

nbtest-deps: ## Chromium and chromedriver for the browser notebook test (root on Debian)
	@bash scripts/ensure-browser.sh

nbtest: go-deps jupyter-deps nbtest-deps ## the notebook regression suite and the browser check alone
	$(GO) test -count=1 -v -timeout 20m -run 'TestNotebooks|TestBrowser' ./tests

test: lint check-generated jupyter-deps nbtest-deps race conformance ## every test, as CI runs it

warm: build ## build a trivial Go plugin in the background, so the first compiled cell is fast
	@nohup $(BIN) warm >/dev/null 2>&1 &

notebook: build jupyter-deps gcc-deps ## install the kernel and start Jupyter Notebook on 127.0.0.1 with the tutorials
	@echo "make notebook: pointing your user-wide '$(notdir $(BIN))' kernelspec at this checkout's $(abspath $(BIN))"
	$(BIN) install --user
	@$(MAKE) --no-print-directory warm
	@# Notebook strips the styles of outputs it does not trust; the tutorials' outputs are ours.
	$(PYTHON) -m nbformat.sign $$(git ls-files 'notebooks/*.ipynb')
	$(JUPYTER) notebook --ip=127.0.0.1 --no-browser --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: bench-kernel bench-interp bench-futures bench-display bench-native bench-soak ## every benchmark, with ratios against peers

bench-kernel: build jupyter-deps ## kernel start and round trip against ipykernel
	@bash bench/kernel.sh

bench-cluster: go-deps jupyter-deps ## futures/cluster on 2 worker processes against Dask's Client(n_workers=2)
	@bash bench/cluster.sh

bench-interp: go-deps ## the cost of cells and interpreted loops, and checking a cell after 500 declarations against its target
	@echo "load: $$(uptime)"
	@out=$$($(GO) test -run '^$$' -bench . -skip Native -benchtime 1x ./interp/... 2>&1) || { echo "$$out"; exit 1; }; \
	echo "$$out"; echo "$$out" | awk '\
	  function v(ok) { return ok ? "MET" : "MISSED" } \
	  { for (i = 2; i <= NF; i++) { \
	    if ($$i == "ms/check" && $$1 ~ /Check500/) printf "%-52s %7.3f ms   target < 5 ms    %s\n", "checking a cell after 250 types and 250 functions", $$(i-1), v($$(i-1) < 5); \
	    if ($$i == "µs/cell" && $$1 ~ /After500Decls/) printf "%-52s %7.3f ms   (parse, check, run, show)\n", "  1 + 1 as a whole cell in such a session", $$(i-1) / 1000 } }'

bench-native: go-deps gcc-deps jupyter-deps ## compiled cells and module imports: where a build's time goes, and loops against the interpreter and ipykernel through the kernel
	@echo "load: $$(uptime)"
	@out=$$(GOFUTURES_NATIVE_TRACE=1 $(GO) test -run '^$$' -bench Native -benchtime 1x -timeout 30m ./interp/ 2>&1) || { echo "$$out"; exit 1; }; \
	echo "$$out"; echo "$$out" | awk '\
	  function v(ok) { return ok ? "MET" : "MISSED" } \
	  { for (i = 2; i <= NF; i++) { \
	    if ($$i == "s/cell")    printf "%-44s %7.2f s    target < 2 s     %s\n", "new compiled cell ready (in-process)", $$(i-1), v($$(i-1) < 2); \
	    if ($$i == "ms/import") printf "%-44s %7.0f ms   target < 300 ms  %s\n", "cached module import, new process", $$(i-1), v($$(i-1) < 300); \
	    if ($$i == "x-faster" && $$1 ~ /Loop1e6/) printf "%-44s %7.0f x    target >= 50     %s\n", "compiled loop cell against interpreted", $$(i-1), v($$(i-1) >= 50) } }'
	@bash bench/native.sh

bench-soak: go-deps ## 10,000 cells and 1,000,000 tasks: live heap and RSS at start and end, against the targets
	GOFUTURES_SOAK=1 $(GO) test -run '^$$' -bench Soak -benchtime 1x -timeout 60m ./interp/ | tee /dev/stderr | grep -q ok

bench-futures: go-deps jupyter-deps ## futures workloads against Dask
	@bash bench/futures.sh

bench-display: go-deps ## plot frame time and progress message counts against the targets, alone and through the kernel
	@# -p 1: the benchmarks of two packages must not share the CPUs.
	@out=$$($(GO) test -p 1 -run '^$$' -bench . -count 1 ./display/... ./bench/display/ 2>&1) || { echo "$$out"; exit 1; }; \
	echo "$$out"; echo "$$out" | awk 'BEGIN { print "\nBenchmarkKernel*: cells in a session, published by a kernel over the in-memory transport; others: display alone" } \
	  { over = ""; for (i = 2; i <= NF; i++) if ($$i == "s/run") over = sprintf(" over %.1f s", $$(i-1)); \
	    for (i = 2; i <= NF; i++) { \
	    if ($$i == "ms/frame") printf "%-40s %7.2f ms/frame   target < 30 ms   %.2f of target\n", $$1, $$(i-1), $$(i-1) / 30; \
	    if ($$i == "msgs/op")  printf "%-40s %7.0f messages   target < 50      %.2f of target  (10,000 completions%s)\n", $$1, $$(i-1), $$(i-1) / 50, over } }'
