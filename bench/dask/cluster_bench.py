"""Dask's side of bench/cluster.sh: the workloads of bench/cluster on
Client(n_workers=2, threads_per_worker=1), two worker processes. Prints
one JSON object of figures with the same keys."""

import json
import time
import warnings

warnings.filterwarnings("ignore")

import logging

logging.getLogger("distributed").setLevel(logging.ERROR)

from dask.distributed import Client


def inc(x):
    return x + 1


def double(x):
    return 2 * x


def add(x, y):
    return x + y


def big(n):
    return bytes(n)


def main():
    fig = {}
    ready = min(timed_start() for _ in range(2))
    fig["ready_s"] = ready
    c = Client(n_workers=2, threads_per_worker=1)
    base = [0]

    def best(reps, fn):
        out = []
        for _ in range(reps):
            base[0] += 100000
            out.append(fn(base[0]))
        return min(out)

    def trivial(b):
        start = time.perf_counter()
        fs = [c.submit(inc, b + i) for i in range(10000)]
        c.gather(fs)
        return time.perf_counter() - start

    fig["trivial_tasks_per_s"] = 10000 / best(2, trivial)

    def chain(b):
        start = time.perf_counter()
        zs = []
        for i in range(256):
            x = c.submit(inc, b + i)
            y = c.submit(double, x)
            zs.append(c.submit(add, x, y))
        c.submit(sum, zs).result()
        return time.perf_counter() - start

    fig["chain_s"] = best(2, chain)

    def mb(b):
        start = time.perf_counter()
        fs = [c.submit(big, (1 << 20) + b + i) for i in range(100)]
        c.gather(fs)
        return time.perf_counter() - start

    fig["mb_results_s"] = best(2, mb)
    c.close()
    print(json.dumps(fig))


def timed_start():
    start = time.perf_counter()
    c = Client(n_workers=2, threads_per_worker=1)
    d = time.perf_counter() - start
    c.close()
    return d


if __name__ == "__main__":
    main()
