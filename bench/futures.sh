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
    # key, label, unit, higher is better, target on ours (None: none), Dask's key (None: the same)
    ("trivial_tasks_per_s", "submit+gather 10,000 trivial tasks", "tasks/s", True, ("min", 200_000)),
    ("chain_s", "769-task inc/double/add chain", "s", False, None),
    ("tree_s", "2,047-task tree reduction", "s", False, None),
    ("as_completed_p50_s", "as_completed latency p50", "s", False, None),
    ("rosenbrock_s", "858-step Rosenbrock search", "s", False, None),
    ("bytes_per_future", "memory per held future", "bytes", False, ("max", 1024)),
    ("client_ready_s", "client ready", "s", False, ("max", 0.001)),
    ("interp_trivial_tasks_per_s", "interpreted: 10,000 trivial tasks", "tasks/s", True, None),
    ("interp_chain_s", "interpreted: 769-task chain", "s", False, None),
    ("cell_submit_10000_tasks_per_s", "cell: Submit loop, 10,000 tasks", "tasks/s", True, ("min", 200_000), "trivial_tasks_per_s"),
    ("cell_submit_100000_tasks_per_s", "cell: Submit loop, 100,000 tasks", "tasks/s", True, ("min", 200_000), "trivial_tasks_per_s"),
]
def fmt(v, unit):
    if unit == "s":
        return f"{v*1e3:.3f} ms" if v < 1 else f"{v:.3f} s"
    return f"{v:,.0f} {unit}"
print(f"{'workload':38} {'ours':>16} {'dask':>16} {'ratio':>9}")
failed = []
for key, label, unit, higher, target, *dkey in rows:
    if key not in ours:
        continue
    o = ours[key]
    base = dkey[0] if dkey else key.removeprefix("interp_")
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
# Issue 15's target for cells: `for i := 0; i < n; i++ { fs = append(fs,
# client.Submit(inc, base+i)) }; client.Gather(fs)` run as a cell of a real
# session (inc declared by a cell), timed from Execute to its return.
if "cell_submit_10000_tasks_per_s" in ours:
    dt = dask.get("trivial_tasks_per_s")
    print()
    print("Submit loop in a cell, target >= 200,000 tasks/s; Dask in the same run:",
          dask.get("dask_client", "not measured"), "(its 10,000-task rate)")
    for n in (10_000, 100_000):
        key = f"cell_submit_{n}_tasks_per_s"
        if key not in ours:
            continue
        o = ours[key]
        ratio = f"{o / dt:,.0f}x Dask" if dt else "no Dask figure"
        verdict = "MET" if o >= 200_000 else "MISSED"
        print(f"  {n:>7,} tasks: {o:>9,.0f} tasks/s, {ours.get(f'cell_submit_{n}_cpu_us_per_task', 0):.2f} µs CPU/task, {ratio}: {verdict}")
    print(f"  compiled Go (futures as a library), 10,000 tasks: {ours['trivial_tasks_per_s']:,.0f} tasks/s, "
          f"{ours.get('trivial_cpu_us_per_task', 0):.2f} µs CPU/task")
for f in failed:
    print("MISSED:", f)
sys.exit(1 if failed else 0)
PY
