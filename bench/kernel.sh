#!/usr/bin/env bash
# Kernel start-up, round trip and memory, gofutures beside ipykernel, measured
# with jupyter_client in one run. The kernelspec goes into a temporary
# JUPYTER_DATA_DIR; ipykernel is Debian's python3 kernelspec.
set -eu
cd "$(dirname "$0")/.."
GO=${GO:-go}
PY=${PYTHON:-/usr/bin/python3}

"$GO" build -o bin/gofutures ./cmd/gofutures

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export JUPYTER_DATA_DIR="$tmp/data"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export PYDEVD_DISABLE_FILE_VALIDATION=1
bin/gofutures install --user >/dev/null

exec "$PY" -Xfrozen_modules=off bench/kernel_bench.py "$@"
