"""Row: one gradient of Rosenbrock at n = 10**4 by complex step, Richardson, numpy.gradient and
central differences, each against the loop of plain calls of f the method needs.

The loop is the physical limit for a black-box f: the same number of calls of f (complex ones
for complex step) at points moved one variable at a time in one reused array, and nothing
else. Counts: central 2n; numpy.gradient 4n + 1 (4 samples per variable and f(x)); Richardson
what its estimate reports (4n, then 4n more or a wider step for some variables); complex step
2n complex calls (steps h and 3h) plus the 4n of its check against central differences.
Each method and its loop are timed in alternating rounds, best of equal rounds.
Run from the repository root: PYTHONPATH=. python benchmarks/perf/row_per_call.py
"""

from __future__ import annotations

import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.dirname(__file__))
from report import interleaved, report  # noqa: E402

import gradlab as gl  # noqa: E402

N = 10_000
GOAL = 1.3
ROUNDS = 3


def plain_loop(f, x: np.ndarray, real_calls: int, complex_calls: int = 0) -> None:
    """``real_calls`` calls of f at x moved one entry at a time (cycling through the
    variables), then ``complex_calls`` at x + i h e_k: nothing but the calls."""
    point = x.copy()
    for c in range(real_calls):
        i = c % x.size
        point[i] = x[i] + 1e-5
        f(point)
        point[i] = x[i]
    complex_point = x.astype(complex)
    for c in range(complex_calls):
        i = c % x.size
        complex_point[i] = x[i] + 1e-20j
        f(complex_point)
        complex_point[i] = x[i]


def main() -> None:
    from scipy.optimize import rosen

    from gradlab.backends.finite_diff import FiniteDiff
    from gradlab.backends.numpy_gradient import NumpyGradient
    from gradlab.problem import make_problem

    x = np.linspace(-1.2, 1.0, N)
    richardson_calls = FiniteDiff().compile(make_problem(rosen, x), method="richardson"
                                            ).estimate(x).n_evals
    methods = {  # name: (engine spec, real calls, complex calls)
        "complex step": ("finite-diff:complex-step", 4 * N, 2 * N),
        "Richardson": ("finite-diff:richardson", richardson_calls, 0),
        "numpy": ("numpy", 4 * N + 1, 0),
        "central": ("finite-diff:central", 2 * N, 0),
    }
    assert NumpyGradient().compile(make_problem(rosen, x)).estimate(x).n_evals == 4 * N + 1
    for name, (spec, real_calls, complex_calls) in methods.items():
        g = gl.grad(rosen, spec)
        g(x)  # measures once: batches or calls
        best = interleaved({
            "gradlab": lambda g=g: g(x),
            "loop": lambda r=real_calls, c=complex_calls: plain_loop(rosen, x, r, c),
        }, ROUNDS)
        ratio = best["gradlab"] / best["loop"]
        calls = f"{real_calls} calls" + (f" + {complex_calls} complex" if complex_calls else "")
        report(f"{name} per call at n = 10⁴ vs the loop of its plain calls of f ({calls})",
               f"{ratio:.2f}× ({best['loop']:.2f} → {best['gradlab']:.2f} s)", f"≤ {GOAL}×",
               ratio <= GOAL)


if __name__ == "__main__":
    main()
