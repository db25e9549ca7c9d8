"""The loops of BenchmarkNativeLoop1e6 and BenchmarkNativeFib27 in CPython,
the language ipykernel runs, for comparison with compiled cells."""
import time


def sq(i):
    return i * i


def loop():
    s = 0
    for i in range(1000000):
        s += sq(i)
    return s


def fib(n):
    return n if n < 2 else fib(n - 1) + fib(n - 2)


def best(f, n=3):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        f()
        out.append(time.perf_counter() - t0)
    return min(out) * 1000


print(f"CPython (ipykernel's language): 1e6-call loop {best(loop):.1f} ms/loop, fib(27) {best(lambda: fib(27)):.1f} ms")
