"""Numerical accuracy per cost on the smooth test set: gradlab Richardson vs scipy, numdifftools.

Run: .venv/bin/python benchmarks/bench_accuracy.py
Goal: max error <= 1e-12 with <= 10 evaluations per variable and <= 0.1x numdifftools' time.
"""

from __future__ import annotations

import os
import sys
import time

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from functions import FUNCTIONS

import gradlab as gl
from gradlab.compare import compile_for
from gradlab.problem import make_problem


def reference(f, x0):
    compiled, _, _ = compile_for("sympy", make_problem(f, x0))
    return compiled.reference(x0)


def rel(g, ref):
    return float(np.linalg.norm(np.ravel(g) - ref) / max(np.linalg.norm(ref), 1e-300))


def timed(fn, repeat=5):
    best = np.inf
    for _ in range(repeat):
        start = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - start)
    return out, best


def counting(f):
    calls = [0]

    def wrapped(x):
        calls[0] += 1 if np.ndim(x) == 1 else np.shape(x)[1]
        return f(x)
    return wrapped, calls


def run_gradlab(f, x0, method):
    g = gl.grad(f, f"finite-diff:{method}")
    g(x0)
    est = compile_for(f"finite-diff:{method}", make_problem(f, x0))[0].estimate(x0)
    out, t = timed(lambda: g(x0))
    return out, t, est.n_evals


def run_scipy(f, x0):
    from scipy.differentiate import jacobian

    def vf(x):  # scipy passes (n, ...) batches
        return np.apply_along_axis(f, 0, x) if np.ndim(x) > 1 else f(x)
    res, t = timed(lambda: jacobian(vf, x0), 3)
    return res.df, t, int(np.sum(res.nfev))


def run_numdifftools(f, x0):
    import numdifftools as nd

    wrapped, calls = counting(f)
    nd.Gradient(wrapped)(x0)
    evals = calls[0]
    out, t = timed(lambda: nd.Gradient(f)(x0), 3)
    return out, t, evals


def main() -> None:
    engines = {"gradlab richardson": lambda f, x: run_gradlab(f, x, "richardson"),
               "gradlab central": lambda f, x: run_gradlab(f, x, "central"),
               "scipy.differentiate": run_scipy, "numdifftools": run_numdifftools}
    stats = {name: {"err": [], "time": [], "evals": []} for name in engines}
    print(f"{'function':<20}" + "".join(f"{n:>22}" for n in engines))
    for name, f, x0, _ in FUNCTIONS:
        ref = reference(f, x0)
        cells = []
        for engine, run in engines.items():
            g, t, evals = run(f, x0)
            e = rel(g, ref)
            stats[engine]["err"].append(e)
            stats[engine]["time"].append(t)
            stats[engine]["evals"].append(evals / x0.size)
            cells.append(f"{e:9.1e} {t * 1e6:7.0f}µs {evals / x0.size:4.0f}")
        print(f"{name:<20}" + "".join(f"{c:>22}" for c in cells))
    print("\n(cells: normwise relative error vs sympy at 50 digits, best time, evals/variable)")
    nd_time = np.array(stats["numdifftools"]["time"])
    print(f"\n{'engine':<22}{'max error':>11}{'median err':>11}{'max ev/var':>11}"
          f"{'time / numdifftools (median, max)':>36}")
    for engine, s in stats.items():
        ratio = np.array(s["time"]) / nd_time
        print(f"{engine:<22}{max(s['err']):>11.1e}{np.median(s['err']):>11.1e}"
              f"{max(s['evals']):>11.0f}{np.median(ratio):>18.3f}{max(ratio):>18.3f}")


if __name__ == "__main__":
    main()
