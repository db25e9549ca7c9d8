"""Native code through the kernel, measured with jupyter_client as a
notebook sees it: the time from sending execute_request to receiving
execute_reply.

1. The same cells in ipykernel (Debian's python3 kernel) and in gofutures,
   interpreted and in a compiled cell: a 1e6-call loop and fib(27).
2. How soon a compiled cell is ready: the first one in a kernel started
   after `gofutures warm` (as `make notebook` leaves things), then new
   compiled cells in the same kernel; and a cached module import in a new
   kernel.

The caller (bench/native.sh) points the kernel's caches (XDG_CACHE_HOME,
GOCACHE) at fresh directories and runs `gofutures warm` first, so the
first-cell figure is that of a machine whose only warm-up was warm.

Usage: native_kernel.py [--runs N]
"""

import argparse
import os
import re
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

TIMEOUT = 600

GO_LOOP = """func %(p)ssq(i int) int { return i * i }
func %(p)sloop() int {
	s := 0
	for i := 0; i < 1000000; i++ {
		s += %(p)ssq(i)
	}
	return s
}"""
GO_FIB = """func %(p)sfib(n int) int {
	if n < 2 {
		return n
	}
	return %(p)sfib(n-1) + %(p)sfib(n-2)
}"""
PY_DEFS = """def sq(i):
    return i * i

def loop():
    s = 0
    for i in range(1000000):
        s += sq(i)
    return s

def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)
"""


class Kernel:
    def __init__(self, spec):
        self.km = KernelManager(kernel_name=spec)
        self.km.start_kernel()
        self.kc = self.km.client()
        self.kc.start_channels()
        self.kc.wait_for_ready(timeout=TIMEOUT)

    def run(self, code):
        """Seconds from execute_request to execute_reply, and the texts the
        cell displayed (the final state of each display)."""
        t0 = time.perf_counter()
        msg_id = self.kc.execute(code, store_history=True)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        dt = time.perf_counter() - t0
        shown = {}
        while True:  # drain iopub up to this request's idle
            msg = self.kc.get_iopub_msg(timeout=TIMEOUT)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            c = msg["content"]
            if msg["msg_type"] in ("display_data", "update_display_data"):
                did = c.get("transient", {}).get("display_id", len(shown))
                shown[did] = c["data"].get("text/plain", "")
            if msg["msg_type"] == "status" and c["execution_state"] == "idle":
                break
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"cell failed: {reply['content'].get('ename')}: {reply['content'].get('evalue')}\n{code}")
        return dt, list(shown.values())

    def close(self):
        self.kc.stop_channels()
        self.km.shutdown_kernel(now=True)


def best(k, code, runs):
    return min(k.run(code)[0] for _ in range(runs)) * 1000


def verdict(value, target):
    return f"target < {target:g}  {'MET' if value < target else 'MISSED'}"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    ok = True

    print("== ready times (execute_request to execute_reply, one kernel)")
    go = Kernel("gofutures")
    try:
        dt, shown = go.run("//gofutures:compile\n" + GO_LOOP % {"p": "c_"})
        print(f"first compiled cell after `gofutures warm`   {dt:7.2f} s   {verdict(dt, 5)}")
        for s in shown:
            print(f"    {s}")
        ok = ok and dt < 5
        ready = []
        for i in range(args.runs + 2):
            dt, shown = go.run("//gofutures:compile\nfunc ready%d_%d(n int) int { return n + %d }" % (i, os.getpid(), i))
            ready.append(dt)
            print(f"    new compiled cell {i}: {dt:.2f} s  {' | '.join(shown)}")
        med = statistics.median(ready)
        print(f"new compiled cell, median of {len(ready)}             {med:7.2f} s   {verdict(med, 2)}")
        ok = ok and med < 2
        go.run("//gofutures:require github.com/dustin/go-humanize v1.0.1\nimport \"github.com/dustin/go-humanize\"")

        print("\n== loops: best of %d, execute_request to execute_reply, ms" % args.runs)
        go.run(GO_LOOP % {"p": "i_"})
        go.run(GO_FIB % {"p": "i_"})
        go.run("//gofutures:compile\n" + GO_FIB % {"p": "c_"})
        rows = [
            ("1e6-call loop", "i_loop()", "c_loop()", "loop()"),
            ("fib(27)", "i_fib(27)", "c_fib(27)", "fib(27)"),
        ]
        res = {}
        for name, gi, gc, py in rows:
            res[name] = [best(go, gi, args.runs), best(go, gc, args.runs)]
    finally:
        go.close()

    t0 = time.perf_counter()
    go2 = Kernel("gofutures")
    try:
        dt, _ = go2.run("//gofutures:require github.com/dustin/go-humanize v1.0.1\nimport \"github.com/dustin/go-humanize\"\nhumanize.Bytes(1)")
    finally:
        go2.close()

    py = Kernel("python3")
    try:
        py.run(PY_DEFS)
        for name, gi, gc, pyc in rows:
            res[name].append(best(py, pyc, args.runs))
    finally:
        py.close()

    print(f"{'':16} {'interpreted':>12} {'compiled':>10} {'ipykernel':>10}  {'interp/compiled':>15} {'ipykernel/compiled':>18}")
    for name, (i, c, p) in res.items():
        print(f"{name:16} {i:10.1f}ms {c:8.1f}ms {p:8.1f}ms  {i / c:15.1f} {p / c:18.1f}")
    loop_i, loop_c, _ = res["1e6-call loop"]
    print(f"compiled loop cell {loop_i / loop_c:.0f}x faster than interpreted (target >= 50, "
          f"{'MET' if loop_i / loop_c >= 50 else 'MISSED'}); times include the round trip")
    ok = ok and loop_i / loop_c >= 50
    print(f"\ncached module import in a new kernel         {dt * 1000:7.0f} ms  {verdict(dt * 1000, 300)}")
    ok = ok and dt < 0.3
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
