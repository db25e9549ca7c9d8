#!/usr/bin/env bash
# Runs the Jupyter project's conformance suite (jupyter_kernel_test) against
# the gofutures kernel, installed into a temporary JUPYTER_DATA_DIR so that
# the user's own Jupyter set-up is never touched.
set -eu
cd "$(dirname "$0")/../.."
GO=${GO:-go}
PY=${PYTHON:-/usr/bin/python3}

"$GO" build -o bin/gofutures ./cmd/gofutures

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export JUPYTER_DATA_DIR="$tmp/data"
export JUPYTER_RUNTIME_DIR="$tmp/runtime"
export JUPYTER_CONFIG_DIR="$tmp/config"
export PYDEVD_DISABLE_FILE_VALIDATION=1
bin/gofutures install --user >/dev/null

cd tests/conformance
exec "$PY" -Xfrozen_modules=off -m unittest -v test_gofutures "$@"
