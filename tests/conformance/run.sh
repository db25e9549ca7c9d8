#!/usr/bin/env bash
# Runs the Jupyter project's conformance suite (jupyter_kernel_test) against
# the gofutures kernel, installed into a temporary JUPYTER_DATA_DIR so that
# the user's own Jupyter set-up is never touched.
set -eu
cd "$(dirname "$0")/../.."
. scripts/kernel-env.sh
cd tests/conformance
"$PY" -Xfrozen_modules=off -m unittest -v test_gofutures "$@"
