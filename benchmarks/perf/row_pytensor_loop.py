"""Row: PyTensor on a function with a Python loop over the elements of x, at n = 100 and 1000.

Run: PYTHONPATH=. .venv/bin/python benchmarks/perf/row_pytensor_loop.py
f(x) = sum_i (x[i+1] - x[i]^2)^2 written as a Python loop builds a graph of ~6 n operations.
Before: 97 s of setup at n = 100 (CVM's rewrites) and a RecursionError at n = 1000. Goal: a
clear row within the engine's time limit (compare's 20 s), never a RecursionError, the
recursion limit unchanged. The gradient is checked against the hand-derived one.
"""

from __future__ import annotations

import os
import sys
import time

sys.path[:0] = [os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))]

import numpy as np  # noqa: E402

import gradlab as gl  # noqa: E402
from benchmarks.perf.report import best_of, report  # noqa: E402

TIME_LIMIT_S = 20.0  # gl.compare's per-engine limit


def loop(x):
    s = 0.0
    for i in range(len(x) - 1):
        s += (x[i + 1] - x[i] ** 2) ** 2
    return s


def by_hand(x):
    r = x[1:] - x[:-1] ** 2
    g = np.zeros_like(x)
    g[:-1] += -4.0 * x[:-1] * r
    g[1:] += 2.0 * r
    return g


def one_size(n: int) -> None:
    import pytensor  # noqa: F401 (its import sets the recursion limit it wants)

    point = np.linspace(-1.3, 1.7, n)
    limit = sys.getrecursionlimit()
    start = time.perf_counter()
    try:
        g = gl.grad(loop, "pytensor")
        got = g(point)
        seconds = time.perf_counter() - start
        error = float(np.max(np.abs(got - by_hand(point)) / np.abs(by_hand(point))))
        call = best_of(lambda: g(point), rounds=3)
        outcome = f"answered ({call * 1e3:.1f} ms a call), max relative error {error:.0e}"
        clear = error <= 1e-14
    except gl.GradlabError as err:
        seconds = time.perf_counter() - start
        outcome, clear = f"refused: {str(err)[:110]}…", "RecursionError" not in str(err)
    unchanged = sys.getrecursionlimit() == limit
    report(f"pytensor, Python loop over elements, n = {n}",
           f"{outcome} in {seconds:.1f} s; recursion limit "
           f"{'unchanged' if unchanged else 'CHANGED'}",
           f"a clear row within {TIME_LIMIT_S:g} s, no RecursionError",
           clear and unchanged and seconds <= TIME_LIMIT_S,
           note="graphs whose rewrites would take seconds compile on Python's VM without "
                "rewrites; graphs too deep for pytensor.grad's recursion or estimated above "
                "10 s are refused, naming the fix (vectorise)")


def main() -> None:
    for n in (100, 1000):
        one_size(n)


if __name__ == "__main__":
    main()
