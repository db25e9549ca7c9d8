"""Dask's side of bench/futures.sh: the same workloads as bench/futures,
through dask.distributed's Client(processes=False). Prints one JSON object
of figures with the same keys."""

import gc
import json
import math
import random
import statistics
import sys
import time
import tracemalloc
import warnings

warnings.filterwarnings("ignore")

import logging

logging.getLogger("distributed").setLevel(logging.ERROR)

import dask
from dask.distributed import Client, as_completed


def inc(x):
    return x + 1


def double(x):
    return 2 * x


def add(x, y):
    return x + y


def rosenbrock(point):
    score = (1 - point[0]) ** 2 + 2 * (point[1] - point[0] ** 2) ** 2
    return point, score


def best(reps, fn):
    return min(fn() for _ in range(reps))


def trivial(c, n, base):
    start = time.perf_counter()
    fs = [c.submit(inc, base + i) for i in range(n)]
    c.gather(fs)
    d = time.perf_counter() - start
    del fs
    return d


def chain(c, base):
    start = time.perf_counter()
    zs = []
    for i in range(256):
        x = c.submit(inc, base + i)
        y = c.submit(double, x)
        z = c.submit(add, x, y)
        zs.append(z)
    total = c.submit(sum, zs)
    total.result()
    return time.perf_counter() - start


def tree(c, base):
    start = time.perf_counter()
    L = [c.submit(inc, base + i) for i in range(1024)]
    while len(L) > 1:
        L = [c.submit(add, L[i], L[i + 1]) for i in range(0, len(L), 2)]
    L[0].result()
    return time.perf_counter() - start


def latency(c, n):
    ds = []
    ac = as_completed()
    for i in range(n):
        start = time.perf_counter()
        f = c.submit(inc, i, pure=False)
        ac.add(f)
        next(ac)
        ds.append(time.perf_counter() - start)
    return statistics.median(ds)


def search(c, seed):
    rng = random.Random(seed)
    start = time.perf_counter()
    scale = 5
    best_point = (0, 0)
    best_score = float("inf")
    futures = [c.submit(rosenbrock, (rng.uniform(-scale, scale), rng.uniform(-scale, scale))) for _ in range(10)]
    tasks = 10
    iterator = as_completed(futures)
    for res in iterator:
        point, score = res.result()
        if score < best_score:
            best_score, best_point = score, point
        x, y = best_point
        new = c.submit(rosenbrock, (x + rng.uniform(-scale, scale), y + rng.uniform(-scale, scale)))
        iterator.add(new)
        tasks += 1
        scale *= 0.99
        if scale < 0.001:
            break
    return time.perf_counter() - start, tasks


def memory(c, n):
    """Python heap held per finished future (tracemalloc, every thread:
    client, scheduler and worker share this process)."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    fs = [c.submit(inc, 10_000_000 + i) for i in range(n)]
    c.gather(fs)
    time.sleep(0.5)
    gc.collect()
    per = (tracemalloc.get_traced_memory()[0] - before) / n
    tracemalloc.stop()
    del fs
    return per


def ready():
    def once():
        start = time.perf_counter()
        c = Client(processes=False, dashboard_address=None)
        c.submit(inc, 1).result()
        d = time.perf_counter() - start
        c.close()
        return d
    return best(3, once)


def main():
    reps = int(sys.argv[1]) if len(sys.argv) > 1 else 2
    fig = {}
    c = Client(processes=False, dashboard_address=None)
    nthreads = c.nthreads()
    # Which Dask was measured: its in-process client, whose workers are
    # threads (no pickling between processes).
    fig["dask_client"] = "Client(processes=False): %d worker(s), %d thread(s), dask %s" % (
        len(nthreads), sum(nthreads.values()), dask.__version__)
    base = [0]

    def nxt():
        base[0] += 1_000_000
        return base[0]

    fig["trivial_tasks_per_s"] = 10_000 / best(1, lambda: trivial(c, 10_000, nxt()))
    fig["chain_s"] = best(reps, lambda: chain(c, nxt()))
    fig["tree_s"] = best(reps, lambda: tree(c, nxt()))
    fig["as_completed_p50_s"] = latency(c, 200)
    runs = [search(c, nxt()) for _ in range(reps)]
    fig["rosenbrock_s"] = min(r[0] for r in runs)
    fig["rosenbrock_tasks"] = runs[0][1]
    fig["bytes_per_future"] = memory(c, 2_000)
    c.close()
    fig["client_ready_s"] = ready()
    print(json.dumps(fig))


if __name__ == "__main__":
    main()
