#!/usr/bin/env bash
# Kernel start-up, round trip and memory, gofutures beside ipykernel, measured
# with jupyter_client in one run. The kernelspec goes into a temporary
# JUPYTER_DATA_DIR; ipykernel is Debian's python3 kernelspec.
set -eu
cd "$(dirname "$0")/.."
. scripts/kernel-env.sh
"$PY" -Xfrozen_modules=off bench/kernel_bench.py "$@"
