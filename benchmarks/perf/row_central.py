"""Row: gl.grad(rosen, "finite-diff:central") vs scipy.optimize.approx_fprime, n = 10 .. 10**4.

Both are timed in alternating rounds (best of equal rounds). The physical limit at large n is
measured in the same run: a loop of the 2n plain calls of f central differences need (on one
reused buffer, nothing else) against approx_fprime's n + 1 calls.
Run from the repository root: PYTHONPATH=. python benchmarks/perf/row_central.py
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))
from report import interleaved, report  # noqa: E402

import gradlab as gl  # noqa: E402

GOALS = {10: 0.2, 100: 0.1, 1000: 0.8, 10_000: 1.3}
ROUNDS = {10: (7, 200), 100: (7, 50), 1000: (7, 3), 10_000: (3, 1)}  # rounds, calls per round


def plain_loop(f, x: np.ndarray) -> None:
    """The 2n calls of f at x +- h e_i, nothing else: central differences' physical limit."""
    h = np.finfo(float).eps ** (1 / 3) * np.maximum(1.0, np.abs(x))
    point = x.copy()
    for i in range(x.size):
        point[i] = x[i] + h[i]
        f(point)
        point[i] = x[i] - h[i]
        f(point)
        point[i] = x[i]


def main() -> None:
    from scipy.optimize import approx_fprime, rosen

    for n, goal in GOALS.items():
        x = np.linspace(-1.2, 1.0, n)
        g = gl.grad(rosen, "finite-diff:central")
        g(x)  # measures once: batches or calls
        rounds, number = ROUNDS[n]
        fns = {"gradlab": lambda g=g, x=x: g(x),
               "approx_fprime": lambda x=x: approx_fprime(x, rosen)}
        if n >= 1000:
            fns["loop of 2n calls"] = lambda x=x: plain_loop(rosen, x)
        best = interleaved(fns, rounds, number)
        ratio = best["gradlab"] / best["approx_fprime"]
        note = ""
        if "loop of 2n calls" in best:
            limit = best["loop of 2n calls"] / best["approx_fprime"]
            note = (f"limit: a loop of the 2n plain calls alone is {limit:.2f}× approx_fprime "
                    f"({best['loop of 2n calls'] * 1e3:.0f} ms); gradlab is "
                    f"{best['gradlab'] / best['loop of 2n calls']:.2f}× that loop")
        report(f"gl.grad(rosen, 'finite-diff:central') vs approx_fprime, n = {n}",
               f"{ratio:.2f}× ({best['approx_fprime'] * 1e3:.3g} → {best['gradlab'] * 1e3:.3g} ms)",
               f"≤ {goal}×", ratio <= goal, note)


if __name__ == "__main__":
    main()
