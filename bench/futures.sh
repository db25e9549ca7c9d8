#!/usr/bin/env bash
# The futures workloads through our runtime (bench/futures) and through Dask
# (bench/dask/futures_bench.py, Client(processes=False)) in one run, with
# the ratio of each figure. Exits non-zero when a target is missed.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
PYTHON=${PYTHON:-/usr/bin/python3}
tags=()
# The interpreted-function variant needs the kernel's session.
if grep -qs '^func New(' interp/*.go; then tags=(-tags interp); fi
echo "futures: running our runtime..." >&2
if ! ours=$($GO run "${tags[@]}" ./bench/futures); then
  [ ${#tags[@]} -gt 0 ] || exit 1
  echo "futures: the interpreted variant failed; running without it" >&2
  ours=$($GO run ./bench/futures)
fi
if $PYTHON -c 'import distributed' 2>/dev/null; then
  echo "futures: running Dask (about a minute)..." >&2
  dask=$($PYTHON bench/dask/futures_bench.py 2)
else
  echo "futures: $PYTHON lacks dask.distributed (Debian: apt-get install python3-distributed); no ratios" >&2
  dask='{}'
fi
OURS=$ours DASK=$dask $PYTHON - <<'PY'
import json, os, sys
ours, dask = json.loads(os.environ["OURS"]), json.loads(os.environ["DASK"])
rows = [
    # key, label, unit, higher is better, target on ours (None: none)
    ("trivial_tasks_per_s", "submit+gather 10,000 trivial tasks", "tasks/s", True, ("min", 200_000)),
    ("chain_s", "769-task inc/double/add chain", "s", False, None),
    ("tree_s", "2,047-task tree reduction", "s", False, None),
    ("as_completed_p50_s", "as_completed latency p50", "s", False, None),
    ("rosenbrock_s", "858-step Rosenbrock search", "s", False, None),
    ("bytes_per_future", "memory per held future", "bytes", False, ("max", 1024)),
    ("client_ready_s", "client ready", "s", False, ("max", 0.001)),
    ("interp_trivial_tasks_per_s", "interpreted: 10,000 trivial tasks", "tasks/s", True, None),
    ("interp_chain_s", "interpreted: 769-task chain", "s", False, None),
]
def fmt(v, unit):
    if unit == "s":
        return f"{v*1e3:.3f} ms" if v < 1 else f"{v:.3f} s"
    return f"{v:,.0f} {unit}"
print(f"{'workload':38} {'ours':>16} {'dask':>16} {'ratio':>9}")
failed = []
for key, label, unit, higher, target in rows:
    if key not in ours:
        continue
    o = ours[key]
    base = key.removeprefix("interp_")
    d = dask.get(base)
    ratio = (o / d if higher else d / o) if d else float("nan")
    print(f"{label:38} {fmt(o, unit):>16} {fmt(d, unit) if d else '-':>16} {ratio:>8.0f}x")
    if d and key != "bytes_per_future" and ratio < 100:
        failed.append(f"{label}: {ratio:.0f}x Dask, target 100x")
    if target:
        kind, lim = target
        if (kind == "min" and o < lim) or (kind == "max" and o > lim):
            failed.append(f"{label}: {fmt(o, unit)}, target {kind} {fmt(lim, unit)}")
print(f"rosenbrock tasks: ours {ours.get('rosenbrock_tasks', 0):.0f}, dask {dask.get('rosenbrock_tasks', 0):.0f}")
for f in failed:
    print("MISSED:", f)
sys.exit(1 if failed else 0)
PY
