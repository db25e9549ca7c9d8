#!/usr/bin/env bash
# futures/cluster on NewLocal(2) (bench/cluster) and Dask's
# Client(n_workers=2, threads_per_worker=1) (bench/dask/cluster_bench.py)
# in one run, with the ratio of each figure and the targets.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
PYTHON=${PYTHON:-/usr/bin/python3}
echo "cluster: running ours..." >&2
$GO build -o bin/bench-cluster ./bench/cluster
$GO build -o bin/gofutures ./cmd/gofutures
echo "load: $(uptime)" >&2
ours=$(GOFUTURES_BIN=$PWD/bin/gofutures bin/bench-cluster)
if $PYTHON -c 'import distributed' 2>/dev/null; then
  echo "cluster: running Dask (about a minute)..." >&2
  dask=$($PYTHON bench/dask/cluster_bench.py)
else
  echo "cluster: $PYTHON lacks dask.distributed (Debian: apt-get install python3-distributed); no ratios" >&2
  dask='{}'
fi
OURS=$ours DASK=$dask $PYTHON - <<'PY'
import json, os, sys
ours, dask = json.loads(os.environ["OURS"]), json.loads(os.environ["DASK"])
rows = [
    ("trivial_tasks_per_s", "10,000 trivial cell (interpreted) tasks", "tasks/s", True),
    ("compiled_trivial_tasks_per_s", "10,000 trivial compiled tasks", "tasks/s", True),
    ("chain_s", "769-task chain", "s", False),
    ("mb_results_s", "100 tasks returning 1 MB", "s", False),
    ("ready_s", "cluster ready", "s", False),
]
missed = False
for key, label, unit, higher in rows:
    o, d = ours.get(key), dask.get(key.removeprefix("compiled_"))
    ratio = ""
    if o and d:
        r = o / d if higher else d / o
        ratio = f"{r:8.1f}x Dask"
    print(f"{label:38s} {o if o is not None else float('nan'):12.4g} {unit:8s} Dask {d if d is not None else float('nan'):10.4g}  {ratio}")
t = ours.get("trivial_tasks_per_s", 0) / dask["trivial_tasks_per_s"] if dask.get("trivial_tasks_per_s") else None
print(f"target: throughput >= 50x Dask: {'%.1fx' % t if t else 'no Dask figure'}; ready < 0.5 s: {ours['ready_s']:.3f} s")
if (t is not None and t < 50) or ours["ready_s"] >= 0.5:
    print("cluster: a target is missed", file=sys.stderr)
    missed = True
sys.exit(1 if missed else 0)
PY
