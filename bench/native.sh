#!/usr/bin/env bash
# Native code through the kernel (bench/native_kernel.py), with caches
# as `make notebook` leaves them: a fresh Go build cache and plugin cache,
# warmed by `gofutures warm` alone. The kernelspec goes into a temporary
# Jupyter tree; ipykernel is Debian's python3 kernelspec.
set -eu
cd "$(dirname "$0")/.."
. scripts/kernel-env.sh
export XDG_CACHE_HOME="$kernel_env_tmp/cache" GOCACHE="$kernel_env_tmp/gocache"
# Tiering would compile the interpreted twins in the background.
export GOFUTURES_TIER=0 GOFUTURES_NATIVE_TRACE=1
echo "load: $(uptime)"
t0=$(date +%s.%N)
bin/gofutures warm
echo "gofutures warm (fresh Go build cache): $(echo "$(date +%s.%N) - $t0" | bc) s"
status=0
"$PY" -Xfrozen_modules=off bench/native_kernel.py "$@" || status=$?
echo "load: $(uptime)"
exit $status
